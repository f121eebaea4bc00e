/** Slowing `--commit`'s own git processes down for tests, now that no user hook runs in them. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git } from './helpers.js';

/**
 * Makes the flags' clean filter the given shell command: it runs in each git process that
 * hashes a flag file (the commit's own `update-index`), which a test can hold or slow down.
 */
export function slowFilter(repo: string, command: string): void {
  git(repo, 'config', 'filter.slow.clean', command);
  writeFileSync(join(repo, '.git', 'info', 'attributes'), 'flags/*.md filter=slow\n');
}
