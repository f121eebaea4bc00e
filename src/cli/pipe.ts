import { readerGone } from './std-fd.js';

const onStdoutError = (error: NodeJS.ErrnoException): void => readerGone(1, error);

/**
 * A reader that stops early (`flagstore list | head`) is not an error: output for it is dropped
 * quietly, as writeStd drops it (src/cli/std-fd.ts). Installed once per process, however many
 * commands run in it.
 */
export function quietOnClosedPipe(): void {
  if (process.stdout.listeners('error').includes(onStdoutError)) return;
  process.stdout.on('error', onStdoutError);
}
