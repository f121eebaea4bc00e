/** Helpers of the ledger tests: a bare remote and clones of it, each on its own branch. */
import { join } from 'node:path';
import { expect } from 'vitest';
import { cli, createFlag, git, makeRepo, tempDir } from './helpers.js';

/** A bare remote (`git init --bare -b main`) and a fresh repository pushed to it as `origin`. */
export async function repoWithRemote(): Promise<{ bare: string; repo: string }> {
  const bare = join(tempDir(), 'remote.git');
  git(tempDir(), 'init', '-q', '--bare', '-b', 'main', bare);
  const repo = await makeRepo();
  git(repo, 'remote', 'add', 'origin', bare);
  git(repo, 'push', '-q', '-u', 'origin', 'main');
  return { bare, repo };
}

/** A clone of `bare` named `name`, with an identity, set up with `flagstore init`. */
export async function cloneOf(bare: string, name: string): Promise<string> {
  const dir = join(tempDir(), name);
  git(tempDir(), 'clone', '-q', bare, dir);
  git(dir, 'config', 'user.email', `${name}@example.com`);
  git(dir, 'config', 'user.name', name);
  git(dir, 'config', 'commit.gpgsign', 'false');
  expect((await cli(dir, ['init'])).code).toBe(0);
  return dir;
}

/**
 * A bare remote (`git init --bare -b main`) holding one committed flag, and `n` clones of it,
 * each on its own feature branch, set up with `flagstore init`.
 */
export async function cluster(n: number): Promise<{ bare: string; clones: string[]; id: string }> {
  const bare = join(tempDir(), 'remote.git');
  git(tempDir(), 'init', '-q', '--bare', '-b', 'main', bare);
  const seed = await makeRepo();
  const id = await createFlag(seed, '@a.one', 'change', '--to', '@clone.alpha');
  git(seed, 'add', '-A');
  git(seed, 'commit', '-q', '--no-verify', '-m', 'a flag');
  git(seed, 'remote', 'add', 'origin', bare);
  git(seed, 'push', '-q', '-u', 'origin', 'main');
  const clones: string[] = [];
  for (let i = 0; i < n; i++) {
    const dir = join(tempDir(), `clone-${i}`);
    git(tempDir(), 'clone', '-q', bare, dir);
    git(dir, 'config', 'user.email', `clone${i}@example.com`);
    git(dir, 'config', 'user.name', `Clone ${i}`);
    git(dir, 'config', 'commit.gpgsign', 'false');
    git(dir, 'switch', '-q', '-c', `feature-${i}`);
    expect((await cli(dir, ['init'])).code).toBe(0);
    clones.push(dir);
  }
  return { bare, clones, id };
}

/**
 * Two synced clones: B made and published flag `other`, then locked X (`id`) locally, never
 * published, while A locked X through the remote (B's next catch-up loses its lock).
 */
export async function splitLockWithOther(): Promise<{ b: string; id: string; other: string }> {
  const { clones, id } = await cluster(2);
  const [a, b] = clones as [string, string];
  for (const dir of [a, b]) expect((await cli(dir, ['sync'])).code).toBe(0);
  const other = await createFlag(b, '@b.two', 'change', '--to', '@clone.alpha', '--sync');
  expect((await cli(b, ['lock', id, '--by', '@b.two'])).code).toBe(0);
  const granted = await cli(a, ['lock', id, '--sync', '--by', '@a.one']);
  expect(granted.code, granted.stderr).toBe(0);
  return { b, id, other };
}
