/**
 * `--commit` reads the flag file once (review finding): its second `git update-index`, which
 * records the file in the user's index, read it again, running clean filters a second time
 * while it held the index's lock, and a file changed in between was recorded as staged though
 * the commit held the earlier text. The index now records the commit's own entries.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitPaths } from '../src/git/commit.js';
import { slowFilter } from './commit-helpers.js';
import { git, makeRepo, tempDir } from './helpers.js';

describe('--commit reads the flag file once', () => {
  it('no clean filter runs for the flag while the user index is locked', async () => {
    const repo = await makeRepo();
    const log = join(tempDir(), 'locked');
    slowFilter(repo, `sh -c '[ -f .git/index.lock ] && echo "$0" >> ${log}; cat' %f`);
    writeFileSync(join(repo, 'flags', 'x.md'), 'a flag\n');
    const hash = await commitPaths({ root: repo, paths: ['flags/x.md'], message: 'm' });
    expect(git(repo, 'rev-parse', 'HEAD').trim()).toBe(hash);
    expect(existsSync(log) ? readFileSync(log, 'utf8') : '').not.toContain('flags/x.md');
    expect(git(repo, 'status', '--porcelain')).toBe('');
  });

  it('a file changed after the commit read it: the index holds what was committed', async () => {
    const repo = await makeRepo();
    const once = join(tempDir(), 'once');
    // Another writer changes the file right after the commit's first read of it.
    slowFilter(repo, `sh -c 'cat; [ -f ${once} ] || { touch ${once}; echo changed >> "$0"; }' %f`);
    writeFileSync(join(repo, 'flags', 'x.md'), 'a flag\n');
    await commitPaths({ root: repo, paths: ['flags/x.md'], message: 'm' });
    expect(git(repo, 'show', 'HEAD:flags/x.md')).toBe('a flag\n');
    expect(git(repo, 'diff', '--cached', '--name-only')).toBe('');
    expect(git(repo, 'status', '--porcelain')).toBe(' M flags/x.md\n');
  });

  it('a file the commit takes out leaves the index too', async () => {
    const repo = await makeRepo();
    writeFileSync(join(repo, 'flags', 'x.md'), 'a flag\n');
    await commitPaths({ root: repo, paths: ['flags/x.md'], message: 'add' });
    rmSync(join(repo, 'flags', 'x.md'));
    writeFileSync(join(repo, 'flags', 'y.md'), 'another\n');
    await commitPaths({ root: repo, paths: ['flags/x.md', 'flags/y.md'], message: 'swap' });
    expect(git(repo, 'show', '--name-status', '--format=', 'HEAD')).toBe(
      'D\tflags/x.md\nA\tflags/y.md\n',
    );
    expect(git(repo, 'status', '--porcelain')).toBe('');
  });
});
