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
import { changedFiles } from './answer-key.js';
import { answerCodeStamp } from './code-stamp.js';
import type { FoundRepo, Places, StateKey } from './answer-key.js';
import { trace } from './answer-trace.js';
import { fileNameOf, writeEntry, type Entry } from './answer-store.js';

/** How long a hit waits for the watcher before it runs git instead (ms). */
const WAIT_MS = 150;

/** What a kept answer notes of the watcher. */
export interface WatchNote {
  token: string;
  /** The flags folder's changed files (`git diff-files`) in the kept state. */
  changed: string[];
}

/**
 * The watcher's token for the flags folder now, or null (no watcher, or none it can vouch for).
 * The request names this flagstore's code stamp (its version and its answer cache's files): a
 * watcher of other code (started before an upgrade or a rebuild, and still running the code
 * before it) answers `unknown`.
 */
export async function watchToken(repo: FoundRepo, places: Places): Promise<string | null> {
  const code = answerCodeStamp();
  if (code === null) return null;
  const folder = join(repo.root, places.flagsDir);
  const line = await askWatcher(repo.gitDir, `token ${code} ${folder}`, WAIT_MS);
  return line?.startsWith('ok ') === true ? line.slice(3) : null;
}

/** The changed files now: the kept ones when the watcher vouches for them, else git's. */
interface Look {
  changed: string[];
  /** A note to keep in place of the kept one (git ran after the watcher gave a token). */
  fresh: WatchNote | null;
  /** True when the kept list stands in for git's (the watcher vouched for it). */
  vouched: boolean;
}

/** Asks the watcher, then git if it does not vouch for the kept note. */
async function look(repo: FoundRepo, places: Places, note: WatchNote | undefined): Promise<Look> {
  const token = await watchToken(repo, places);
  if (token !== null && token === note?.token) {
    trace('watched');
    return { changed: note.changed, fresh: null, vouched: true };
  }
  const changed = await changedFiles(repo, places.flagsDir);
  return { changed, fresh: token === null ? null : { token, changed }, vouched: false };
}

/** A look-up's changed files, and what it learnt of the watcher. */
export interface FlagChanges {
  changed: Promise<string[]>;
  /** The note a hit should keep in place of the kept one, or null. */
  fresh: Promise<WatchNote | null>;
  /** True when `changed` is the kept list the watcher vouched for, not git's. */
  vouched: Promise<boolean>;
}

/**
 * The flags folder's changed files now, as `changedFiles` gives them (the promise marked as
 * handled: a key given up half way must leave no unhandled rejection), and the note a hit should
 * keep when the kept one no longer holds (a watcher started or restarted since, or one that
 * could not vouch then) while a watcher gave a token now.
 */
export function flagChanges(
  repo: FoundRepo,
  places: Places,
  note: WatchNote | undefined,
): FlagChanges {
  const looked = look(repo, places, note);
  const changed = looked.then((found) => found.changed);
  changed.catch(() => undefined);
  const settled = <T>(pick: (found: Look) => T, failed: T) => looked.then(pick, () => failed);
  return {
    changed,
    fresh: settled((found) => found.fresh, null),
    vouched: settled((found) => found.vouched, false),
  };
}

/** Keeps a hit's answer again with a fresh note (a failure leaves the answer as it was). */
export function renote(dir: string, entry: Entry, note: WatchNote): void {
  // writeEntry gives the file a stamp of its own, over the kept one.
  const header = entry.header;
  const body = { fd: entry.fd, start: entry.at, length: header.out + header.err };
  try {
    writeEntry(dir, fileNameOf(header.name), { header: { ...header, watch: note }, body: [body] });
    trace('renoted');
  } catch {
    trace('not renoted');
  }
}

/** What a kept answer notes of the watcher: its token (if any) and the key's changed files. */
export function watchNote(token: string | null, key: StateKey): WatchNote | undefined {
  return token === null ? undefined : { token, changed: key.changed };
}
