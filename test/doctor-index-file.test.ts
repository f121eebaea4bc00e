/**
 * doctor's `index lock` check and `--commit` name the user's index through one function
 * (userIndex in src/git/index-lock.ts): a GIT_INDEX_FILE set as git reads it (a relative one from
 * the top of the work tree, wherever the command was started) is the index whose lock doctor looks
 * at, not `.git/index`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRepo } from './helpers.js';
import { doctorCheck } from './doctor-check.js';

const indexLock = (cwd: string, env: Record<string, string>) => doctorCheck(cwd, 'index lock', env);

describe("doctor's index lock under GIT_INDEX_FILE", () => {
  it('looks at the named index, relative to the top of the work tree, from a subfolder', async () => {
    const repo = await makeRepo();
    const since = new Date(Date.now() - 3 * 60_000).toISOString();
    const holder = { pid: 4242, host: 'build-7.example', since };
    const lock = join(repo, 'alt-index.lock');
    writeFileSync(lock, `${JSON.stringify({ flagstore: holder })}\n`);
    const env = { GIT_INDEX_FILE: 'alt-index' };
    const found = await indexLock(join(repo, 'flags'), env);
    expect(found?.ok).toBe(false);
    expect(found?.detail).toContain(`${lock}: held by flagstore, process 4242 on build-7.example`);
    expect((await indexLock(join(repo, 'flags'), {}))?.ok).toBe(true);
  });
});
