/** Committing exactly the files flagstore wrote, never whatever else happens to be staged. */
import { setTimeout as sleep } from 'node:timers/promises';
import { FlagstoreError } from '../core/errors.js';

/** What to commit and why. */
export interface CommitRequest {
  root: string;
  paths: string[];
  message: string;
}

/** How long a commit keeps trying while other processes hold git's index or HEAD lock. */
const PATIENCE_MS = 45_000;

/** git refused because another process holds its index or a ref lock: worth another try. */
export function lockBusy(detail: string): boolean {
  return /index\.lock|\.lock': File exists|cannot lock ref|Unable to create .*\.lock|some local refs could not be updated/i.test(
    detail,
  );
}

/**
 * Stages the given paths and commits only them; returns the new commit's hash. While another
 * process holds git's index lock it waits and tries again; git itself never leaves a half-made
 * commit (the index and HEAD are each replaced atomically under their locks).
 */
export async function commitPaths(request: CommitRequest): Promise<string> {
  const { simpleGit } = await import('simple-git');
  const repo = simpleGit({ baseDir: request.root });
  let detail = '';
  const deadline = Date.now() + PATIENCE_MS;
  for (let attempt = 1; Date.now() < deadline; attempt++) {
    try {
      await repo.raw(['add', '--', ...request.paths]);
      await repo.raw([
        'commit',
        '--quiet',
        '-m',
        request.message,
        '--only',
        '--',
        ...request.paths,
      ]);
      return (await repo.raw(['log', '-1', '--format=%H', '--', ...request.paths])).trim();
    } catch (error) {
      detail = error instanceof Error ? error.message.trim() : String(error);
      // A racing writer can rewrite the index between our add and our commit: add again.
      if (!lockBusy(detail) && !/did not match any file/.test(detail)) break;
      await sleep(10 + Math.floor(Math.random() * Math.min(25 * attempt, 250)));
    }
  }
  throw new FlagstoreError('git', `the flag file was written but git commit failed: ${detail}`, {
    fix: lockBusy(detail)
      ? `another git process kept the index busy; retry: git commit -- ${request.paths.join(' ')}`
      : `git commit -- ${request.paths.join(' ')}`,
    details: { paths: request.paths },
  });
}
