/**
 * Who holds a lock file open, on Linux: the processes of this PID namespace whose open files
 * (`/proc/<pid>/fd`) include it. A ref's lock file records no holder (git writes only the ref's
 * next value into it), but flagstore keeps its ledger ref lock open until it renames it into
 * place, so a live flagstore writer holding it is found; git closes its lock before the rename,
 * and another user's processes cannot be read: those are not found. Read only once a lock has
 * stood in a write's way, never on a write's ordinary path.
 */
import { readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { folderNames } from './folder-names.js';

/** A live process holding a lock file open, and whether it is stopped (SIGSTOP, Ctrl-Z). */
export interface LockOpener {
  pid: number;
  stopped: boolean;
}

const PROC = '/proc';

function opens(pid: string, target: string): boolean {
  const fds = join(PROC, pid, 'fd');
  return folderNames(fds).some((fd) => {
    try {
      return readlinkSync(join(fds, fd)) === target;
    } catch {
      return false;
    }
  });
}

/** A process's fields after its name in `/proc/<pid>/stat` (its state first), or null when gone. */
export function statFields(pid: string): string[] | null {
  try {
    const stat = readFileSync(join(PROC, pid, 'stat'), 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** True when a process's state (the first of its {@link statFields}) is stopped: T or t. */
export function stoppedState(state: string | undefined): boolean {
  return state === 'T' || state === 't';
}

/** The processes of this PID namespace other than this one, by pid. */
export function otherPids(): string[] {
  const self = String(process.pid);
  return folderNames(PROC).filter((p) => /^\d+$/.test(p) && p !== self);
}

/** The first other process found holding `path` open, or null (none, gone, or not Linux). */
export function lockOpener(path: string): LockOpener | null {
  if (process.platform !== 'linux') return null;
  let target: string;
  try {
    target = realpathSync(path);
  } catch {
    return null;
  }
  const pid = otherPids().find((p) => opens(p, target));
  return pid === undefined
    ? null
    : { pid: Number(pid), stopped: stoppedState(statFields(pid)?.[0]) };
}
