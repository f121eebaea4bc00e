/**
 * `doctor`'s checks of the lock files a killed or stopped writer leaves in the way: the user's
 * index lock (which `--commit` and every git command then refuse) and the ledger ref's.
 */
import { statSync } from 'node:fs';
import type { DoctorCheck } from '../gates/doctor.js';
import { commonDirOf } from '../git/discovery.js';
import { holderText, lockHolder, uncheckableFix, userIndex } from '../git/index-lock.js';
import { ledgerRef } from '../git/ledger.js';
import { ownerRuns } from '../git/process-alive.js';
import { STUCK_MS } from '../git/lock-watch.js';
import {
  holderFix,
  leftLockText,
  leftRefLock,
  refLockFix,
  refLockHolder,
} from '../git/ref-lock.js';
import { shellWord } from '../git/shell-word.js';
import type { Workspace } from './workspace.js';

/** A lock git took (no flagstore record): a commit in its hooks holds it minutes, a stuck one longer. */
function gitsLock(lock: string, mtimeMs: number, now: number): DoctorCheck {
  const detail = `${lock}: ${holderText(lock, null)}`;
  if (now - mtimeMs < STUCK_MS) {
    return { name: 'index lock', ok: true, detail: `${detail}, for now`, fix: null };
  }
  return {
    name: 'index lock',
    ok: false,
    detail: `${detail}, for over ${Math.round(STUCK_MS / 60_000)} minutes: git and --commit refuse to touch the index until it goes`,
    fix: `make sure no git process is running in this repository (an open commit editor, a stopped git: ps -ef | grep git), then remove it: rm ${shellWord(lock)}`,
  };
}

/**
 * The user's index lock: none, or one a live process holds (ok); one whose flagstore taker was
 * killed (removable), or whose flagstore taker runs on another host or in another PID namespace
 * (named, with where to look before removing it), or git's own standing for over ten minutes.
 */
export function indexLockCheck(ws: Workspace, now = Date.now()): DoctorCheck {
  const lock = `${userIndex(ws.root, ws.gitDir)}.lock`;
  const stat = statSync(lock, { throwIfNoEntry: false });
  if (stat === undefined) {
    return { name: 'index lock', ok: true, detail: 'no lock file in the way', fix: null };
  }
  const holder = lockHolder(lock);
  if (holder === null) return gitsLock(lock, stat.mtimeMs, now);
  const runs = ownerRuns(holder);
  const detail = `${lock}: ${holderText(lock, holder)}`;
  if (runs === true) return { name: 'index lock', ok: true, detail, fix: null };
  return {
    name: 'index lock',
    ok: false,
    detail: `${detail}; git and --commit refuse to touch the index until it goes`,
    fix:
      runs === false
        ? `nothing holds it (its process was killed): rm ${shellWord(lock)}`
        : uncheckableFix(lock, holder, 'run your git command again'),
  };
}

/**
 * The ledger ref's lock file standing in the way: every ledger write (and `sync`'s catch-up)
 * waits for it and then fails. One a live process holds (a stopped writer, a slow git) is named
 * as the writers' refusal names it, with resuming or waiting as the fix; one a killed writer
 * left, with its removal.
 */
export function ledgerLockCheck(ws: Workspace): DoctorCheck {
  const left = leftRefLock(commonDirOf(ws.gitDir), ledgerRef(ws.config.ledger.branch));
  if (left === null) {
    return { name: 'ledger lock', ok: true, detail: 'no lock file in the way', fix: null };
  }
  const holder = refLockHolder(left.path);
  return {
    name: 'ledger lock',
    ok: false,
    detail: leftLockText(left, holder),
    fix: holder === null ? refLockFix(left.path) : holderFix(holder),
  };
}
