/**
 * git-lfs (Debian `git-lfs`) tracking `*.md` by mistake: the lfs filter would commit flag and
 * agent files as pointers, and its `.gitattributes` line takes the merge driver away. flagstore
 * keeps the flags as text (the ledger holds text; the hook refuses a staged pointer, naming it
 * as one), and doctor says what is wrong and how to fix it. Skipped where git-lfs is missing.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, createArgs, git, makeRepo } from './helpers.js';
import { userState } from './user-state.js';

const hasLfs = spawnSync('git', ['lfs', 'version']).status === 0;

/** An initialised repository where git-lfs (set up in the repository only) tracks `*.md`. */
async function lfsRepo(): Promise<string> {
  const repo = await makeRepo();
  git(repo, 'lfs', 'install', '--local');
  git(repo, 'lfs', 'track', '*.md');
  git(repo, 'add', '.gitattributes');
  git(repo, 'commit', '-q', '--no-verify', '-m', 'track markdown with lfs');
  return repo;
}

async function createCommitted(repo: string): Promise<ReturnType<typeof cli>> {
  return cli(repo, [
    '--json',
    ...createArgs('change', '--to', '@api.web'),
    '--by',
    '@db.pg',
    '--commit',
  ]);
}

describe.skipIf(!hasLfs)('git-lfs tracking *.md', () => {
  it('never commits a flag as a pointer; the ledger and the file keep the text; doctor names it', async () => {
    const repo = await lfsRepo();
    const before = userState(repo);
    const res = await createCommitted(repo);
    expect(res.code).toBe(8);
    const error = res.json<{ error: { message: string; details: { path?: string } } }>().error;
    expect(error.message).toContain('a Git LFS pointer, not the file');
    expect(error.message).not.toContain('missing front matter');
    expect(userState(repo)).toEqual(before);
    const id = /flags\/(\w+)\.md/.exec(error.message)?.[1] ?? '';
    const ledger = 'refs/heads/flagstore';
    const stored = git(repo, 'ls-tree', '-r', '--name-only', ledger).trim().split('\n');
    const path = stored.find((p) => p.endsWith(`${id}.md`)) ?? '';
    expect(git(repo, 'show', `${ledger}:${path}`)).toMatch(/^---\nid: /);
    expect(readFileSync(join(repo, 'flags', `${id}.md`), 'utf8')).toMatch(/^---\nid: /);

    const doctor = await cli(repo, ['doctor']);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain('flags/*.md goes through the "lfs" filter');
    expect(doctor.stdout).toContain('a later .gitattributes line sets merge=lfs for flags/*.md');
  });

  it('with the lines doctor prints at the end of .gitattributes, flags commit as text', async () => {
    const repo = await lfsRepo();
    const doctor = await cli(repo, ['--json', 'doctor']);
    const fix =
      doctor
        .json<{ checks: { name: string; fix: string | null }[] }>()
        .checks.find((c) => c.name === 'attributes')?.fix ?? '';
    const lines = /end \.gitattributes with: (.+); then/.exec(fix)?.[1]?.split(' and ') ?? [];
    expect(lines.length).toBeGreaterThanOrEqual(2);
    appendFileSync(join(repo, '.gitattributes'), `${lines.join('\n')}\n`);
    git(repo, 'add', '.gitattributes');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'flags are text');
    expect((await cli(repo, ['doctor'])).code).toBe(0);
    const res = await createCommitted(repo);
    expect(res.code, res.stdout).toBe(0);
    const id = res.json<{ flag: { id: string } }>().flag.id;
    expect(git(repo, 'show', `HEAD:flags/${id}.md`)).toMatch(/^---\nid: /);
    expect(git(repo, 'lfs', 'ls-files')).toBe('');
  });
});
