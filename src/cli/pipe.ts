/** Standard output closed by its reader: the end of a command, not a failure. */

/** Ends the process quietly: standard output's reader is gone, so the command is done. */
export function quitOnClosedPipe(): never {
  process.exit(0);
}

function onStdoutError(error: NodeJS.ErrnoException): void {
  if (error.code !== 'EPIPE') throw error;
  quitOnClosedPipe();
}

/**
 * A reader that stops early (`flagstore list | head`) is not an error: exit quietly. Installed
 * once per process, however many commands run in it.
 */
export function quietOnClosedPipe(): void {
  if (process.stdout.listeners('error').includes(onStdoutError)) return;
  process.stdout.on('error', onStdoutError);
}
