/** Where this flagstore installation lives, found from the running code (tsc output or bundle). */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let dir = start;
  while (dirname(dir) !== dir) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && /"name":\s*"flagstore"/.test(readFileSync(manifest, 'utf8')))
      return dir;
    dir = dirname(dir);
  }
  return join(start, '..', '..');
}

const HERE = fileURLToPath(import.meta.url);

/** The root folder of the flagstore package (holding bin/, dist/, hooks/). */
export const PACKAGE_ROOT = findRoot(dirname(HERE));

/** The CLI entry point of this installation: hooks and the merge driver run the same one. */
export const FLAGSTORE_BIN = join(PACKAGE_ROOT, 'bin', 'flagstore.js');

/**
 * A stamp of the running code: it changes whenever flagstore is rebuilt or upgraded, so caches
 * of parse results keyed by it never outlive the parsers that produced them.
 */
export function codeStamp(): string {
  if (stamp === undefined) {
    try {
      stamp = String(statSync(HERE).mtimeMs);
    } catch {
      stamp = 'unknown';
    }
  }
  return stamp;
}

/** The stamp, read once per process: the running code does not change under it. */
let stamp: string | undefined;
