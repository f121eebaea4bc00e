/**
 * Whether a process exists, for the files a process names as its own (a hidden flag's backup,
 * a compile cache's temporary file, a commit's temporary index), and the sweep of those whose
 * process is gone: beside child-process.ts, the lowest layer that does I/O.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

let namespace: string | null | undefined;

/**
 * This process's PID namespace, as a holder record names it: the kernel's boot id and the
 * namespace's identity (`pid:[<inode>]`, from `/proc/self/ns/pid`), so a process id is checked
 * only where it means the same process: a container sharing the host name and the file system
 * but not the PID namespace, or the same host name on another machine, gives another value.
 * Null where Linux's `/proc` is not there to tell (another system: the host name decides).
 */
export function pidNamespace(): string | null {
  if (namespace === undefined) {
    try {
      const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
      namespace = `${boot}/${readlinkSync('/proc/self/ns/pid')}`;
    } catch {
      namespace = null;
    }
  }
  return namespace;
}

/** A process as a record of it names it: its id and, in records that say, where it ran. */
export interface ProcessOwner {
  pid: number;
  host?: string | undefined;
  /** Its PID namespace ({@link pidNamespace}); absent in older records and off Linux. */
  pidns?: string | undefined;
}

/** This process as a record names it (no namespace where `/proc` cannot tell it). */
export function thisProcess(): { pid: number; host: string; pidns?: string } {
  const pidns = pidNamespace();
  return { pid: process.pid, host: hostname(), ...(pidns === null ? {} : { pidns }) };
}

/**
 * This process's place (host and PID namespace) as a short tag for a file name, for files too
 * small or too early for a holder record (a half-made backup's folder): a name with another
 * tag, or none, is another place's, whose process id means nothing here.
 */
export function placeTag(): string {
  const { host, pidns } = thisProcess();
  return createHash('sha256')
    .update(`${host}\0${pidns ?? ''}`)
    .digest('hex')
    .slice(0, 12);
}

/** Where a recorded process runs, seen from here. */
export type OwnerPlace = 'here' | 'another host' | 'another PID namespace';

/**
 * Where a recorded process runs, seen from here: `here` (its id is this process's to look up),
 * `another host`, or `another PID namespace` (a container sharing this host's name and file
 * system, or this host name on another machine): an id that means nothing here. A record without
 * a host or a namespace (an older flagstore's, or off Linux) is judged by what it has.
 */
export function ownerPlace(owner: ProcessOwner): OwnerPlace {
  if (owner.host !== undefined && owner.host !== hostname()) return 'another host';
  if (owner.pidns !== undefined && owner.pidns !== pidNamespace()) return 'another PID namespace';
  return 'here';
}

/** Whether a recorded process runs: null (cannot be checked) where it is not {@link ownerPlace} here. */
export function ownerRuns(owner: ProcessOwner): boolean | null {
  return ownerPlace(owner) === 'here' ? processAlive(owner.pid) : null;
}

/**
 * True when a process of this id exists, ours to signal or not (signal 0 only asks: EPERM
 * says it exists, ESRCH that it does not).
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** What {@link removeOrphans} is told of an entry whose owner cannot be checked but is long gone. */
export const STALE = 'stale';

/**
 * Removes the entries of `folder` (files or folders) that `ownerOf` names a process for, when that
 * process no longer runs: what a writer killed before its rename left; and those it calls
 * {@link STALE} (an owner out of sight, far older than any live one). This process's own entries
 * and a live writer's stay; an unreadable folder or an entry already gone is no error. All
 * synchronous: the commit hook calls it on every commit, and `fs.promises` would load node's promise
 * file system and start libuv's thread pool for it (docs/performance.md, round perf28).
 */
export function removeOrphans(
  folder: string,
  ownerOf: (name: string) => number | typeof STALE | null,
): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = ownerOf(name);
    if (pid !== STALE && (pid === null || !orphanPid(pid))) continue;
    try {
      rmSync(join(folder, name), { recursive: true, force: true });
    } catch {
      // Not ours to remove: another user's file in a shared folder.
    }
  }
}

/** True when `pid` names another process of this namespace that no longer runs. */
function orphanPid(pid: number): boolean {
  return Number.isInteger(pid) && pid !== process.pid && !processAlive(pid);
}
