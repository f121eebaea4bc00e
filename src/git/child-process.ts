/**
 * node's `child_process`, loaded on first use: it brings `net`, `dgram` and the stream modules
 * (6 to 10 ms of a process's start-up here), and a plain write (src/git/ref-files-write.ts)
 * starts no process at all. Modules on the write path take it from here instead of importing it.
 */
import type * as ChildProcess from 'node:child_process';
import { createRequire } from 'node:module';

let loaded: typeof ChildProcess | undefined;

/** The `node:child_process` module, loaded when first asked for. */
export function childProcess(): typeof ChildProcess {
  loaded ??= createRequire(import.meta.url)('node:child_process') as typeof ChildProcess;
  return loaded;
}
