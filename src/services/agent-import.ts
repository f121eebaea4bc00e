/** `agents import`: copy (or link) external agent files into the catalog, idempotently. */
import { existsSync, promises as fs, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { FlagstoreError } from '../core/errors.js';
import { agentFileName } from '../catalog/agent.js';
import { parseAgentFile } from '../catalog/agent-file.js';
import { agentFileNames } from '../catalog/catalog-files.js';
import { createAtomic } from '../store/atomic.js';
import { shellWord } from '../git/shell-word.js';
import { agentsDir, forgetCatalog, searchDocs } from './agents.js';
import type { Workspace } from './workspace.js';

/** What an import did with each source file. */
export interface AgentImportReport {
  imported: { handle: string; file: string; from: string }[];
  unchanged: { handle: string; file: string }[];
  skipped: { from: string; reason: string }[];
}

/** How to import: copy the files (default) or link to them. */
export interface AgentImportOptions {
  link?: boolean;
}

/**
 * What to give instead of a missing path; a `~` the shell left alone (quoted) is named, the path
 * after it as a shell word (the suggested line is pasted into a shell).
 */
function missingFix(source: string): string {
  const tilde = /(^|[\\/])~([\\/].*)?$/.exec(source);
  if (tilde !== null) {
    const after = (tilde[2] ?? '').slice(1);
    const rest = after === '' ? '' : `/${shellWord(after)}`;
    return `a quoted ~ is not your home folder (only the shell expands it): write ~${rest} unquoted, or "$HOME"${rest}`;
  }
  return 'give a folder of agent files (like .claude/agents) or one agent .md file, from the current folder';
}

function sourceFiles(source: string): string[] {
  if (!existsSync(source)) {
    throw new FlagstoreError('not_found', `no such file or folder: ${source}`, {
      fix: missingFix(source),
      details: { path: source },
    });
  }
  if (!statSync(source).isDirectory()) return [source];
  return agentFileNames(source).map((name) => join(source, name));
}

function sameFile(target: string, text: string, from: string): boolean {
  if (!existsSync(target)) return false;
  return readFileSync(target, 'utf8') === text || resolve(target) === resolve(from);
}

async function place(from: string, target: string, options: AgentImportOptions): Promise<void> {
  if (options.link) await fs.symlink(resolve(from), target);
  else createAtomic(target, readFileSync(from, 'utf8'));
}

/** Imports every agent file of a folder (or one file); invalid and clashing files are skipped. */
export async function importAgents(
  ws: Workspace,
  source: string,
  options: AgentImportOptions = {},
): Promise<AgentImportReport> {
  const report: AgentImportReport = { imported: [], unchanged: [], skipped: [] };
  const dir = agentsDir(ws);
  await fs.mkdir(dir, { recursive: true });
  const known = new Map((await searchDocs(ws)).map((d) => [d.agent.handle, d.file]));
  for (const from of sourceFiles(source)) {
    const text = readFileSync(from, 'utf8');
    const parsed = parseAgentFile(text);
    if (parsed.agent === null) {
      const errors = parsed.problems.filter((p) => p.severity === 'error');
      report.skipped.push({ from, reason: `invalid: ${errors.map((p) => p.message).join('; ')}` });
      continue;
    }
    const handle = parsed.agent.handle;
    const file = known.get(handle) ?? relative(ws.root, join(dir, agentFileName(handle)));
    const target = join(ws.root, file);
    if (sameFile(target, text, from)) {
      report.unchanged.push({ handle, file });
    } else if (known.has(handle) || existsSync(target)) {
      report.skipped.push({
        from,
        reason: `${handle} is already in the catalog as ${file}, with other content`,
      });
    } else {
      await place(from, target, options);
      known.set(handle, file);
      report.imported.push({ handle, file, from: basename(from) });
    }
  }
  if (report.imported.length > 0) forgetCatalog(ws);
  return report;
}
