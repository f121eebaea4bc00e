/** Committing exactly the files flagstore wrote, never whatever else happens to be staged. */
import { FlagstoreError } from '../core/errors.js';

/** What to commit and why. */
export interface CommitRequest {
  root: string;
  paths: string[];
  message: string;
}

/** Stages the given paths and commits only them; returns the new commit's hash. */
export async function commitPaths(request: CommitRequest): Promise<string> {
  const { simpleGit } = await import('simple-git');
  const repo = simpleGit({ baseDir: request.root });
  try {
    await repo.raw(['add', '--', ...request.paths]);
    await repo.raw(['commit', '--quiet', '-m', request.message, '--only', '--', ...request.paths]);
    return (await repo.revparse(['HEAD'])).trim();
  } catch (error) {
    const detail = error instanceof Error ? error.message.trim() : String(error);
    throw new FlagstoreError('git', `the flag file was written but git commit failed: ${detail}`, {
      fix: `git commit -- ${request.paths.join(' ')}`,
      details: { paths: request.paths },
    });
  }
}
