import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cli, git } from './helpers.js';
import { flatLedgerPath, ledgerPath } from '../src/core/ledger-layout.js';
import { cluster, copyCluster, OLDER_FLAGSTORE_ENV, type Cluster } from './ledger-helpers.js';
import { oncePerFile } from './per-file.js';

interface LostLock {
  id: string;
  holder: string;
  winner: string | null;
  reason: string;
  at?: string;
  pushed?: boolean;
}

async function lostOnSync(repo: string): Promise<LostLock[]> {
  const res = await cli(repo, ['--json', 'sync']);
  expect(res.code, res.stderr).toBe(0);
  return res.json<{ lost_locks: LostLock[] }>().lost_locks;
}

async function completedAt(repo: string, id: string): Promise<string> {
  const res = await cli(repo, ['--json', 'show', id]);
  return res.json<{ flag: { completed_at: string } }>().flag.completed_at;
}

/** git as an older flagstore's ledger commits ran it (flagstore's identity). */
function olderGit(repo: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: repo,
    env: OLDER_FLAGSTORE_ENV,
    encoding: 'utf8',
  }).trim();
}

/** The remote's ledger written again as one root commit of its tree (its history squashed). */
function squashRemoteLedger(repo: string): void {
  const tree = git(repo, 'rev-parse', 'refs/heads/flagstore^{tree}').trim();
  const root = olderGit(repo, 'commit-tree', tree, '-m', 'flags: squashed');
  git(repo, 'update-ref', 'refs/heads/flagstore', root);
  git(repo, 'push', '-q', '-f', 'origin', 'flagstore');
}

/** Two synced clones; A's lock on the flag pushed, and B synced since. Built once, copied. */
async function pushedLock(): Promise<{ a: string; b: string; id: string }> {
  const { clones, id } = copyCluster(await oncePerFile('pushed-lock', buildPushedLock));
  const [a, b] = clones as [string, string];
  return { a, b, id };
}

async function buildPushedLock(): Promise<Cluster> {
  const built = await cluster(2);
  const [a, b] = built.clones as [string, string];
  for (const dir of [a, b]) expect((await cli(dir, ['sync'])).code).toBe(0);
  expect((await cli(a, ['lock', built.id, '--sync', '--by', '@a.one'])).code).toBe(0);
  expect((await cli(b, ['sync'])).code).toBe(0);
  return built;
}

describe('sync with a remote ledger that shares no commit with the local one', () => {
  it('a pushed lock the squashed remote holds, then completed there, is told as pushed', async () => {
    const { a, b, id } = await pushedLock();
    squashRemoteLedger(b);
    const done = await cli(b, ['complete', id, '--sync', '--force', '--by', '@b.two']);
    expect(done.code, done.stderr).toBe(0);
    const at = await completedAt(b, id);
    expect(await lostOnSync(a)).toEqual([
      { id, holder: '@a.one', winner: '@b.two', reason: 'completed', at, pushed: true },
    ]);
  }, 120_000);

  it('a lock taken before the clone ever synced is still told as never pushed', async () => {
    const { clones, id } = await cluster(2);
    const [a, b] = clones as [string, string];
    expect((await cli(b, ['lock', id, '--by', '@b.two'])).code).toBe(0);
    expect((await cli(a, ['complete', id, '--sync', '--by', '@a.one'])).code).toBe(0);
    expect(await lostOnSync(b)).toEqual([
      { id, holder: '@b.two', winner: '@a.one', reason: 'completed' },
    ]);
  }, 120_000);

  it("an older flagstore's merge that completed a pushed lock (a flat copy with no base)", async () => {
    const { a, b, id } = await pushedLock();
    const tip = git(b, 'rev-parse', 'flagstore').trim();
    expect((await cli(b, ['complete', id, '--force', '--by', '@b.two'])).code).toBe(0);
    const done = git(b, 'rev-parse', `flagstore:${ledgerPath('flags', id)}`).trim();
    const at = await completedAt(b, id);
    // Its merge commit adds the completed copy flat beside our fanned-out locked one.
    const side = olderGit(b, 'commit-tree', `${tip}^{tree}`, '-p', tip, '-m', 'older side');
    const env = { ...OLDER_FLAGSTORE_ENV, GIT_INDEX_FILE: `${b}/.git/older-index` };
    const run = (...args: string[]): string =>
      execFileSync('git', args, { cwd: b, env, encoding: 'utf8' }).trim();
    run('read-tree', tip);
    run('update-index', '--add', '--cacheinfo', `100644,${done},${flatLedgerPath('flags', id)}`);
    const merge = run('commit-tree', run('write-tree'), '-p', tip, '-p', side, '-m', 'older merge');
    git(b, 'push', '-q', '-f', 'origin', `${merge}:refs/heads/flagstore`);
    expect(await lostOnSync(a)).toEqual([
      { id, holder: '@a.one', winner: '@b.two', reason: 'completed', at, pushed: true },
    ]);
  }, 120_000);
});
