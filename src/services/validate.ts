/** Validating flag files written by hand: every problem, with file and line. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { FlagstoreError } from '../core/errors.js';
import { FLAG_FILE_NAME_PROBLEM, isFlagId } from '../core/ids.js';
import { countStep, withProgress } from '../core/progress.js';
import type { LocatedProblem } from '../store/flag-file.js';
import { readFlagFile } from '../store/flag-store.js';
import { catalogDirs } from './handle-check.js';
import { isAgentPath, validateAgentFile } from './validate-agents.js';
import { userPath, type Workspace } from './workspace.js';

/** The validation result of one file. */
export interface FileReport {
  path: string;
  valid: boolean;
  problems: LocatedProblem[];
}

function markdownFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => name.endsWith('.md') && !name.startsWith('.'))
    .sort()
    .map((name) => join(path, name));
}

function nameProblem(path: string, id: string | undefined): LocatedProblem[] {
  const stem = basename(path, '.md');
  if (!isFlagId(stem)) {
    return [{ ...FLAG_FILE_NAME_PROBLEM }];
  }
  if (id !== undefined && id !== stem) {
    return [
      {
        field: 'id',
        line: 2,
        severity: 'error',
        message: `id ${id} does not match the file name ${stem}.md`,
      },
    ];
  }
  return [];
}

function validateFile(ws: Workspace, path: string, ids: Map<string, string>): FileReport {
  const parsed = readFlagFile(path);
  const problems = [...parsed.problems, ...nameProblem(path, parsed.flag?.id)];
  const rel = relative(ws.root, path) || path;
  const id = parsed.flag?.id;
  if (id !== undefined) {
    const other = ids.get(id);
    if (other !== undefined)
      problems.push({
        field: 'id',
        line: 2,
        severity: 'error',
        message: `duplicate id: also used by ${other}`,
      });
    ids.set(id, rel);
  }
  return { path: rel, valid: !problems.some((p) => p.severity === 'error'), problems };
}

/**
 * Validates the given files or folders (default: the flags and the agents folders); files inside
 * the agents folder are checked as agent files, all others as flag files. Reports its progress
 * (100,000 flag files take half a minute).
 */
export function validateFiles(ws: Workspace, cwd: string, paths: string[]): FileReport[] {
  const defaults = [ws.flagsDir, ...catalogDirs(ws)];
  const targets = paths.length > 0 ? paths.map((p) => userPath(cwd, p)) : defaults;
  const files = targets.flatMap((target) => {
    if (!existsSync(target)) {
      if (paths.length === 0) return [];
      throw new FlagstoreError('not_found', `no such file or folder: ${target}`, {
        fix: 'flagstore validate',
        details: { path: target },
      });
    }
    return markdownFiles(target);
  });
  const ids = new Map<string, string>();
  const handles = new Map<string, string>();
  const run = { count: 0, of: files.length, progress: ws.progress };
  return withProgress(ws.progress, () =>
    files.flatMap((file) => {
      countStep(run, { doing: 'validating', unit: 'files' });
      if (isAgentPath(ws, file)) return [validateAgentFile(ws, file, handles)];
      return unlessGone(() => validateFile(ws, file, ids));
    }),
  );
}

/**
 * A file's report, or none when the file went between the listing and its read: another
 * process moved it (a second `validate --fix` naming it by its id), and it is read under its new
 * name or not at all.
 */
export function unlessGone<T>(read: () => T): T[] {
  try {
    return [read()];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
