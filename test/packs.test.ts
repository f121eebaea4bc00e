/**
 * The pre-commit hook's batch of objects read in this process (src/git/objects-local.ts,
 * src/git/packs.ts) is git's own: every object of packed repositories, deltas of both kinds
 * among them, and the names the hook and `--commit` ask for, against `git cat-file --batch`; and where the
 * files are not plain (a version 1 pack index, a linked worktree, an object not there), git is
 * asked instead.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBatch, type BatchObject } from '../src/core/git-records.js';
import { localObjects } from '../src/git/objects-local.js';
import { applyDelta } from '../src/git/packs.js';
import { emptyRepo, git, tempDir } from './helpers.js';
import { oncePerFile } from './per-file.js';
import { copyRepo } from './template-copy.js';

function catFile(repo: string, names: string[]): Map<string, BatchObject> {
  const input = `${names.join('\n')}\n`;
  return parseBatch(names, execFileSync('git', ['cat-file', '--batch'], { cwd: repo, input }));
}

function allObjects(repo: string): string[] {
  const args = ['cat-file', '--batch-all-objects', '--batch-check=%(objectname)'];
  return git(repo, ...args)
    .split('\n')
    .filter((line) => line !== '');
}

function deltaCount(repo: string): number {
  const args = ['cat-file', '--batch-all-objects', '--batch-check=%(deltabase)'];
  return git(repo, ...args)
    .split('\n')
    .filter((base) => base !== '' && !/^0+$/.test(base)).length;
}

/**
 * A history of files that change a little each commit (so packs hold deltas), packed by gc: built
 * once per file, each call a copy of its own.
 */
async function packedRepo(): Promise<string> {
  return copyRepo(await oncePerFile('packed', () => Promise.resolve(buildPackedRepo())));
}

function buildPackedRepo(): string {
  const repo = emptyRepo();
  const lines = Array.from({ length: 400 }, (_, i) => `line ${i} ${'x'.repeat(i % 50)}`);
  for (let round = 0; round < 12; round++) {
    lines[round * 7] = `changed in round ${round}`;
    writeFileSync(join(repo, 'big.txt'), `${lines.join('\n')}\n`);
    writeFileSync(join(repo, 'bytes.bin'), Buffer.from(lines.join('').slice(round, round + 3000)));
    execFileSync('mkdir', ['-p', join(repo, 'flags', 'deep')]);
    writeFileSync(join(repo, 'flags', 'deep', `f${round}.md`), `flag ${round}\n`);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', `round ${round}`);
  }
  git(repo, 'branch', 'flagstore-ledger', 'HEAD~3');
  git(repo, 'repack', '-adfq', '--depth=50', '--window=50');
  git(repo, 'prune-packed');
  return repo;
}

const NAMES = [
  'HEAD^{commit}',
  'HEAD^{tree}',
  'HEAD:flags',
  'HEAD:flags/deep',
  'HEAD:flags/deep/f3.md',
  'HEAD:nothing',
  'HEAD:big.txt/below',
  'refs/heads/flagstore-ledger',
  'refs/heads/absent',
];

describe('objects read from packs in this process', () => {
  it('gives every object of a packed repository as git does, deltas too', async () => {
    const repo = await packedRepo();
    expect(deltaCount(repo)).toBeGreaterThan(20);
    const ids = allObjects(repo);
    const local = localObjects(repo, ids);
    expect(local).not.toBeNull();
    expect(local).toEqual(catFile(repo, ids));
  });

  it("answers the hook's names as git does, missing ones absent, on a branch and detached", async () => {
    const repo = await packedRepo();
    const onBranch = localObjects(repo, NAMES);
    expect(onBranch).toEqual(catFile(repo, NAMES));
    expect(onBranch?.has('HEAD:nothing')).toBe(false);
    git(repo, 'checkout', '-q', '--detach', 'HEAD~2');
    expect(localObjects(repo, NAMES)).toEqual(catFile(repo, NAMES));
  });

  it('answers an unborn branch as git does: no HEAD, no ledger', () => {
    const repo = tempDir();
    git(repo, 'init', '-q', '-b', 'main');
    const local = localObjects(repo, NAMES);
    expect(local).toEqual(new Map());
    expect(catFile(repo, NAMES)).toEqual(new Map());
  });

  it("answers a tree id's paths (the --commit LFS check's names) as git does; a commit's to git", async () => {
    const repo = await packedRepo();
    const tree = git(repo, 'rev-parse', 'HEAD~1^{tree}').trim();
    const paths = ['', 'flags', 'flags/deep/f3.md', 'flags/deep/f11.md', 'nothing', 'big.txt/x'];
    const names = paths.map((path) => `${tree}:${path}`);
    const local = localObjects(repo, names);
    expect(local).toEqual(catFile(repo, names));
    expect(local?.has(`${tree}:flags/deep/f11.md`)).toBe(false);
    expect(localObjects(repo, [`${tree}:flags/./deep`])).toBeNull();
    expect(localObjects(repo, [`${git(repo, 'rev-parse', 'HEAD').trim()}:flags`])).toBeNull();
  });

  it('leaves to git an object it does not have and a version 1 index; reads a linked worktree as git', async () => {
    const repo = await packedRepo();
    expect(localObjects(repo, ['0'.repeat(40)])).toBeNull();
    const worktree = join(tempDir(), 'wt');
    git(repo, 'worktree', 'add', '-q', worktree);
    // The linked worktree's own HEAD over the repository's packed objects, as git reads them.
    git(worktree, 'commit', '-q', '--allow-empty', '-m', 'worktree only');
    const names = ['HEAD^{commit}', 'HEAD^{tree}'];
    const here = localObjects(worktree, names);
    expect(here).not.toBeNull();
    expect([...here!.values()]).toEqual([...catFile(worktree, names).values()]);
    expect(here!.get('HEAD^{commit}')?.sha).not.toBe(
      localObjects(repo, names)?.get('HEAD^{commit}')?.sha,
    );
    const folder = join(repo, '.git', 'objects', 'pack');
    const pack = readdirSync(folder).find((name) => name.endsWith('.pack')) ?? '';
    const idx = join(folder, pack.replace(/\.pack$/, '.idx'));
    git(folder, 'index-pack', '--index-version=1', '-o', `${idx}.v1`, pack);
    renameSync(`${idx}.v1`, idx);
    expect(localObjects(repo, ['HEAD^{commit}'])).toBeNull();
    expect(catFile(repo, ['HEAD^{commit}']).size).toBe(1);
  });

  it('leaves to git a repository with replacement refs, which cat-file follows', async () => {
    const repo = await packedRepo();
    const other = git(repo, 'rev-parse', 'HEAD~1').trim();
    expect(localObjects(repo, ['HEAD^{commit}'])).not.toBeNull();
    git(repo, 'replace', git(repo, 'rev-parse', 'HEAD').trim(), other);
    expect(localObjects(repo, ['HEAD^{commit}'])).toBeNull();
    git(repo, 'pack-refs', '--all');
    expect(localObjects(repo, ['HEAD^{commit}'])).toBeNull();
  });

  it('refuses a delta that does not fit its base', () => {
    const base = Buffer.from('abcdef');
    // Source size 6, target size 3, copy offset 4 length 3: past the base's end.
    expect(applyDelta(base, Buffer.from([6, 3, 0x91, 4, 3]))).toBeNull();
    expect(applyDelta(base, Buffer.from([6, 3, 0x91, 2, 3]))?.toString()).toBe('cde');
    expect(applyDelta(base, Buffer.from([5, 3, 0x91, 2, 3]))).toBeNull();
    expect(applyDelta(base, Buffer.from([6, 3, 3, 120, 121, 122]))?.toString()).toBe('xyz');
  });
});
