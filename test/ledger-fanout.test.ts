/**
 * The ledger's fan-out (src/core/ledger-layout.ts): a flat ledger, as flagstore wrote it before,
 * is read as it is and moved to the fan-out by its first write, also when writers race on it, in
 * a SHA-256 repository, with packed refs and objects, from a linked worktree, and across clones
 * where one is fanned out and the other flat.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, createFlag, emptyRepo, git, makeRepo, spawnCli, tempDir } from './helpers.js';
import { cluster, OLDER_FLAGSTORE_ENV } from './ledger-helpers.js';
import { flatLedgerPath, ledgerPath } from '../src/core/ledger-layout.js';

const LEDGER = 'refs/heads/flagstore';

/** The ledger's files: repository path -> blob id. */
function files(repo: string, ref = LEDGER): Map<string, string> {
  const out = git(repo, 'ls-tree', '-r', '-z', ref, '--', 'flags/');
  return new Map(
    out
      .split('\0')
      .filter(Boolean)
      .map((record) => {
        const [head = '', path = ''] = record.split('\t');
        return [path, head.split(' ')[2] as string];
      }),
  );
}

/** The flag ids of the ledger's files that sit flat in its flags folder. */
function flatIds(repo: string, ref = LEDGER): string[] {
  return [...files(repo, ref).keys()].flatMap((p) => /^flags\/([^/]+)\.md$/.exec(p)?.[1] ?? []);
}

/** Commits a tree of `lines` (index-info lines, over the tip's tree when `over`) on the ledger. */
function commitLedger(repo: string, lines: string[], over: boolean): void {
  const index = join(tempDir(), 'index');
  const env = { ...OLDER_FLAGSTORE_ENV, GIT_INDEX_FILE: index };
  const run = (args: string[], input?: string): string =>
    execFileSync('git', args, { cwd: repo, env, encoding: 'utf8', input }).trim();
  const tip = run(['rev-parse', LEDGER]);
  run(['read-tree', ...(over ? [tip] : ['--empty'])]);
  run(['update-index', '--add', '--index-info'], `${lines.join('\n')}\n`);
  const tree = run(['write-tree']);
  const commit = run(['commit-tree', tree, '-p', tip, '-m', 'flags: as an older flagstore']);
  run(['update-ref', LEDGER, commit, tip]);
}

/** Commits the ledger's files again, flat (as flagstore wrote ledgers before the fan-out). */
function flatten(repo: string): void {
  const lines = [...files(repo)].map(([path, oid]) => {
    const id = /([^/]+)\.md$/.exec(path)?.[1] as string;
    return `100644 ${oid}\t${flatLedgerPath('flags', id)}`;
  });
  commitLedger(repo, lines, false);
}

const shown = async (dir: string, id: string) =>
  (await cli(dir, ['--json', 'show', id])).json<{ flag: { status: string; locked_by: string } }>()
    .flag;

/** The kinds of change `log` lists for a flag. */
const history = async (dir: string, id: string): Promise<string[]> =>
  (await cli(dir, ['--json', 'log', id]))
    .json<{ entries: { change: { kind: string } }[] }>()
    .entries.map((e) => e.change.kind);

describe('a flat ledger', () => {
  it('is read as it is, and its first write moves every file to the fan-out in one commit', async () => {
    const repo = await makeRepo();
    const [a, b, c] = [
      await createFlag(repo, '@a.one', 'change', '--to', '@b.two'),
      await createFlag(repo, '@a.one', 'change', '--to', '@b.two'),
      await createFlag(repo, '@a.one', 'change', '--to', '@b.two'),
    ] as [string, string, string];
    expect((await cli(repo, ['lock', a, '--by', '@b.two'])).code).toBe(0);
    // c is in the ledger only (as if created in another worktree).
    rmSync(join(repo, 'flags', `${c}.md`));
    const logged = await history(repo, a);
    expect(logged.filter((kind) => kind === 'locked')).toHaveLength(1);
    flatten(repo);
    expect(await history(repo, a)).toEqual(logged);
    const before = files(repo);
    expect(flatIds(repo).sort()).toEqual([a, b, c].sort());
    expect((await shown(repo, a)).locked_by).toMatch(/^@b\.two/);
    const listed = (await cli(repo, ['--json', 'list', '--for', '@b.two']))
      .json<{ flags: { id: string }[] }>()
      .flags.map((f) => f.id);
    expect(listed.sort()).toEqual([a, b, c].sort());
    const commits = Number(git(repo, 'rev-list', '--count', LEDGER).trim());
    // A write that changes nothing (the holder locks again) makes no commit and moves nothing.
    const again = await cli(repo, ['lock', a, '--by', '@b.two']);
    expect(again.code, again.stderr).toBe(0);
    expect(Number(git(repo, 'rev-list', '--count', LEDGER).trim())).toBe(commits);
    expect(flatIds(repo).sort()).toEqual([a, b, c].sort());

    const locked = await spawnCli(repo, ['lock', b, '--by', '@b.two']);
    expect(locked.code, locked.stderr).toBe(0);
    expect(flatIds(repo)).toEqual([]);
    const after = files(repo);
    expect([...after.keys()].sort()).toEqual([a, b, c].map((id) => ledgerPath('flags', id)).sort());
    for (const id of [a, c]) {
      expect(after.get(ledgerPath('flags', id))).toBe(before.get(flatLedgerPath('flags', id)));
    }
    expect(Number(git(repo, 'rev-list', '--count', LEDGER).trim())).toBe(commits + 1);
    expect((await shown(repo, b)).locked_by).toMatch(/^@b\.two/);
    expect((await shown(repo, c)).status).toBe('pending');
    // The history reads through both layouts: moving the file is no transition.
    expect(await history(repo, a)).toEqual(logged);
    git(repo, 'fsck', '--strict');
  });

  it('moves once while writers race on it (real processes): every write lands, all fanned out', async () => {
    const repo = await makeRepo();
    const ids: string[] = [];
    for (let i = 0; i < 6; i++)
      ids.push(await createFlag(repo, '@a.one', 'change', '--to', '@b.two'));
    flatten(repo);
    const commits = Number(git(repo, 'rev-list', '--count', LEDGER).trim());
    const runs = await Promise.all(ids.map((id) => spawnCli(repo, ['lock', id, '--by', '@b.two'])));
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    expect(flatIds(repo)).toEqual([]);
    expect(Number(git(repo, 'rev-list', '--count', LEDGER).trim())).toBe(commits + ids.length);
    for (const id of ids) {
      expect(git(repo, 'show', `flagstore:${ledgerPath('flags', id)}`)).toMatch(
        /^locked_by: "?@b\.two/m,
      );
    }
    git(repo, 'fsck', '--strict');
  });

  it('in a SHA-256 repository (git writes the trees)', async () => {
    const repo = emptyRepo(tempDir(), ['--object-format=sha256']);
    expect((await cli(repo, ['init'])).code).toBe(0);
    const a = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const b = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    flatten(repo);
    expect((await cli(repo, ['lock', a, '--by', '@b.two'])).code).toBe(0);
    expect(flatIds(repo)).toEqual([]);
    expect([...files(repo).keys()].sort()).toEqual(
      [a, b].map((id) => ledgerPath('flags', id)).sort(),
    );
    expect((await shown(repo, b)).status).toBe('pending');
    git(repo, 'fsck', '--strict');
  });

  it('with packed refs and objects, written from a linked worktree', async () => {
    const repo = await makeRepo();
    const a = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const b = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'flags');
    flatten(repo);
    git(repo, 'gc', '-q', '--prune=now');
    git(repo, 'pack-refs', '--all');
    const linked = join(tempDir(), 'linked');
    git(repo, 'worktree', 'add', '-q', '-b', 'feature', linked);
    const locked = await spawnCli(linked, ['lock', a, '--by', '@b.two']);
    expect(locked.code, locked.stderr).toBe(0);
    expect(flatIds(repo)).toEqual([]);
    expect((await shown(repo, a)).locked_by).toMatch(/^@b\.two/);
    expect((await shown(linked, b)).status).toBe('pending');
    git(repo, 'fsck', '--strict');
  });
});

describe('a fanned-out clone and a flat one', () => {
  it('sync and merge: each sees the other, and the merged ledger is fanned out', async () => {
    const { bare, clones, id } = await cluster(2);
    const [one, two] = clones as [string, string];
    const other = await createFlag(one, '@a.one', 'change', '--to', '@clone.beta');
    expect((await cli(one, ['sync'])).code).toBe(0);
    expect((await cli(two, ['sync'])).code).toBe(0);
    // Both clones hold a flat ledger, as flagstore wrote them before.
    flatten(two);
    git(two, 'push', '-q', 'origin', 'flagstore');
    // (A fanned-out clone syncing now would merge that back in, as from an older flagstore.)
    git(one, 'fetch', '-q', 'origin', 'flagstore');
    git(one, 'update-ref', LEDGER, 'FETCH_HEAD');
    expect(flatIds(one).sort()).toEqual([id, other].sort());
    // One clone moves to the fan-out by a write; the other changes a flag and stays flat. (The
    // binary's write entry moving a flat ledger is tested above; here the subject is sync.)
    expect((await cli(one, ['lock', id, '--by', '@clone.alpha'])).code).toBe(0);
    expect(flatIds(one)).toEqual([]);
    expect((await cli(two, ['lock', other, '--by', '@clone.beta'])).code).toBe(0);
    flatten(two);
    // The fanned-out clone publishes first; the flat one merges it in (its files move).
    expect((await cli(one, ['sync'])).code).toBe(0);
    const merged = await cli(two, ['sync']);
    expect(merged.code, merged.stderr).toBe(0);
    expect((await cli(one, ['sync'])).code).toBe(0);
    for (const clone of [one, two]) {
      expect((await shown(clone, id)).locked_by).toMatch(/^@clone\.alpha/);
      expect((await shown(clone, other)).locked_by).toMatch(/^@clone\.beta/);
    }
    expect(flatIds(bare)).toEqual([]);
    expect(git(bare, 'rev-parse', 'flagstore')).toBe(git(one, 'rev-parse', 'flagstore'));
  }, 60_000);

  it('an older flagstore merging the fanned-out ledger keeps only its flat files: sync loses nothing', async () => {
    const { clones, id } = await cluster(2);
    const [one, two] = clones as [string, string];
    expect((await cli(two, ['sync'])).code).toBe(0);
    flatten(two);
    git(two, 'push', '-q', 'origin', 'flagstore');
    expect((await cli(one, ['sync'])).code).toBe(0);
    // The upgraded clone creates a flag and locks another: its ledger moves to the fan-out.
    const created = await createFlag(one, '@a.one', 'change', '--to', '@clone.beta');
    expect((await cli(one, ['lock', id, '--by', '@clone.alpha'])).code).toBe(0);
    expect((await cli(one, ['sync'])).code).toBe(0);
    // The older one merges that as it did: its own flat files only, plus a flag of its own.
    git(two, 'fetch', '-q', 'origin', 'flagstore');
    const remote = git(two, 'rev-parse', 'FETCH_HEAD').trim();
    const own = git(two, 'rev-parse', LEDGER).trim();
    const added = '01JD3ZQ8XKQ5V7W9Y2B4C6D8EF';
    const text = git(two, 'show', `${LEDGER}:${flatLedgerPath('flags', id)}`).replaceAll(id, added);
    const blob = execFileSync('git', ['hash-object', '-w', '--stdin'], { cwd: two, input: text });
    const lines = [...files(two)].map(([path, oid]) => `100644 blob ${oid}\t${path.slice(6)}`);
    lines.push(`100644 blob ${blob.toString().trim()}\t${added}.md`);
    const flags = execFileSync('git', ['mktree'], { cwd: two, input: `${lines.join('\n')}\n` });
    const top = execFileSync('git', ['mktree'], {
      cwd: two,
      input: `040000 tree ${flags.toString().trim()}\tflags\n`,
    });
    const merge = ['commit-tree', top.toString().trim(), '-p', own, '-p', remote, '-m', 'old'];
    const old = execFileSync('git', merge, { cwd: two, env: OLDER_FLAGSTORE_ENV })
      .toString()
      .trim();
    git(two, 'push', '-q', 'origin', `${old}:refs/heads/flagstore`);
    const synced = await cli(one, ['sync']);
    expect(synced.code, synced.stderr).toBe(0);
    expect((await shown(one, id)).locked_by).toMatch(/^@clone\.alpha/);
    expect((await shown(one, created)).status).toBe('pending');
    expect((await shown(one, added)).status).toBe('pending');
    expect(flatIds(one)).toEqual([]);
  }, 60_000);
});
