import { appendFileSync, chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FlagstoreError } from '../src/core/errors.js';
import { openWorkspace } from '../src/services/workspace.js';
import { syncFlags } from '../src/sync/sync.js';
import { lostLockLine, type LostLock as LostLockOf } from '../src/sync/lost-locks.js';
import { cli, createFlag, git } from './helpers.js';
import { flatLedgerPath, ledgerPath } from '../src/core/ledger-layout.js';
import { LEDGER_EMAIL } from '../src/git/ledger.js';
import {
  cluster,
  commitLedger,
  copyCluster,
  splitLockWithOther,
  type Cluster,
} from './ledger-helpers.js';
import { oncePerFile } from './per-file.js';

interface LostLock {
  id: string;
  holder: string;
  winner: string | null;
  reason: string;
}

async function lockedBy(repo: string, id: string): Promise<string | null> {
  const res = await cli(repo, ['--json', 'show', id]);
  return res.json<{ flag: { locked_by: string | null } }>().flag.locked_by;
}

/**
 * Two synced clones; B locks X locally (unpublished), then A locks X through the remote. Built
 * once in this file; each test gets a copy.
 */
async function splitLock(): Promise<{ a: string; b: string; id: string; bare: string }> {
  const { bare, clones, id } = copyCluster(await oncePerFile('split-lock', buildSplitLock));
  const [a, b] = clones as [string, string];
  return { a, b, id, bare };
}

/** Two clones that have both synced: a copy of one built once in this file. */
async function syncedPair(): Promise<Cluster> {
  return copyCluster(await oncePerFile('synced-pair', buildSyncedPair));
}

async function buildSyncedPair(): Promise<Cluster> {
  const built = await cluster(2);
  for (const dir of built.clones) expect((await cli(dir, ['sync'])).code).toBe(0);
  return built;
}

async function buildSplitLock(): Promise<Cluster> {
  const built = await syncedPair();
  const [a, b] = built.clones as [string, string];
  expect((await cli(b, ['lock', built.id, '--by', '@b.two'])).code).toBe(0);
  const granted = await cli(a, ['lock', built.id, '--sync', '--by', '@a.one']);
  expect(granted.code, granted.stderr).toBe(0);
  return built;
}

describe('a lock the remote published wins over a local lock never published', () => {
  it('sync gives X to the remote holder in both clones and tells B in JSON', async () => {
    const { a, b, id } = await splitLock();
    const res = await cli(b, ['--json', 'sync']);
    expect(res.code, res.stderr).toBe(0);
    expect(await lockedBy(b, id)).toBe('@a.one');
    const lost = res.json<{ lost_locks: LostLock[] }>().lost_locks;
    expect(lost).toEqual([{ id, holder: '@b.two', winner: '@a.one', reason: 'locked' }]);
    expect((await cli(a, ['sync'])).code).toBe(0);
    expect(await lockedBy(a, id)).toBe('@a.one');
    const again = await cli(b, ['--json', 'sync']);
    expect(again.json<{ lost_locks: LostLock[] }>().lost_locks).toEqual([]);
  }, 120_000);

  it('sync says in text that the local lock was lost, and to whom', async () => {
    const { b, id } = await splitLock();
    const res = await cli(b, ['sync']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain(`lost the lock on ${id}`);
    expect(res.stdout).toContain('@b.two');
    expect(res.stdout).toContain('@a.one');
  }, 120_000);

  it('a local completion never published still beats the remote lock (completion is final)', async () => {
    const { clones, id } = await syncedPair();
    const [a, b] = clones as [string, string];
    expect((await cli(b, ['lock', id, '--by', '@b.two'])).code).toBe(0);
    expect((await cli(b, ['complete', id, '--by', '@b.two'])).code).toBe(0);
    expect((await cli(a, ['lock', id, '--sync', '--by', '@a.one'])).code).toBe(0);
    const res = await cli(b, ['--json', 'sync']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.json<{ lost_locks: LostLock[] }>().lost_locks).toEqual([]);
    expect((await cli(a, ['sync'])).code).toBe(0);
    for (const dir of [a, b]) {
      const flag = (await cli(dir, ['--json', 'show', id])).json<{
        flag: { status: string; completed_by: string | null };
      }>().flag;
      expect(flag).toMatchObject({ status: 'completed', completed_by: '@b.two' });
    }
  }, 120_000);

  it('a remote completion beats a local lock never published, and sync says the lock is gone', async () => {
    const { a, b, id } = await splitLock();
    expect((await cli(a, ['complete', id, '--sync', '--by', '@a.one'])).code).toBe(0);
    const res = await cli(b, ['--json', 'sync']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.json<{ lost_locks: LostLock[] }>().lost_locks).toEqual([
      { id, holder: '@b.two', winner: '@a.one', reason: 'completed' },
    ]);
    expect(await lockedBy(b, id)).toBe(null);
  }, 120_000);
});

describe('a pushed lock that a completion from another clone ends (field trial 42)', () => {
  it("sync tells the holder's clone once, with who completed it and when", async () => {
    const { clones, id } = await syncedPair();
    const [a, b] = clones as [string, string];
    expect((await cli(a, ['lock', id, '--sync', '--by', '@a.one'])).code).toBe(0);
    const done = await cli(b, ['complete', id, '--sync', '--force', '--by', '@b.two']);
    expect(done.code, done.stderr).toBe(0);
    const at = (await cli(b, ['--json', 'show', id])).json<{ flag: { completed_at: string } }>()
      .flag.completed_at;
    const res = await cli(a, ['--json', 'sync']);
    expect(res.code, res.stderr).toBe(0);
    const lost = [
      { id, holder: '@a.one', winner: '@b.two', reason: 'completed', at, pushed: true },
    ];
    expect(res.json<{ lost_locks: LostLock[] }>().lost_locks).toEqual(lost);
    expect(lostLockLine(lost[0] as LostLockOf)).toBe(
      `@a.one lost the lock on ${id}: @b.two completed it at ${at} (a completion ends a lock, pushed or not; @a.one does not hold it)`,
    );
    const again = await cli(a, ['--json', 'sync']);
    expect(again.json<{ lost_locks: LostLock[] }>().lost_locks).toEqual([]);
  }, 120_000);

  it('found too where the local tip held a flat copy (both folders listed, not diffed)', async () => {
    const { clones, id } = await syncedPair();
    const [a, b] = clones as [string, string];
    const other = await createFlag(a, '@a.one', 'change', '--to', '@b.two');
    expect((await cli(a, ['lock', id, '--sync', '--by', '@a.one'])).code).toBe(0);
    // An older flagstore's flat copy of another flag in A's tip, which B's next write fans out:
    // the diff of the two folders cannot tell, so the catch-up lists both.
    const copy = git(a, 'rev-parse', `flagstore:${ledgerPath('flags', other)}`).trim();
    const flat = `100644 ${copy}\t${flatLedgerPath('flags', other)}`;
    // Committed as the ledger's identity: sync pushes no tip flagstore did not commit.
    const email = git(a, 'config', 'user.email').trim();
    git(a, 'config', 'user.email', LEDGER_EMAIL);
    commitLedger(a, 'refs/heads/flagstore', [flat]);
    git(a, 'config', 'user.email', email);
    expect((await cli(a, ['sync'])).code).toBe(0);
    const done = await cli(b, ['complete', id, '--sync', '--force', '--by', '@b.two']);
    expect(done.code, done.stderr).toBe(0);
    const res = await cli(a, ['--json', 'sync']);
    expect(res.code, res.stderr).toBe(0);
    const lost = res.json<{ lost_locks: LostLock[] }>().lost_locks;
    expect(lost.map((l) => [l.id, l.holder, l.winner, l.reason])).toEqual([
      [id, '@a.one', '@b.two', 'completed'],
    ]);
  }, 120_000);

  it('the holder completing it from another clone ends no lock of its own', async () => {
    const { clones, id } = await syncedPair();
    const [a, b] = clones as [string, string];
    expect((await cli(a, ['lock', id, '--sync', '--by', '@a.one'])).code).toBe(0);
    expect((await cli(b, ['complete', id, '--sync', '--by', '@a.one'])).code).toBe(0);
    const res = await cli(a, ['--json', 'sync']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.json<{ lost_locks: LostLock[] }>().lost_locks).toEqual([]);
  }, 120_000);
});

describe('a lock both clones gave the same holder is not lost', () => {
  it('sync lists no lost lock when the remote published the same holder', async () => {
    const { clones, id } = await syncedPair();
    const [a, b] = clones as [string, string];
    expect((await cli(b, ['lock', id, '--by', '@a.one'])).code).toBe(0);
    expect((await cli(a, ['lock', id, '--sync', '--by', '@a.one'])).code).toBe(0);
    const res = await cli(b, ['--json', 'sync']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.json<{ lost_locks: LostLock[] }>().lost_locks).toEqual([]);
    expect(await lockedBy(b, id)).toBe('@a.one');
  }, 120_000);
});

describe('a sync that fails after the merge', () => {
  it('still tells which local locks it lost (the next sync cannot)', async () => {
    const { b, id, bare } = await splitLock();
    const hook = join(bare, 'hooks', 'pre-receive');
    writeFileSync(hook, '#!/bin/sh\nexit 1\n');
    chmodSync(hook, 0o755);
    const failed = await syncFlags(await openWorkspace(b), { attempts: 1 }).catch(
      (e: unknown) => e,
    );
    expect(failed).toBeInstanceOf(FlagstoreError);
    expect((failed as FlagstoreError).details.lost_locks).toEqual([
      { id, holder: '@b.two', winner: '@a.one', reason: 'locked' },
    ]);
    expect((failed as FlagstoreError).message).toContain(
      `@b.two lost the lock on ${id}: @a.one locked it first on the remote`,
    );
  }, 120_000);
});

describe('a --sync write that catches up with the remote reports the locks it lost, as sync does', () => {
  it('lock --sync lists them in --json as lost_locks', async () => {
    const { b, id, other } = await splitLockWithOther();
    const res = await cli(b, ['--json', 'lock', other, '--sync', '--by', '@b.two']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.json<{ lost_locks: LostLock[] }>().lost_locks).toEqual([
      { id, holder: '@b.two', winner: '@a.one', reason: 'locked' },
    ]);
    expect(await lockedBy(b, id)).toBe('@a.one');
    const next = await cli(b, ['--json', 'complete', other, '--sync', '--by', '@b.two']);
    expect(next.json<{ lost_locks: LostLock[] }>().lost_locks).toEqual([]);
  }, 120_000);

  it('complete --sync says in text that the local lock was lost, and to whom', async () => {
    const { b, id, other } = await splitLockWithOther();
    const res = await cli(b, ['complete', other, '--sync', '--by', '@b.two']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain(
      `@b.two lost the lock on ${id}: @a.one locked it first on the remote`,
    );
  }, 120_000);
});

const ANSWER = 'The answer: the schema moved to v2, read the migration notes first.';

describe('reply under sync: auto reports the locks its catch-up lost', () => {
  it('lists them in --json as lost_locks', async () => {
    const { b, id, other } = await splitLockWithOther();
    appendFileSync(join(b, '.flagstore.yml'), 'sync: auto\n');
    const res = await cli(b, ['--json', 'reply', other, '--change', ANSWER, '--by', '@b.two']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.json<{ lost_locks: LostLock[] }>().lost_locks).toEqual([
      { id, holder: '@b.two', winner: '@a.one', reason: 'locked' },
    ]);
  }, 120_000);

  it('--sync to a question only the remote holds reports the lock lost by the fetch that found it', async () => {
    const { a, b, id } = await splitLockWithOther();
    const question = await createFlag(
      a,
      '@a.one',
      'information_request',
      '--to',
      '@b.two',
      '--sync',
    );
    const args = ['--json', 'reply', question, '--change', ANSWER, '--by', '@b.two', '--sync'];
    const res = await cli(b, args);
    expect(res.code, res.stderr).toBe(0);
    expect(res.json<{ lost_locks: LostLock[] }>().lost_locks).toEqual([
      { id, holder: '@b.two', winner: '@a.one', reason: 'locked' },
    ]);
  }, 120_000);

  it('says in text that the local lock was lost, and to whom', async () => {
    const { b, id, other } = await splitLockWithOther();
    appendFileSync(join(b, '.flagstore.yml'), 'sync: auto\n');
    const res = await cli(b, ['reply', other, '--change', ANSWER, '--by', '@b.two']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain(
      `@b.two lost the lock on ${id}: @a.one locked it first on the remote`,
    );
  }, 120_000);
});
