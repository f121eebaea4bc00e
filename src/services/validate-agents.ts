/** Validating agent files: front matter shape, handle, duplicates, and file-name agreement. */
import { readFileSync } from 'node:fs';
import { basename, relative, resolve, sep } from 'node:path';
import { agentFileName } from '../catalog/agent.js';
import { parseAgentFile } from '../catalog/agent-file.js';
import type { LocatedProblem } from '../store/flag-file.js';
import { lineOfKey } from '../store/frontmatter.js';
import { agentsDir } from './agents.js';
import type { Workspace } from './workspace.js';

/** True when a path lies inside the workspace's agents folder. */
export function isAgentPath(ws: Workspace, path: string): boolean {
  const dir = resolve(agentsDir(ws));
  const target = resolve(path);
  return target === dir || target.startsWith(dir + sep);
}

function fileNameProblem(path: string, handle: string): LocatedProblem[] {
  const expected = agentFileName(handle);
  if (basename(path) === expected) return [];
  return [
    {
      field: 'file',
      line: 1,
      severity: 'warning',
      message: `file name differs from the handle ${handle}: ${expected} is the usual name`,
    },
  ];
}

/** Validates one agent file; `handles` records handles seen so far, to report duplicates. */
export function validateAgentFile(
  ws: Workspace,
  path: string,
  handles: Map<string, string>,
): { path: string; valid: boolean; problems: LocatedProblem[] } {
  const text = readFileSync(path, 'utf8');
  const parsed = parseAgentFile(text);
  const rel = relative(ws.root, path) || path;
  const problems = [...parsed.problems];
  const handle = parsed.agent?.handle;
  if (handle !== undefined) {
    problems.push(...fileNameProblem(path, handle));
    const other = handles.get(handle);
    if (other !== undefined) {
      problems.push({
        field: 'name',
        line: lineOfKey(text, 'name'),
        severity: 'error',
        message: `duplicate handle ${handle}: also defined by ${other}`,
      });
    }
    handles.set(handle, rel);
  }
  return { path: rel, valid: !problems.some((p) => p.severity === 'error'), problems };
}
