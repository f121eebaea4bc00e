/** The answer cache tests' seeded repository, built once per test file and copied. */
import { seeded } from './answer-helpers.js';
import { oncePerFile } from './per-file.js';
import { copyRepo } from './template-copy.js';

/**
 * A repository as {@link seeded} makes it (committed hand-written flags), built once per test
 * file and copied: a copy refreshes its index's file stamps (one git process), where a new one
 * also writes four flag files and commits them (two more).
 */
export async function seededCopy(): Promise<string> {
  return copyRepo(await oncePerFile('answer-seeded', seeded));
}
