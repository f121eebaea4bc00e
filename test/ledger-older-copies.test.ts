/**
 * An older flagstore (before the fan-out: it reads and writes only flat `flags/<id>.md`) writing
 * into a fanned-out ledger. Its flat copy stands only where it changed the flag since the ledger
 * moved it: a stale copy (an older `sync` recording its work tree's old text) never takes back a
 * lock, while its own lock or unlock does count, in every reader and in `sync`'s merge.
 * The older flagstore's commits are written here with git plumbing, as it wrote them.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyTree } from './copy-tree.js';
import { cli, createFlag, git, makeRepo, spawnCli, tempDir } from './helpers.js';
import { cluster, copyCluster, OLDER_FLAGSTORE_ENV } from './ledger-helpers.js';
import { oncePerFile } from './per-file.js';
import { flatLedgerPath, ledgerPath } from '../src/core/ledger-layout.js';
import { refreshIndex } from './index-stamps.js';

const LEDGER = 'refs/heads/flagstore';

/** The ledger's files: repository path -> blob id. */
function files(repo: string): Map<string, string> {
  const out = git(repo, 'ls-tree', '-r', '-z', LEDGER, '--', 'flags/');
  const records = out.split('\0').filter(Boolean);
  const entry = (r: string) => [r.split('\t')[1] ?? '', r.split('\t')[0]?.split(' ')[2] ?? ''];
  return new Map(records.map((r) => entry(r) as [string, string]));
}

const flatIds = (repo: string): string[] =>
  [...files(repo).keys()].flatMap((p) => /^flags\/([^/]+)\.md$/.exec(p)?.[1] ?? []);

/** Commits `paths` (path -> blob id) over the ledger's tip (or an empty tree), as an older flagstore. */
function commitOlder(repo: string, paths: Map<string, string>, over = true): void {
  const env = { ...OLDER_FLAGSTORE_ENV, GIT_INDEX_FILE: join(tempDir(), 'index') };
  const run = (args: string[], input?: string): string =>
    execFileSync('git', args, { cwd: repo, env, encoding: 'utf8', input }).trim();
  const tip = run(['rev-parse', LEDGER]);
  run(['read-tree', ...(over ? [tip] : ['--empty'])]);
  const lines = [...paths].map(([path, oid]) => `100644 ${oid}\t${path}`);
  run(['update-index', '--add', '--index-info'], `${lines.join('\n')}\n`);
  const commit = run(['commit-tree', run(['write-tree']), '-p', tip, '-m', 'older flagstore']);
  run(['update-ref', LEDGER, commit, tip]);
}

/** The ledger again with every flag flat, as a ledger written before the fan-out. */
function flatten(repo: string): void {
  const flat = [...files(repo)].map(([path, oid]) => {
    const id = /([^/]+)\.md$/.exec(path)?.[1] as string;
    return [flatLedgerPath('flags', id), oid] as [string, string];
  });
  commitOlder(repo, new Map(flat), false);
}

/**
 * A repository whose ledger an older flagstore wrote flat, holding two pending flags a and b:
 * built once per test file and copied (two creates and seven git processes fewer per test).
 */
async function twoFlat(): Promise<{ repo: string; a: string; b: string }> {
  const built = await oncePerFile('two-flat', buildTwoFlat);
  const repo = tempDir();
  copyTree(built.repo, repo);
  refreshIndex(repo);
  return { ...built, repo };
}

async function buildTwoFlat(): Promise<{ repo: string; a: string; b: string }> {
  const repo = await makeRepo();
  const a = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
  const b = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
  flatten(repo);
  return { repo, a, b };
}

/** A flag's ledger text with its lock set (as an older flagstore's `lock` writes it), as a blob. */
function lockedBlob(repo: string, oid: string, by: string): string {
  const text = git(repo, 'cat-file', 'blob', oid)
    .replace('locked: false', 'locked: true')
    .replace('locked_by: null', `locked_by: "${by}"`)
    .replace('locked_at: null', 'locked_at: 2026-01-01T00:00:00.000Z');
  return execFileSync('git', ['hash-object', '-w', '--stdin'], { cwd: repo, input: text })
    .toString()
    .trim();
}

const shown = async (dir: string, id: string) =>
  (await cli(dir, ['--json', 'show', id])).json<{ flag: { locked_by: string | null } }>().flag;

const listedHolder = async (dir: string, id: string) =>
  (await cli(dir, ['--json', 'list', '--status', 'all']))
    .json<{ flags: { id: string; locked_by?: string | null }[] }>()
    .flags.find((f) => f.id === id)?.locked_by ?? null;

describe('an older flagstore writing flat into a fanned-out ledger', () => {
  it('its stale copy (the text the ledger moved) does not take back a lock: a second agent is refused', async () => {
    const { repo, a, b } = await twoFlat();
    const pending = files(repo).get(flatLedgerPath('flags', a)) as string;
    // This flagstore locks a: the ledger moves to the fan-out.
    expect((await cli(repo, ['lock', a, '--by', '@b.two'])).code).toBe(0);
    expect(flatIds(repo)).toEqual([]);
    // The older one's sync records its work tree's copy of a, the text before the lock, flat.
    commitOlder(repo, new Map([[flatLedgerPath('flags', a), pending]]));
    expect(flatIds(repo)).toEqual([a]);
    rmSync(join(repo, 'flags', `${a}.md`));
    expect((await shown(repo, a)).locked_by).toMatch(/^@b\.two/);
    expect(await listedHolder(repo, a)).toMatch(/^@b\.two/);
    const second = await cli(repo, ['lock', a, '--by', '@c.three']);
    expect(second.code, second.stdout).toBe(6);
    // The next write moves the flat file: the lock stays in place.
    const locked = files(repo).get(ledgerPath('flags', a));
    expect((await spawnCli(repo, ['lock', b, '--by', '@b.two'])).code).toBe(0);
    expect(flatIds(repo)).toEqual([]);
    expect(files(repo).get(ledgerPath('flags', a))).toBe(locked);
  });

  it('its own lock since the move stands, in show, list and a lock decision', async () => {
    const { repo, a, b } = await twoFlat();
    expect((await cli(repo, ['lock', b, '--by', '@b.two'])).code).toBe(0);
    const moved = files(repo).get(ledgerPath('flags', a)) as string;
    commitOlder(repo, new Map([[flatLedgerPath('flags', a), lockedBlob(repo, moved, '@c.three')]]));
    rmSync(join(repo, 'flags', `${a}.md`));
    expect((await shown(repo, a)).locked_by).toBe('@c.three');
    expect(await listedHolder(repo, a)).toBe('@c.three');
    expect((await cli(repo, ['lock', a, '--by', '@d.four'])).code).toBe(6);
    // The history that decides is read once in a process, not once per read of the flag.
    const trace = join(tempDir(), 'trace');
    const locked = await spawnCli(repo, ['lock', a, '--by', '@d.four'], { GIT_TRACE: trace });
    expect(locked.code).toBe(6);
    const logs = readFileSync(trace, 'utf8').split('\n');
    expect(logs.filter((l) => l.includes(' --diff-filter=AD ')).length).toBe(1);
  });

  it('its lock of a flag made after the fan-out (no flat file ever moved) stands, also packed', async () => {
    const repo = await makeRepo();
    const a = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const fanned = files(repo).get(ledgerPath('flags', a)) as string;
    commitOlder(
      repo,
      new Map([[flatLedgerPath('flags', a), lockedBlob(repo, fanned, '@c.three')]]),
    );
    rmSync(join(repo, 'flags', `${a}.md`), { force: true });
    // Packed objects: the text is read by git cat-file (gitTextAt), not from loose objects.
    git(repo, 'gc', '-q');
    expect((await shown(repo, a)).locked_by).toBe('@c.three');
    expect(await listedHolder(repo, a)).toBe('@c.three');
    const second = await cli(repo, ['lock', a, '--by', '@d.four']);
    expect(second.code, second.stdout).toBe(6);
    // A stale record of such a flag (its fanned-out text unchanged, flat) does not unlock it.
    const b = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const pending = files(repo).get(ledgerPath('flags', b)) as string;
    expect((await cli(repo, ['lock', b, '--by', '@b.two'])).code).toBe(0);
    commitOlder(repo, new Map([[flatLedgerPath('flags', b), pending]]));
    expect((await shown(repo, b)).locked_by).toMatch(/^@b\.two/);
    // The next write moves the flat file: the older flagstore's lock of a is kept.
    expect((await cli(repo, ['unlock', b, '--by', '@b.two'])).code).toBe(0);
    expect(flatIds(repo)).toEqual([]);
    expect((await shown(repo, a)).locked_by).toBe('@c.three');
  });

  it('its completion stands where both copies changed since the move', async () => {
    const { repo, a, b } = await twoFlat();
    expect((await cli(repo, ['lock', b, '--by', '@b.two'])).code).toBe(0);
    const moved = files(repo).get(ledgerPath('flags', a)) as string;
    expect((await cli(repo, ['lock', a, '--by', '@b.two'])).code).toBe(0);
    const text = git(repo, 'cat-file', 'blob', moved)
      .replace(/^status: .*$/m, 'status: completed')
      .replace('completed_at: null', 'completed_at: 2026-01-02T00:00:00.000Z')
      .replace('completed_by: null', 'completed_by: "@c.three"');
    const done = execFileSync('git', ['hash-object', '-w', '--stdin'], { cwd: repo, input: text });
    commitOlder(repo, new Map([[flatLedgerPath('flags', a), done.toString().trim()]]));
    rmSync(join(repo, 'flags', `${a}.md`), { force: true });
    const flag = (await cli(repo, ['--json', 'show', a])).json<{ flag: { status: string } }>().flag;
    expect(flag.status).toBe('completed');
  });
});

/** Two clones, both synced, with the shared flag and two more (p, q) one of them created. */
interface TwoSynced {
  one: string;
  two: string;
  id: string;
  p: string;
  q: string;
}

/**
 * {@link TwoSynced}, built once per test file and copied (the sync tests start from it: two
 * creates and two syncs fewer per test).
 */
async function twoSynced(): Promise<TwoSynced> {
  const built = await oncePerFile('two-synced', async () => {
    const made = await cluster(2);
    const one = made.clones[0] as string;
    const p = await createFlag(one, '@a.one', 'change', '--to', '@clone.beta');
    const q = await createFlag(one, '@a.one', 'change', '--to', '@clone.beta');
    for (const dir of made.clones) expect((await cli(dir, ['sync'])).code).toBe(0);
    return { ...made, p, q };
  });
  const [one, two] = copyCluster(built).clones as [string, string];
  return { one, two, id: built.id, p: built.p, q: built.q };
}

describe('sync with an older flagstore that writes flat after the move', () => {
  it('merges its lock and its unlock in (three-way from the moved version)', async () => {
    const { one, two, id, p, q } = await twoSynced();
    // The older clone's ledger is flat; it locks q there, and pushes.
    flatten(two);
    const pendingQ = files(two).get(flatLedgerPath('flags', q)) as string;
    const lockQ = lockedBlob(two, pendingQ, '@clone.beta');
    commitOlder(two, new Map([[flatLedgerPath('flags', q), lockQ]]));
    git(two, 'push', '-q', 'origin', 'flagstore');
    // This flagstore locks id with --sync: it takes that ledger and moves it to the fan-out.
    expect((await cli(one, ['lock', id, '--by', '@clone.alpha', '--sync'])).code).toBe(0);
    // The older clone fast-forwards to it, locks p and unlocks q, flat, and pushes.
    git(two, 'fetch', '-q', 'origin', 'flagstore');
    git(two, 'update-ref', LEDGER, 'FETCH_HEAD');
    const pendingP = files(two).get(ledgerPath('flags', p)) as string;
    const older = new Map([
      [flatLedgerPath('flags', p), lockedBlob(two, pendingP, '@clone.beta')],
      [flatLedgerPath('flags', q), pendingQ],
    ]);
    commitOlder(two, older);
    git(two, 'push', '-q', 'origin', 'flagstore');
    const synced = await cli(one, ['sync']);
    expect(synced.code, synced.stderr).toBe(0);
    expect((await shown(one, p)).locked_by).toBe('@clone.beta');
    expect((await shown(one, q)).locked_by).toBeNull();
    expect((await shown(one, id)).locked_by).toMatch(/^@clone\.alpha/);
    expect(flatIds(one)).toEqual([]);
    const second = await cli(one, ['lock', p, '--by', '@clone.gamma', '--sync']);
    expect(second.code, second.stdout).toBe(6);
  }, 60_000);
});

describe('sync with an older flagstore that writes a flag made after the fan-out flat', () => {
  it('merges its lock in, and a second agent is refused', async () => {
    const { one, two, p } = await twoSynced();
    const fanned = files(two).get(ledgerPath('flags', p)) as string;
    const locked = lockedBlob(two, fanned, '@clone.beta');
    commitOlder(two, new Map([[flatLedgerPath('flags', p), locked]]));
    git(two, 'push', '-q', 'origin', 'flagstore');
    const synced = await cli(one, ['sync']);
    expect(synced.code, synced.stderr).toBe(0);
    expect((await shown(one, p)).locked_by).toBe('@clone.beta');
    expect(flatIds(one)).toEqual([]);
    const second = await cli(one, ['lock', p, '--by', '@clone.gamma', '--sync']);
    expect(second.code, second.stdout).toBe(6);
  }, 60_000);
});
