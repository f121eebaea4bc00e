/** Where this flagstore installation lives, found from the running code (tsc output or bundle). */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's root folder and the text of its package.json (empty when none was found). */
function findRoot(start: string): { dir: string; manifest: string } {
  for (let dir = start; dirname(dir) !== dir; dir = dirname(dir)) {
    const path = join(dir, 'package.json');
    const manifest = existsSync(path) ? readFileSync(path, 'utf8') : '';
    if (/"name":\s*"flagstore"/.test(manifest)) return { dir, manifest };
  }
  return { dir: join(start, '..', '..'), manifest: '' };
}

const HERE = fileURLToPath(import.meta.url);
const ROOT = findRoot(dirname(HERE));

/** The root folder of the flagstore package (holding bin/, dist/, hooks/). */
export const PACKAGE_ROOT = ROOT.dir;

/** The version in flagstore's own package.json, so `--version` never disagrees with npm. */
export function packageVersion(): string {
  const parsed = ROOT.manifest === '' ? {} : (JSON.parse(ROOT.manifest) as { version?: string });
  return parsed.version ?? 'unknown';
}

/** The CLI entry point of this installation: hooks and the merge driver run the same one. */
export const FLAGSTORE_BIN = join(PACKAGE_ROOT, 'bin', 'flagstore.js');

/**
 * A stamp of the running code: it changes whenever flagstore is rebuilt or upgraded, so caches
 * of parse results keyed by it never outlive the parsers that produced them.
 */
export function codeStamp(): string {
  if (stamp === undefined) {
    try {
      // The version too: npm gives every installed file the same time, so an upgrade's new
      // parsers would otherwise inherit the old ones' caches. Not the size: every entry's bundle
      // holds this code, and all of them share the caches.
      stamp = `${statSync(HERE).mtimeMs}:${packageVersion()}`;
    } catch {
      stamp = 'unknown';
    }
  }
  return stamp;
}

/** The stamp, read once per process: the running code does not change under it. */
let stamp: string | undefined;
