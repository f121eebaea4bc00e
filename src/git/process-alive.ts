/**
 * Whether a process exists, for the files a process names as its own (a hidden flag's backup,
 * a compile cache's temporary file): beside child-process.ts, the lowest layer that does I/O.
 */

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
