/**
 * The copy of a folder the tests' templates are copied with (repositories, clusters, catalogs).
 * `cpSync(from, to, { recursive: true })` does the same work at about twice the CPU: in Node 20
 * it is written in JavaScript and stats every source and destination file more than once
 * (makeRepo's template, 38 files, 300 copies three times over in a bare node process: 6.1-8.1 ms
 * a copy against 3.4-4.6 ms here, round suite37 in CONTRIBUTING.md). A few seconds of a run at
 * most: too little to show in a file's figures at the shared machine's noise.
 */
import {
  chmodSync,
  copyFileSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  symlinkSync,
} from 'node:fs';
import { join } from 'node:path';

/**
 * Copies the folder `from` into `to` (made if missing) as `cpSync` with `recursive` does: files
 * with their modes (`copyFileSync`), the folders it makes with theirs, symbolic links as links
 * (their target as written, so a relative link points into the copy); no times kept.
 */
export function copyTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  copyEntries(from, to);
}

function copyEntries(from: string, to: string): void {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const [source, target] = [join(from, entry.name), join(to, entry.name)];
    if (entry.isDirectory()) {
      mkdirSync(target);
      chmodSync(target, lstatSync(source).mode & 0o7777);
      copyEntries(source, target);
    } else if (entry.isSymbolicLink()) symlinkSync(readlinkSync(source), target);
    else if (entry.isFile()) copyFileSync(source, target);
    else throw new Error(`copyTree: ${source} is not a file, folder or link`);
  }
}
