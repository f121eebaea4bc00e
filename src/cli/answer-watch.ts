/**
 * The answer cache with a watcher of the flags folder (`flagstore watch`): a kept answer notes
 * the watcher's token, taken before its state key's `git diff-files` ran, and that command's
 * changed files. A hit asks the watcher for its token now; the same token proves that nothing
 * in the flags folder changed in between, so `git diff-files` would list the same files (the
 * index, whose identity is in the key, being the same too), and the kept list stands in for it.
 * Any other answer, or none within WAIT_MS, and the hit runs `git diff-files` as without a
 * watcher. See docs/performance.md.
 */
import { join } from 'node:path';
import { askWatcher } from '../store/watch-socket.js';
import { changedFiles, type FoundRepo, type Places, type StateKey } from './answer-key.js';
import { trace } from './answer-trace.js';

/** How long a hit waits for the watcher before it runs git instead (ms). */
const WAIT_MS = 150;

/** What a kept answer notes of the watcher. */
export interface WatchNote {
  token: string;
  /** The flags folder's changed files (`git diff-files`) in the kept state. */
  changed: string[];
}

/** The watcher's token for the flags folder now, or null (no watcher, or none it can vouch for). */
export async function watchToken(repo: FoundRepo, places: Places): Promise<string | null> {
  const folder = join(repo.root, places.flagsDir);
  const line = await askWatcher(repo.gitDir, `token ${folder}`, WAIT_MS);
  return line?.startsWith('ok ') === true ? line.slice(3) : null;
}

/** The kept changed files when the watcher vouches for them, else git's. */
async function vouched(repo: FoundRepo, places: Places, note: WatchNote): Promise<string[]> {
  if ((await watchToken(repo, places)) === note.token) {
    trace('watched');
    return note.changed;
  }
  return changedFiles(repo, places.flagsDir);
}

/**
 * The flags folder's changed files now, as `changedFiles` gives them (the promise marked as
 * handled: a key given up half way must leave no unhandled rejection).
 */
export function flagChanges(
  repo: FoundRepo,
  places: Places,
  note: WatchNote | undefined,
): Promise<string[]> {
  const changes =
    note === undefined ? changedFiles(repo, places.flagsDir) : vouched(repo, places, note);
  changes.catch(() => undefined);
  return changes;
}

/** What a kept answer notes of the watcher: its token (if any) and the key's changed files. */
export function watchNote(token: string | null, key: StateKey): WatchNote | undefined {
  return token === null ? undefined : { token, changed: key.changed };
}
