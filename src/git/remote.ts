/** Talking to a remote: fetch, rebase, push. Names are checked before they reach git. */
import { FlagstoreError } from '../core/errors.js';
import { git, gitConfig, gitMessage } from './repo.js';

/** Where a branch syncs to: a configured remote and a branch on it. */
export interface Upstream {
  remote: string;
  branch: string;
  /** The local branch being synced. */
  local: string;
}

/** The current branch's upstream: its configured remote and branch, else origin and the same name. */
export async function upstreamOf(root: string, remoteOption?: string): Promise<Upstream> {
  let local: string;
  try {
    local = (await git(root, ['symbolic-ref', '--quiet', '--short', 'HEAD'])).trim();
  } catch {
    throw new FlagstoreError('usage', 'sync needs a branch, and HEAD is detached', {
      fix: 'git switch <branch>',
    });
  }
  const remotes = (await git(root, ['remote'])).split('\n').filter(Boolean);
  const configured = await gitConfig(root, `branch.${local}.remote`);
  const remote = remoteOption ?? configured ?? (remotes.includes('origin') ? 'origin' : remotes[0]);
  if (remote === undefined || !remotes.includes(remote)) {
    throw new FlagstoreError('usage', `no remote named ${remote ?? '(none)'} in this repository`, {
      fix: 'git remote add origin <url>',
      details: { remotes },
    });
  }
  const merge = await gitConfig(root, `branch.${local}.merge`);
  const branch = merge?.replace(/^refs\/heads\//, '') ?? local;
  return { remote, branch, local };
}

/** Fetches the upstream branch; true when it exists on the remote. */
export async function fetchUpstream(root: string, up: Upstream): Promise<boolean> {
  try {
    await git(root, ['fetch', '--quiet', up.remote]);
  } catch (error) {
    throw new FlagstoreError('git', `git fetch ${up.remote} failed: ${gitMessage(error)}`, {
      fix: `git fetch ${up.remote}`,
    });
  }
  try {
    await git(root, ['rev-parse', '--verify', '--quiet', `refs/remotes/${up.remote}/${up.branch}`]);
    return true;
  } catch {
    return false;
  }
}

/** Rebases local commits onto the fetched upstream (flag files merge with the flagstore driver). */
export async function rebaseOnto(root: string, up: Upstream): Promise<void> {
  const onto = `refs/remotes/${up.remote}/${up.branch}`;
  try {
    await git(root, ['-c', 'core.editor=true', 'rebase', '--quiet', '--autostash', onto]);
  } catch (error) {
    const detail = gitMessage(error);
    await git(root, ['rebase', '--abort']).catch(() => '');
    throw new FlagstoreError(
      'conflict',
      `your changes conflict with ${up.remote}/${up.branch}: ${detail}`,
      {
        fix: `git pull --rebase ${up.remote} ${up.branch}, resolve the conflict, then: flagstore sync`,
      },
    );
  }
}

/** Pushes HEAD to the upstream branch; false when the remote refused (someone pushed first). */
export async function pushHead(
  root: string,
  up: Upstream,
): Promise<{ ok: boolean; message: string }> {
  try {
    await git(root, ['push', '--quiet', up.remote, `HEAD:refs/heads/${up.branch}`]);
    return { ok: true, message: '' };
  } catch (error) {
    return { ok: false, message: gitMessage(error) };
  }
}

/** Drops the last commit but keeps the work tree (used when a push that decides a lock failed). */
export async function dropLastCommit(root: string): Promise<void> {
  await git(root, ['reset', '--quiet', '--keep', 'HEAD~1']);
}
