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

/** True when `/proc/<pid>/stat` says the process is stopped (state T or t). */
function isStopped(pid: string): boolean {
  try {
    const stat = readFileSync(join(PROC, pid, 'stat'), 'utf8');
    return /^[Tt]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false;
  }
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
  const self = String(process.pid);
  const pid = folderNames(PROC).find((p) => /^\d+$/.test(p) && p !== self && opens(p, target));
  return pid === undefined ? null : { pid: Number(pid), stopped: isStopped(pid) };
}
