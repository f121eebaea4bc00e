/** Standard output closed by its reader: the end of a command, not a failure. */

/** A reader that stops early (`flagstore list | head`) is not an error: exit quietly. */
export function quietOnClosedPipe(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
}
