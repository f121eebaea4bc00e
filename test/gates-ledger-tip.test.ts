/**
 * The pre-commit gate reads the ledger's tip commit once per run and keys what it caches of the
 * ledger by that commit: a ledger holding a flag twice (flat, written by an older flagstore, and
 * fanned out) is decided by the tip's history, which the same tree can have otherwise.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flatLedgerPath, ledgerPath } from '../src/core/ledger-layout.js';
import { cli, git, makeRepo, tempDir } from './helpers.js';
import { flag, gateBlocks } from './gate-helpers.js';
import { plumbingCommit } from './ledger-helpers.js';

const LEDGER = 'refs/heads/flagstore';
const FOR_B = { FLAGSTORE_AGENT: '@b.two' };

/** A commit of a tree holding exactly `paths` (path -> blob id), written with plumbing. */
function commitOf(repo: string, paths: Map<string, string>, parents: string[]): string {
  return plumbingCommit(repo, paths, parents).commit;
}

/**
 * A pending critical flag for @b.two in the ledger, and its completed text as a blob, with the
 * ledger moved back to the pending flag (as if an older flagstore completed it elsewhere).
 */
async function pendingAndCompleted(
  repo: string,
): Promise<{ id: string; pending: string; done: string }> {
  const id = await flag(repo, '@a.one', 'security', '--impact', 'critical', '--to', '@b.two');
  const before = git(repo, 'rev-parse', LEDGER).trim();
  const fanned = ledgerPath('flags', id);
  const pending = git(repo, 'rev-parse', `${LEDGER}:${fanned}`).trim();
  expect((await cli(repo, ['complete', id, '--by', '@b.two', '--notes', 'done'])).code).toBe(0);
  const done = git(repo, 'rev-parse', `${LEDGER}:${fanned}`).trim();
  git(repo, 'update-ref', LEDGER, before);
  return { id, pending, done };
}

describe("the gate's read of the ledger tip", () => {
  it('is once per run: no git command names the ledger ref, the history is read at the commit id', async () => {
    const repo = await makeRepo();
    const { id, pending, done } = await pendingAndCompleted(repo);
    const tip = git(repo, 'rev-parse', LEDGER).trim();
    const files = new Map([
      [ledgerPath('flags', id), pending],
      [flatLedgerPath('flags', id), done],
    ]);
    // An older flagstore completed the flag, flat: its change stands (the flag blocks no more).
    git(repo, 'update-ref', LEDGER, commitOf(repo, files, [tip]));
    const trace = join(tempDir(), 'trace');
    expect(gateBlocks(repo, { ...FOR_B, GIT_TRACE: trace })).toBe(false);
    const lines = readFileSync(trace, 'utf8').split('\n');
    expect(lines.filter((l) => l.includes(' --diff-filter=AD ')).length).toBe(1);
    // The ledger's name (full, or short as `flagstore^{tree}`) is on no command line.
    const named = (l: string): boolean => l.includes(LEDGER) || / flagstore([\^:~ ]|$)/.test(l);
    expect(lines.filter(named)).toEqual([]);
  });

  it('keys the cached ledger view and verdict by the commit: the same tree with another history decides anew', async () => {
    const repo = await makeRepo();
    const { id, pending, done } = await pendingAndCompleted(repo);
    const [fanned, flat] = [ledgerPath('flags', id), flatLedgerPath('flags', id)];
    const both = new Map([
      [fanned, pending],
      [flat, done],
    ]);
    const changed = commitOf(repo, both, [git(repo, 'rev-parse', LEDGER).trim()]);
    git(repo, 'update-ref', LEDGER, changed);
    expect(gateBlocks(repo, FOR_B)).toBe(false);
    // The same tree, reached otherwise: the flat copy was there and moved, so it is stale now.
    const old = commitOf(repo, new Map([[flat, done]]), []);
    const moved = commitOf(repo, new Map([[fanned, pending]]), [old]);
    const stale = commitOf(repo, both, [moved]);
    expect(git(repo, 'rev-parse', `${stale}^{tree}`)).toBe(
      git(repo, 'rev-parse', `${changed}^{tree}`),
    );
    git(repo, 'update-ref', LEDGER, stale);
    expect(gateBlocks(repo, FOR_B)).toBe(true);
  });

  it('without a ledger, in a linked worktree: one git run tells the ref is absent', async () => {
    const repo = await makeRepo();
    git(repo, 'commit', '-q', '--allow-empty', '-m', 'base');
    const tree = join(tempDir(), 'wt');
    git(repo, 'worktree', 'add', '-q', tree, '-b', 'feature');
    const trace = join(tempDir(), 'trace');
    expect(gateBlocks(tree, { GIT_TRACE: trace })).toBe(false);
    const runs = readFileSync(trace, 'utf8')
      .split('\n')
      .filter((l) => l.includes('trace: built-in: git '));
    expect(runs.filter((l) => l.includes(LEDGER))).toHaveLength(1);
    expect(runs.filter((l) => l.includes('--batch-check'))).toEqual([]);
  });
});
