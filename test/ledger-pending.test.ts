/** The ledger's word in the critical block (src/gates/ledger-pending.ts), and a stale lock on its ref. */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ledgerPath } from '../src/core/ledger-layout.js';
import { withLedgerState } from '../src/gates/ledger-pending.js';
import { readTip } from '../src/git/ledger-read.js';
import { loadConfig } from '../src/store/config.js';
import { cli, createArgs, createFlag, git, makeRepo, spawnCli } from './helpers.js';
import { commitLedger } from './ledger-helpers.js';

const LEDGER = 'refs/heads/flagstore';

/** A repository holding one critical flag from @a.one to @b.two. */
async function withCritical(): Promise<{ root: string; id: string }> {
  const root = await makeRepo();
  const args = ['security', '--impact', 'critical', '--to', '@b.two'];
  return { root, id: await createFlag(root, '@a.one', ...args) };
}

describe('the ledger view of the critical block', () => {
  it('reads the flags folder the config names now, not the one it cached', async () => {
    const { root, id } = await withCritical();
    const tip = readTip(root, 'refs/heads/flagstore');
    const repo = { root, gitDir: join(root, '.git'), config: loadConfig(root) };
    expect((await withLedgerState(repo, [], tip)).map((f) => f.id)).toEqual([id]);
    const moved = { ...repo, config: { ...repo.config, flags_dir: 'elsewhere' } };
    expect(await withLedgerState(moved, [], tip)).toEqual([]);
  });
});

describe('the ledger view after a write by another process', () => {
  it("is a full listing's: the kept listing carried to the new tip by what changed", async () => {
    const { root, id } = await withCritical();
    const critical = ['security', '--impact', 'critical', '--to', '@b.two'];
    const gone = await createFlag(root, '@a.one', ...critical);
    const repo = { root, gitDir: join(root, '.git'), config: loadConfig(root) };
    const pending = async () =>
      (await withLedgerState(repo, [], readTip(root, LEDGER))).map((f) => f.id).sort();
    expect(await pending()).toEqual([id, gone].sort());
    const listing = join(root, '.git', 'flagstore', 'cache', 'ledger', 'listing.json');
    expect(readFileSync(listing, 'utf8')).toContain(readTip(root, LEDGER)?.tree);
    // Another process completes one flag and creates another; a hand-made commit removes one.
    const by = ['--by', '@b.two'];
    expect((await spawnCli(root, ['complete', id, ...by, '--notes', 'done'])).code).toBe(0);
    const made = await spawnCli(root, ['--json', ...createArgs(...critical), '--by', '@a.one']);
    const added = made.json<{ flag: { id: string } }>().flag.id;
    commitLedger(root, LEDGER, [`0 ${'0'.repeat(40)}\t${ledgerPath('flags', gone)}`]);
    const carried = await pending();
    expect(carried).toEqual([added]);
    // The same tip listed in full, with nothing kept, gives the same flags.
    rmSync(listing);
    rmSync(join(root, '.git', 'flagstore', 'cache-ledger-gate.json'));
    expect(await pending()).toEqual(carried);
  });
});

describe('a lock file a killed process left on the ledger ref', () => {
  it('is named with the fix, instead of a minute of retries and "the ledger kept changing"', async () => {
    const root = await makeRepo();
    const id = await createFlag(root, '@a.one', 'change', '--to', '@b.two');
    const lock = join(root, '.git', 'refs', 'heads', 'flagstore.lock');
    writeFileSync(lock, '');
    const old = new Date(Date.now() - 120_000);
    utimesSync(lock, old, old);
    const res = await cli(root, ['lock', id, '--by', '@b.two']);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain(`the ledger's ref is locked: its lock file ${lock} has stood`);
    expect(res.stderr).toContain(`rm ${lock}`);
  });
});

describe('what the ledger view takes for a flag file', () => {
  it('is what the staged check takes: <id>.md only, so a copy under another name never blocks', async () => {
    const { root, id } = await withCritical();
    const tip = 'refs/heads/flagstore';
    const other = '01JD3ZQ8XKQ5V7W9Y2B4C6D8EF';
    const text = git(root, 'show', `${tip}:${ledgerPath('flags', id)}`).replaceAll(id, other);
    const done = await cli(root, ['complete', id, '--by', '@b.two']);
    expect(done.code, done.stderr).toBe(0);
    // The ledger's folder gains a pending flag under a name that is no flag id.
    const folder = git(root, 'ls-tree', `${tip}:flags`);
    const blob = execFileSync('git', ['hash-object', '-w', '--stdin'], { cwd: root, input: text });
    const listing = `${folder}100644 blob ${blob.toString().trim()}\tnotes.md\n`;
    const flags = execFileSync('git', ['mktree'], { cwd: root, input: listing }).toString().trim();
    const top = execFileSync('git', ['mktree'], {
      cwd: root,
      input: `040000 tree ${flags}\tflags\n`,
    });
    const tree = top.toString().trim();
    const commit = git(root, 'commit-tree', tree, '-p', tip, '-m', 'notes.md').trim();
    const repo = { root, gitDir: join(root, '.git'), config: loadConfig(root) };
    expect(await withLedgerState(repo, [], { commit, tree })).toEqual([]);
  });
});

describe('the flags folder in a gate run', () => {
  it('is listed from the index once, though both the staged flags and the ledger lookup read it', async () => {
    // A flag only the ledger holds (created, never staged): the ledger's lookup of completed
    // copies in the index runs, after the staged flags' read listed the folder.
    const root = await makeRepo();
    await createFlag(root, '@a.one', 'change', '--to', '@b.two');
    writeFileSync(join(root, 'work.ts'), 'export const x = 1;\n');
    git(root, 'add', 'work.ts');
    const trace = join(root, '.git', 'trace.txt');
    execFileSync('git', ['commit', '-q', '-m', 'work'], {
      cwd: root,
      env: { ...process.env, GIT_TRACE: trace },
    });
    const listings = readFileSync(trace, 'utf8')
      .split('\n')
      .filter((line) => /ls-files'? '?-s'? '?-z'? '?--'? '?flags'?$/.test(line.trim()));
    expect(listings).toHaveLength(1);
  });
});
