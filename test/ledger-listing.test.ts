/**
 * The ledger's listing kept by tree id (src/sync/ledger-view.ts): a read after a write carries
 * the kept listing to the new tree by what changed between the two (`git diff-tree`), and is the
 * same as a full listing after a write by another process, another worktree, a hand-made commit
 * (as a `git pull` or `git update-ref` leaves it), and where the diff cannot tell (a flat file,
 * a tree git no longer has), which lists the tree in full.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, createFlag, git, makeRepo, spawnCli, tempDir } from './helpers.js';
import { commitLedger, plumbingCommit } from './ledger-helpers.js';
import { flatLedgerPath, ledgerPath } from '../src/core/ledger-layout.js';
import { readTip } from '../src/git/ledger-read.js';
import { readLedgerFolder } from '../src/git/ledger-tree.js';
import { updatedListing } from '../src/git/ledger-listing.js';
import { filesAt, type LedgerPlace } from '../src/sync/ledger-view.js';

const LEDGER = 'refs/heads/flagstore';

function placeOf(repo: string, gitDir = join(repo, '.git')): LedgerPlace {
  return { root: repo, ref: LEDGER, dir: 'flags', stateDir: join(gitDir, 'flagstore') };
}

/** The ledger's tip tree. */
function tipOf(repo: string) {
  const tip = readTip(repo, LEDGER);
  if (tip === null) throw new Error('no ledger');
  return tip;
}

/** A full listing of the ledger's tip, as git lists it. */
const fullListing = (repo: string) => readLedgerFolder(repo, { ...tipOf(repo), dir: 'flags' });

const blob = (repo: string, text: string): string =>
  execFileSync('git', ['hash-object', '-w', '--stdin'], {
    cwd: repo,
    input: text,
    encoding: 'utf8',
  }).trim();

/** A ledger of three flags, one locked, with its listing kept; the flags' ids. */
async function ledgerRepo(): Promise<{ repo: string; ids: string[] }> {
  const repo = await makeRepo();
  const ids: string[] = [];
  for (let i = 0; i < 3; i++)
    ids.push(await createFlag(repo, '@a.one', 'change', '--to', '@b.two'));
  expect((await cli(repo, ['lock', ids[0] as string, '--by', '@b.two'])).code).toBe(0);
  expect(filesAt(placeOf(repo), tipOf(repo))).toEqual(fullListing(repo));
  return { repo, ids };
}

/** A kept listing of a fanned-out flags folder, its files yet to be given. */
const keptOf = (repo: string, tree: string) => ({
  tree,
  commit: tipOf(repo).commit,
  dir: 'flags',
  fanned: true,
});

/** The kept listing's update to the tip, which must be made from the diff, not a full listing. */
function expectCarried(repo: string, kept: { tree: string; files: Map<string, string> }): void {
  const tip = tipOf(repo);
  const keptListing = { ...keptOf(repo, kept.tree), files: [...kept.files] };
  const updated = updatedListing(repo, { kept: keptListing, tree: tip.tree, dir: 'flags' });
  expect(updated?.files).toEqual([...fullListing(repo)]);
  expect(filesAt(placeOf(repo), tip)).toEqual(fullListing(repo));
}

describe('the ledger listing kept by tree id', () => {
  it('is carried to the next tree by a write of another process', async () => {
    const { repo, ids } = await ledgerRepo();
    const kept = { tree: tipOf(repo).tree, files: fullListing(repo) };
    expect((await spawnCli(repo, ['lock', ids[1] as string, '--by', '@b.two'])).code).toBe(0);
    expect(tipOf(repo).tree).not.toBe(kept.tree);
    expectCarried(repo, kept);
  });

  it('is carried past a hand-made commit that adds, changes and removes flag files', async () => {
    const { repo, ids } = await ledgerRepo();
    const kept = { tree: tipOf(repo).tree, files: fullListing(repo) };
    const [a, b] = ids as [string, string];
    // An id that sorts before every other, so an added file must be put in order.
    const first = '0000000000000000000000000Z';
    const text = git(repo, 'show', `${LEDGER}:${ledgerPath('flags', a)}`);
    commitLedger(repo, LEDGER, [
      `100644 ${blob(repo, text.replace(a, first))}\t${ledgerPath('flags', first)}`,
      `100644 ${blob(repo, `${text}\n`)}\t${ledgerPath('flags', a)}`,
      `0 ${'0'.repeat(40)}\t${ledgerPath('flags', b)}`,
    ]);
    expect(fullListing(repo).has(first)).toBe(true);
    expect(fullListing(repo).has(b)).toBe(false);
    expectCarried(repo, kept);
  });

  it('is carried past a write in another worktree of the repository', async () => {
    const { repo, ids } = await ledgerRepo();
    const kept = { tree: tipOf(repo).tree, files: fullListing(repo) };
    const other = join(tempDir(), 'other');
    git(repo, 'worktree', 'add', '-q', '--detach', other);
    expect((await cli(other, ['lock', ids[2] as string, '--by', '@b.two'])).code).toBe(0);
    expectCarried(repo, kept);
  });

  it('lists the tree in full where the diff cannot tell: a flat file, a tree git lacks', async () => {
    const { repo, ids } = await ledgerRepo();
    const kept = { ...keptOf(repo, tipOf(repo).tree), files: [...fullListing(repo)] };
    const id = ids[1] as string;
    const flat = blob(repo, git(repo, 'show', `${LEDGER}:${ledgerPath('flags', id)}`));
    commitLedger(repo, LEDGER, [`100644 ${flat}\t${flatLedgerPath('flags', id)}`]);
    const tree = tipOf(repo).tree;
    const at = { tree, dir: 'flags' };
    expect(updatedListing(repo, { ...at, kept })).toBeNull();
    const absent = { ...kept, tree: 'f'.repeat(40) };
    expect(updatedListing(repo, { ...at, kept: absent })).toBeNull();
    expect(updatedListing(repo, { ...at, kept: { ...kept, fanned: false } })).toBeNull();
    expect(filesAt(placeOf(repo), tipOf(repo))).toEqual(fullListing(repo));
  });
});

const commitOf = plumbingCommit;

describe('a kept listing of a folder holding a flag twice (flat and fanned out)', () => {
  it('is taken for the same commit only: the same tree with another history decides anew', async () => {
    const { repo, ids } = await ledgerRepo();
    const id = ids[1] as string;
    const [fanned, flat] = [ledgerPath('flags', id), flatLedgerPath('flags', id)];
    const pending = git(repo, 'rev-parse', `${LEDGER}:${fanned}`).trim();
    const done = blob(repo, `${git(repo, 'show', `${LEDGER}:${fanned}`)}\n`);
    const both = new Map([
      [fanned, pending],
      [flat, done],
    ]);
    // The flat copy is new over the tip: it stands.
    const changed = commitOf(repo, both, [git(repo, 'rev-parse', LEDGER).trim()]);
    expect(filesAt(placeOf(repo), changed).get(id)).toBe(done);
    // The same tree, reached otherwise: the flat copy was there and moved, so it is stale now.
    const old = commitOf(repo, new Map([[flat, done]]), []);
    const moved = commitOf(repo, new Map([[fanned, pending]]), [old.commit]);
    const stale = commitOf(repo, both, [moved.commit]);
    expect(stale.tree).toBe(changed.tree);
    expect(filesAt(placeOf(repo), stale).get(id)).toBe(pending);
    expect(filesAt(placeOf(repo), changed).get(id)).toBe(done);
  });

  it('is not taken for another flags folder', async () => {
    const { repo } = await ledgerRepo();
    const tip = tipOf(repo);
    expect(filesAt(placeOf(repo), tip).size).toBe(3);
    expect(filesAt({ ...placeOf(repo), dir: 'elsewhere' }, tip).size).toBe(0);
  });
});
