/**
 * The stamp of the running code, read with node's built-ins only (the answer cache's hit): its
 * answers are kept under it, and a watcher of the flags folder vouches only for reads that name
 * the stamp it was started with (src/cli/answer-watch.ts, src/services/watch-daemon.ts).
 */
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { textIfAny } from '../git/ref-files.js';

/**
 * The running code: this file and hot.js beside it (which prints the answers), and the package's
 * version, since npm gives every installed file the same time and a new hot.js may keep its size.
 * Read once per process (the code does not change under it); a watcher vouches with it too.
 */
export function answerCodeStamp(): string | null {
  if (knownStamp === undefined) knownStamp = codeStampAt(HERE);
  return knownStamp;
}
let knownStamp: string | null | undefined;

/**
 * The stamp the answer cache installed beside this code has (answer.cjs, in the bundle's folder):
 * what a watcher started from this installation vouches with, so that a rebuilt or upgraded
 * flagstore's reads are never vouched for by a watcher running the code before it.
 */
export function installedCodeStamp(): string | null {
  return codeStampAt(join(dirname(HERE), 'answer.cjs'));
}

/** {@link answerCodeStamp} for the answer cache's code in `file`. */
function codeStampAt(file: string): string | null {
  const files = [file, join(dirname(file), 'hot.js')].map((path) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    return stat === undefined ? null : `${stat.mtimeMs}:${stat.size}`;
  });
  if (files.includes(null)) return null;
  const version = runningVersion();
  return version === null ? null : [...files, version].join(' ');
}

/** The running package's version (its package.json's), or null when unreadable; read once. */
function runningVersion(): string | null {
  if (knownVersion !== undefined) return knownVersion;
  const manifest = textIfAny(join(dirname(HERE), '..', '..', 'package.json')) ?? '';
  knownVersion = /"version":\s*"([^"]*)"/.exec(manifest)?.[1] ?? null;
  return knownVersion;
}
let knownVersion: string | null | undefined;
// import.meta.filename is __filename in the CommonJS bundle (no URL made; node 20.11 has it).
const HERE = import.meta.filename ?? fileURLToPath(import.meta.url);
