/**
 * Standard output closed by its reader (`flagstore list | head`): not a failure, and not the
 * end of the command either. Later output is dropped and the command runs to its end, so its
 * exit code stands: a gate that blocks a commit still exits 1 when `git commit ... | head` has
 * stopped reading before the verdict.
 */

let gone = false;

/** True once standard output's reader is gone; output for it is then dropped. */
export function stdoutGone(): boolean {
  return gone;
}

/** Records that standard output's reader is gone. */
export function markStdoutGone(): void {
  gone = true;
}

function onStdoutError(error: NodeJS.ErrnoException): void {
  if (error.code !== 'EPIPE' && !(gone && error.code === 'ERR_STREAM_DESTROYED')) throw error;
  gone = true;
}

/**
 * A reader that stops early is not an error: output for it is dropped quietly. Installed once
 * per process, however many commands run in it.
 */
export function quietOnClosedPipe(): void {
  if (process.stdout.listeners('error').includes(onStdoutError)) return;
  process.stdout.on('error', onStdoutError);
}
