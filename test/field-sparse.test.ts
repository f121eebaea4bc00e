/**
 * Sparse checkouts (`git sparse-checkout set`, cone mode): with the flags folder left out,
 * reads and ledger-only transitions work, and what needs the flag files (a new file, --commit,
 * check) refuses before writing anything, naming the command that brings the folder in. With
 * the flags folder in but `.flagstore/` out, doctor says that commits go unchecked.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, createArgs, createFlag, git, makeRepo } from './helpers.js';
import { copyOfOnce } from './template-copy.js';
import { userState } from './user-state.js';

/**
 * A repository with a committed flag and a `src/` folder (a copy of one built once in this
 * file), then made sparse on `folders`.
 */
async function sparseRepo(...folders: string[]): Promise<{ repo: string; id: string }> {
  const { repo, id } = await copyOfOnce('code-and-flag', buildCodeAndFlag);
  git(repo, 'sparse-checkout', 'set', '--cone', ...folders);
  return { repo, id };
}

async function buildCodeAndFlag(): Promise<{ repo: string; id: string }> {
  const repo = await makeRepo();
  mkdirSync(join(repo, 'src'));
  writeFileSync(join(repo, 'src', 'a.ts'), 'export const a = 1;\n');
  const id = await createFlag(repo, '@db.pg', 'change', '--to', '@api.web');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '--no-verify', '-m', 'code and a flag');
  return { repo, id };
}

const LEFT_OUT = 'needs the flags folder flags/, which this sparse checkout leaves out';
const FIX = 'fix: git sparse-checkout add flags .flagstore';

describe('a sparse checkout that leaves the flags folder out', () => {
  it('lists and locks from the ledger; create, --commit and check refuse with the fix', async () => {
    const { repo, id } = await sparseRepo('src');
    expect(existsSync(join(repo, 'flags'))).toBe(false);
    const before = userState(repo);
    const ledger = git(repo, 'rev-parse', 'refs/heads/flagstore');

    const list = await cli(repo, ['list']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('1 pending flag');
    for (const args of [
      [...createArgs('change', '--to', '@api.web'), '--by', '@db.pg'],
      ['lock', id, '--by', '@api.web', '--commit'],
      ['check'],
    ]) {
      const res = await cli(repo, args);
      expect(res.code, `${args[0]}: ${res.stderr}`).toBe(2);
      expect(res.stderr).toContain(LEFT_OUT);
      expect(res.stderr).toContain(FIX);
    }
    expect(git(repo, 'rev-parse', 'refs/heads/flagstore')).toBe(ledger);
    expect(existsSync(join(repo, 'flags'))).toBe(false);

    const lock = await cli(repo, ['lock', id, '--by', '@api.web']);
    expect(lock.code, lock.stderr).toBe(0);
    expect((await cli(repo, ['list'])).stdout).toContain('locked @api.web');
    const unlock = await cli(repo, ['unlock', id, '--by', '@api.web', '--commit']);
    expect(unlock.stderr).toContain(FIX);
    expect(existsSync(join(repo, 'flags'))).toBe(false);
    expect(userState(repo)).toEqual(before);
  });

  it('after the fix it prints, check passes and --commit commits the flag', async () => {
    const { repo, id } = await sparseRepo('src');
    git(repo, 'sparse-checkout', 'add', 'flags', '.flagstore');
    expect((await cli(repo, ['check'])).code).toBe(0);
    const lock = await cli(repo, ['lock', id, '--by', '@api.web', '--commit']);
    expect(lock.code, lock.stderr).toBe(0);
    expect(git(repo, 'show', `HEAD:flags/${id}.md`)).toContain('locked_by: "@api.web"');
  });
});

describe('a sparse checkout with the flags folder in and .flagstore/ out', () => {
  it('writes and commits flags; doctor says the hook script is left out and how to bring it in', async () => {
    const { repo, id } = await sparseRepo('src', 'flags', 'agents');
    const before = userState(repo);
    const lock = await cli(repo, ['lock', id, '--by', '@api.web', '--commit']);
    expect(lock.code, lock.stderr).toBe(0);
    const doctor = await cli(repo, ['doctor']);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain(
      '.flagstore/hooks/pre-commit is not in this sparse checkout: commits here are not checked',
    );
    expect(doctor.stdout).toContain('fix: git sparse-checkout add .flagstore');
    // --commit made one commit on the branch, of the flag only; nothing else moved.
    const after = userState(repo);
    expect([after.status, after.stash]).toEqual([before.status, before.stash]);
    expect(git(repo, 'rev-parse', 'HEAD~1')).toBe(before.head);
    expect(git(repo, 'diff', '--name-only', 'HEAD~1', 'HEAD')).toBe(`flags/${id}.md\n`);
    expect(git(repo, 'log', '-1', '--format=%s')).toContain(`flag ${id.slice(-10)}: lock`);
  });
});

describe('a checkout whose sparse checkout was disabled (git keeps the patterns file)', () => {
  it('is not called sparse: a missing flags folder is made again and doctor says the script is missing', async () => {
    const { repo } = await sparseRepo('src');
    git(repo, 'sparse-checkout', 'disable');
    rmSync(join(repo, 'flags'), { recursive: true });
    rmSync(join(repo, '.flagstore'), { recursive: true });
    const created = await cli(repo, [
      ...createArgs('change', '--to', '@api.web'),
      '--by',
      '@db.pg',
    ]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stderr).not.toContain('sparse');
    expect(existsSync(join(repo, 'flags'))).toBe(true);
    const doctor = await cli(repo, ['doctor']);
    expect(doctor.stdout).toContain('.flagstore/hooks/pre-commit is missing');
    expect(doctor.stdout).not.toContain('sparse');
  });
});
