/**
 * A test hook shared by the writers and `brief`: stop this process at a named point, to prove
 * a kill there safe, or to change the flags there.
 */
import { writeSync } from 'node:fs';

/** The points a test can stop a writer at, with what the process says when it stops. */
const POINTS = {
  COMMIT: 'committing',
  PUBLISH: 'publishing',
  TREE: 'the tree',
  SHOWN: 'reading the flags shown',
  HIDE: 'hiding unstaged edits',
  BACKUP: 'putting the backup in place',
  LISTEN: 'replacing the watcher socket',
  RENAME: 'renaming a temp file',
  LINK: 'linking a new file in place',
  TAKEOVER: "taking over a gone holder's start lock",
  MOVE: "moving the ledger's ref, its lock held",
} as const;

/**
 * Stops this process (SIGSTOP) once, the first time it reaches `point`, when
 * `FLAGSTORE_TEST_STALL_BEFORE_<point>` is 1: before `--commit` commits the flag file, before
 * the ledger writer publishes (a stalled writer is safe), before it makes a tree of the blobs it
 * wrote (one pruned meanwhile is written again), before `brief` reads whole the flags it shows
 * (one changed meanwhile shows where its content says), before the hook writes the staged
 * versions over the files it backed up (one the user saves meanwhile keeps that save), before
 * it puts its backup in place (one that lost a copy meanwhile is refused), before a watcher that
 * found none running takes the socket (a second watcher started meanwhile waits for it), before
 * a start moves aside a start lock whose holder is gone (one taken over meanwhile is put back),
 * before a written temp file is renamed over its file, or linked as a new one (one swept away
 * meanwhile, see removeStaleTemps), before the ledger's ref lock is renamed onto the ref (a
 * writer waiting on it names the holder).
 */
export function stallForTests(point: keyof typeof POINTS): void {
  const name = `FLAGSTORE_TEST_STALL_BEFORE_${point}`;
  if (process.env[name] !== '1') return;
  delete process.env[name];
  writeSync(2, `flagstore: stalled before ${POINTS[point]}\n`);
  process.kill(process.pid, 'SIGSTOP');
}
