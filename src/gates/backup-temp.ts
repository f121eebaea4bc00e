/**
 * The gate's half-made backups (`backup.<pid>.<place>.tmp` beside the backup's folder): named
 * after the process taking one and its place (host and PID namespace), and swept when that
 * process was killed while taking it.
 */
import { statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { placeTag, removeOrphans, STALE } from '../git/process-alive.js';

/**
 * How old a half-made backup of another place (another PID namespace or host, or an older
 * flagstore's untagged name) must be before it is taken for a killed run's: its process id
 * cannot be checked here, and taking a backup is a matter of seconds, so an hour spares any
 * live run (a removal would anyway be caught: the maker checks its copies once in place).
 */
export const FOREIGN_TEMP_MS = 3_600_000;

/** A half-made backup's name after `backup.`: `<pid>.<place tag>.tmp`, or an older `<pid>.tmp`. */
const TEMP = /^(\d+)(?:\.([0-9a-f]{12}))?\.tmp$/;

/** The name of this process's half-made backup beside `dir` (see {@link dropDeadTemps}). */
export function tempBackupDir(dir: string): string {
  return `${dir}.${process.pid}.${placeTag()}.tmp`;
}

/**
 * Removes the half-made backups (`backup.<pid>.<place>.tmp`) of runs killed while taking them:
 * nothing had been written over the working tree yet (that starts once the backup is renamed
 * into place), so they hold only copies. One made here goes once its process is gone; one of
 * another place (a container sharing the git dir, whose process ids mean nothing here) only
 * once untouched for {@link FOREIGN_TEMP_MS}.
 */
export function dropDeadTemps(dir: string): void {
  const prefix = `${basename(dir)}.`;
  const now = Date.now();
  removeOrphans(dirname(dir), (name) => {
    const temp = name.startsWith(prefix) ? TEMP.exec(name.slice(prefix.length)) : null;
    if (temp === null) return null;
    if (temp[2] === placeTag()) return Number(temp[1]);
    return now - touchedMs(join(dirname(dir), name)) >= FOREIGN_TEMP_MS ? STALE : null;
  });
}

/** When a half-made backup last changed: its folder's or its files folder's time, the newer. */
function touchedMs(temp: string): number {
  const times = [temp, join(temp, 'files')].map(
    (path) => statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0,
  );
  return Math.max(...times);
}
