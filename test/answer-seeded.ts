/** The answer cache tests' seeded repository, built once per test file and copied. */
import { cpSync } from 'node:fs';
import { seeded } from './answer-helpers.js';
import { git, tempDir } from './helpers.js';
import { oncePerFile } from './per-file.js';

/**
 * A repository as {@link seeded} makes it (committed hand-written flags), built once per test
 * file and copied: a copy refreshes its index's file stamps (one git process), where a new one
 * also writes four flag files and commits them (two more).
 */
export async function seededCopy(): Promise<string> {
  const template = await oncePerFile('answer-seeded', seeded);
  const dir = tempDir();
  cpSync(template, dir, { recursive: true });
  git(dir, 'update-index', '-q', '--refresh');
  return dir;
}
