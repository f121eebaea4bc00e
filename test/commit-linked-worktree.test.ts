/**
 * `--commit` in a linked worktree started ten git processes where the main worktree's starts
 * six: two `git var` for the identity, a `git rev-parse` for the git dir and HEAD, and a `git
 * cat-file --batch` for the blobs it had just written, because the in-process readers
 * (src/git/objects-local.ts, src/git/ref-settings.ts) took only a plain `.git` folder. They now
 * read a linked worktree's HEAD in its own git dir, the objects and refs in the repository's
 * common dir, and the identity from the config files git reads there; the commit must still be
 * that worktree's. The ledger write before it started eight more (a `rev-parse` to find the
 * repository, whose `.git` is a file, then `hash-object`, `ls-tree`, `read-tree`, `update-index`,
 * `write-tree`, `commit-tree` and `update-ref`): a linked worktree of a plain repository is now
 * found, and its ledger written (objects, ref and reflog in the common dir), in this process too,
 * as the main worktree's is (src/git/linked-store.ts). The compare-and-swap still names the tip
 * the write was built on.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ledgerPath } from '../src/core/ledger-layout.js';
import { counted } from './git-count.js';
import { cli, createFlag, git, makeRepo, tempDir } from './helpers.js';
import { slowerCompletion } from './stall-helpers.js';

const CREATE = ['create', 'change', '--change', 'x'.repeat(60), '--action', 'y'.repeat(120)];
const ARGS = [...CREATE, '--to', '@b.two', '--by', '@a.one', '--commit'];
/** The six the main worktree's `--commit` starts (test/git-processes.test.ts). */
const SIX = [
  'commit-tree',
  'read-tree',
  'update-index',
  'update-index',
  'update-ref',
  'write-tree',
];
/** The ledger write before the commit starts none, as in the main worktree. */
const EXPECTED = [...SIX].sort().join(' ');

/** A repository with one committed flag, and a linked worktree of it on a new branch `side`. */
async function withLinkedWorktree(): Promise<{ repo: string; id: string; linked: string }> {
  const repo = await makeRepo();
  const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two', '--commit');
  const linked = join(tempDir(), 'linked');
  git(repo, 'worktree', 'add', '-q', '-b', 'side', linked);
  return { repo, id, linked };
}

describe('--commit in a linked worktree', () => {
  it("starts the main worktree's six, and commits on that worktree's HEAD", async () => {
    const { repo, linked } = await withLinkedWorktree();
    git(linked, 'commit', '-q', '--allow-empty', '-m', 'side only');
    const [mainHead, sideHead] = [git(repo, 'rev-parse', 'HEAD'), git(linked, 'rev-parse', 'HEAD')];
    expect((await counted(linked, ARGS)).gits.join(' ')).toBe(EXPECTED);
    expect(git(linked, 'rev-parse', 'HEAD^')).toBe(sideHead);
    expect(git(linked, 'rev-parse', 'side')).toBe(git(linked, 'rev-parse', 'HEAD'));
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(mainHead);
    expect(git(linked, 'status', '--porcelain')).toBe('');
  });

  it('with packed refs and objects (git gc) and a detached HEAD: still read here, still right', async () => {
    const { repo, linked } = await withLinkedWorktree();
    git(linked, 'commit', '-q', '--allow-empty', '-m', 'side only');
    git(repo, 'gc', '-q');
    git(linked, 'checkout', '-q', '--detach');
    const [mainHead, detached] = [git(repo, 'rev-parse', 'HEAD'), git(linked, 'rev-parse', 'HEAD')];
    // The ledger's trees are packed now: git lists and builds them, as in the main worktree.
    const packed = ['ls-tree', 'read-tree', 'update-index', 'write-tree'];
    expect((await counted(linked, ARGS)).gits.join(' ')).toBe([...SIX, ...packed].sort().join(' '));
    expect(git(linked, 'rev-parse', 'HEAD^')).toBe(detached);
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(mainHead);
    expect(git(linked, 'status', '--porcelain')).toBe('');
  });
});

describe('a ledger write in a linked worktree', () => {
  it('starts no git process, as in the main worktree: the ledger and its reflog written here', async () => {
    const { repo, id, linked } = await withLinkedWorktree();
    const tip = git(repo, 'rev-parse', 'flagstore').trim();
    // Before: nine (the eight above and a cat-file for the flag's text).
    expect((await counted(linked, ['lock', id, '--by', '@b.two'])).gits).toEqual([]);
    expect(git(repo, 'show', `flagstore:${ledgerPath('flags', id)}`)).toContain('@b.two');
    expect(git(repo, 'rev-parse', 'flagstore^')).toBe(`${tip}\n`);
    expect(git(repo, 'reflog', '-1', '--format=%gs', 'flagstore')).toBe(
      'flagstore: ledger write\n',
    );
    expect(git(linked, 'rev-parse', '--absolute-git-dir').trim()).toMatch(/worktrees\/linked$/);
    expect(git(repo, 'fsck', '--no-dangling')).toBe('');
  });

  it("logs the move in that worktree's HEAD reflog too when its HEAD names the ledger, as git does", async () => {
    const { id, linked } = await withLinkedWorktree();
    // Its HEAD pointed at the ledger's branch (the work tree left as it is): git decides then.
    git(linked, 'symbolic-ref', 'HEAD', 'refs/heads/flagstore');
    expect((await cli(linked, ['lock', id, '--by', '@b.two'])).code).toBe(0);
    expect(git(linked, 'reflog', '-1', '--format=%gs', 'HEAD')).toBe('flagstore: ledger write\n');
  });

  it('swaps from the tip it was built on: a write that stalled while another landed decides again', async () => {
    const { repo, id, linked } = await withLinkedWorktree();
    const slow = await slowerCompletion({ id, slowCwd: linked, fastRepo: repo });
    expect(slow.code).toBe(6);
    expect(slow.stderr).toContain('already completed by @fast.agent');
    const ledger = git(repo, 'show', `flagstore:${ledgerPath('flags', id)}`);
    expect(ledger).toContain('@fast.agent');
    expect(ledger).not.toContain('slow');
  });
});
