/**
 * `--commit` during a bisect and on a detached HEAD. During a bisect the commit would land on the
 * commit under test, which `git bisect reset` leaves behind with the flag file in it: `--commit`
 * refuses before it writes anything. A detached HEAD alone (a CI checkout) commits as asked.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, createArgs, git, makeRepo } from './helpers.js';
import { commitCode, state } from './stopped-helpers.js';

describe('--commit during a bisect or on a detached HEAD', () => {
  it('create --commit during a bisect refuses; without --commit the flag is kept', async () => {
    const repo = await makeRepo();
    ['one', 'two', 'three'].forEach((text) => commitCode(repo, text));
    git(repo, 'bisect', 'start', 'HEAD', 'HEAD~2');
    const before = state(repo);
    const res = await cli(repo, ['--json', ...createArgs('change', '--by', '@a.one', '--commit')]);
    expect(res.code).toBe(8);
    const error = res.json<{ error: { message: string; fix: string } }>().error;
    expect(error.message).toContain('a bisect is in progress');
    expect(error.fix).toContain('git bisect reset');
    expect(error.fix).not.toContain('--abort');
    expect(state(repo)).toBe(before);
    const plain = await cli(repo, ['--json', ...createArgs('change', '--by', '@a.one')]);
    expect(plain.code).toBe(0);
    git(repo, 'bisect', 'reset');
    const id = plain.json<{ flag: { id: string } }>().flag.id;
    expect(existsSync(join(repo, 'flags', `${id}.md`))).toBe(true);
  });

  it('create --commit on a detached HEAD commits there', async () => {
    const repo = await makeRepo();
    commitCode(repo, 'one');
    git(repo, 'checkout', '-q', '--detach');
    const head = git(repo, 'rev-parse', 'HEAD').trim();
    const res = await cli(repo, [...createArgs('change', '--by', '@a.one', '--commit')]);
    expect(res.code, res.stderr).toBe(0);
    expect(git(repo, 'rev-parse', 'HEAD~1').trim()).toBe(head);
    expect(git(repo, 'branch', '--show-current').trim()).toBe('');
  });
});
