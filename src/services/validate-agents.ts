/** Validating agent files: front matter shape, handle, duplicates, and file-name agreement. */
import { readFileSync } from 'node:fs';
import { basename, relative, resolve, sep } from 'node:path';
import { agentFileName } from '../catalog/agent.js';
import { readAgentFile } from '../catalog/agent-file.js';
import type { LocatedProblem } from '../store/flag-file.js';
import { lineOfKey } from '../store/frontmatter.js';
import { catalogDirs } from './handle-check.js';
import type { Workspace } from './workspace.js';

/** True when a path lies inside one of the workspace's catalog folders. */
export function isAgentPath(ws: Workspace, path: string): boolean {
  const target = resolve(path);
  return catalogDirs(ws).some((d) => {
    const dir = resolve(d);
    return target === dir || target.startsWith(dir + sep);
  });
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
  const parsed = readAgentFile(path, ws.root);
  const rel = relative(ws.root, path) || path;
  const problems = [...parsed.problems];
  const handle = parsed.agent?.handle;
  if (handle !== undefined) {
    problems.push(...fileNameProblem(path, handle));
    const other = handles.get(handle);
    if (other !== undefined) {
      problems.push({
        field: 'name',
        line: lineOfKey(readFileSync(path, 'utf8'), 'name'),
        severity: 'error',
        message: `duplicate handle ${handle}: also defined by ${other}`,
      });
    }
    handles.set(handle, rel);
  }
  return { path: rel, valid: !problems.some((p) => p.severity === 'error'), problems };
}
