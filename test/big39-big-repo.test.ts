/**
 * Field trial 38's leftovers at 100,000 flags (big39): each mend shown at a couple of hundred
 * flags by counting the work a command does or what it keeps, never by timing it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportData, reportPieces } from '../src/board/report.js';
import { runCheck } from '../src/review/check.js';
import { resolveRange, reviewRange } from '../src/review/diff.js';
import { allBranchFlags } from '../src/services/branches.js';
import { openWorkspace } from '../src/services/workspace.js';
import { loadCache } from '../src/store/cache.js';
import { newFlagId } from '../src/store/ids.js';
import { cli, flagText, git } from './helpers.js';
import { repoWithFlags } from './flag-repo.js';

/** The blob ids the review's blob-parse cache holds (it keeps every blob it parses). */
function cachedBlobs(repo: string): string[] {
  return [...loadCache(join(repo, '.git', 'flagstore', 'cache-blob-parses.json')).keys()];
}

/** Commits a lock of `id` on a new branch `name`, then returns to `main`. */
async function lockedOnBranch(repo: string, name: string, id: string): Promise<void> {
  git(repo, 'checkout', '-q', '-b', name);
  expect((await cli(repo, ['lock', id, '--by', '@b.two', '--commit'])).code).toBe(0);
  git(repo, 'checkout', '-q', 'main');
}

describe('list --all-branches over branches that share their flags', () => {
  it('parses only the blobs the work tree does not hold, not every branch blob', async () => {
    const { repo, ids } = await repoWithFlags(200);
    git(repo, 'branch', 'copy-one');
    git(repo, 'branch', 'copy-two');
    await lockedOnBranch(repo, 'locked-one', ids[0] ?? '');
    const res = await cli(repo, ['list', '--all-branches', '--json']);
    expect(res.code).toBe(0);
    const flags = (JSON.parse(res.stdout) as { flags: { id: string; branches: string[] }[] }).flags;
    expect(flags).toHaveLength(200);
    const first = flags.find((f) => f.id === ids[0]);
    expect(first?.branches.sort()).toEqual(['copy-one', 'copy-two', 'locked-one', 'main']);
    // The locked copy only: every one of the 201 distinct blobs was parsed before.
    expect(cachedBlobs(repo).length).toBeLessThanOrEqual(1);
  });
});

describe('diff beside a big blob-parse cache', () => {
  it('parses the few blobs of a range without loading the whole cache', async () => {
    const { repo, ids } = await repoWithFlags(200);
    // Fills the cache with 200 blobs, as a big range would: every flag created since `empty`.
    git(repo, 'checkout', '-q', '-b', 'empty');
    git(repo, 'rm', '-q', '-r', 'flags');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'no flags');
    git(repo, 'checkout', '-q', 'main');
    expect((await cli(repo, ['diff', 'empty..main'])).code).toBe(0);
    const before = cachedBlobs(repo);
    expect(before.length).toBe(200);
    expect((await cli(repo, ['lock', ids[0] ?? '', '--by', '@b.two', '--commit'])).code).toBe(0);
    const res = await cli(repo, ['diff', 'HEAD~1..HEAD', '--json']);
    const changes = (JSON.parse(res.stdout) as { changes: { kind: string }[] }).changes;
    expect(changes.map((c) => c.kind)).toEqual(['locked']);
    // Loaded, the cache would have taken the locked blob in and been written again.
    expect(cachedBlobs(repo)).toEqual(before);
  });
});

describe('diff of a range against the work tree', () => {
  it('reads only the changed work-tree files, not a listing of every flag', async () => {
    const { repo, ids } = await repoWithFlags(200);
    const [first = '', second = ''] = ids;
    expect((await cli(repo, ['lock', first, '--by', '@b.two', '--commit'])).code).toBe(0);
    expect((await cli(repo, ['lock', second, '--by', '@b.two'])).code).toBe(0);
    const created = newFlagId(new Date());
    writeFileSync(join(repo, 'flags', `${created}.md`), flagText(created));
    const ws = await openWorkspace(repo);
    const read = ws.flags.readWorkTree.bind(ws.flags);
    let reads = 0;
    ws.flags.readWorkTree = (...args) => ((reads += 1), read(...args));
    const review = await reviewRange(ws, await resolveRange(repo, 'HEAD~1'));
    const kinds = review.changes.map((c) => [c.id, c.kind]);
    expect(kinds.sort()).toEqual(
      [
        [first, 'locked'],
        [second, 'locked'],
        [created, 'created'],
      ].sort(),
    );
    // A listing of the work tree reads all 200 files; the three changed ones are read alone.
    expect(reads).toBe(0);
  });
});

describe('check with a pending critical flag', () => {
  it('finds completions elsewhere from the marks, without a second listing of every flag', async () => {
    const { repo } = await repoWithFlags(200);
    const critical = newFlagId(new Date());
    const path = join(repo, 'flags', `${critical}.md`);
    writeFileSync(
      path,
      flagText(critical)
        .replace('impact_level: medium', 'impact_level: critical')
        .replace('flag_type: change', 'flag_type: breaking_change'),
    );
    const ws = await openWorkspace(repo);
    const listing = ws.flags.readListing.bind(ws.flags);
    let listings = 0;
    ws.flags.readListing = (...args) => ((listings += 1), listing(...args));
    const report = await runCheck(ws, undefined);
    expect(report.findings.map((f) => f.kind)).toEqual(['critical']);
    expect(listings).toBe(0);
  });
});

describe('report --html over many flags', () => {
  it('is written in pieces, none of them the page or its data whole', async () => {
    const { repo } = await repoWithFlags(400);
    const ws = await openWorkspace(repo);
    const now = new Date('2026-12-01T00:00:00Z');
    const pieces = [...(await reportPieces(ws, { historyLimit: 0, now }))];
    const page = pieces.join('');
    const json = /id="flagstore-data">(.*?)<\/script>/s.exec(page)?.[1] ?? '';
    expect(JSON.parse(json)).toEqual(
      JSON.parse(JSON.stringify(await reportData(ws, { historyLimit: 0, now }))),
    );
    // One string of 400 flags' data was the page's largest piece (200 times more at 100,000).
    const largest = Math.max(...pieces.map((p) => p.length));
    expect(largest).toBeLessThan(json.length / 2);
  });
});

describe('progress of list --all-branches, diff and check after their reads', () => {
  it('is reported through the workspace (drawn on a terminal only), then cleared', async () => {
    const { repo, ids } = await repoWithFlags(20);
    git(repo, 'branch', 'copy-one');
    await lockedOnBranch(repo, 'locked-one', ids[0] ?? '');
    const said: (string | null)[] = [];
    const ws = await openWorkspace(repo, (what) => said.push(what));
    await allBranchFlags(ws, { status: 'all' });
    expect(said).toContain('merging the flags of 3 branches');
    expect(said.at(-1)).toBeNull();
    said.length = 0;
    await reviewRange(ws, await resolveRange(repo, 'locked-one'));
    expect(said).toEqual(['comparing the flag files of the range', null]);
    said.length = 0;
    await runCheck(ws, undefined);
    expect(said).toContain('checking 20 flag files');
    expect(said.at(-1)).toBeNull();
    said.length = 0;
    await runCheck(ws, undefined);
    expect(said).toContain('checking 0 pending critical flags');
    // Piped, as here, nothing decorative reaches standard error.
    const piped = await cli(repo, ['list', '--all-branches']);
    expect(piped).toMatchObject({ code: 0, stderr: '' });
  });
});

describe('a warm read of the work tree', () => {
  it('reports how many files it took from the cache, though it parses none', async () => {
    const { repo } = await repoWithFlags(2000);
    await (await openWorkspace(repo)).flags.readWorkTree();
    const said: (string | null)[] = [];
    const ws = await openWorkspace(repo, (what) => said.push(what));
    expect(await ws.flags.readWorkTree({ progress: ws.progress })).toHaveLength(2000);
    // Counted as parses are (countStep): from the first file, every 250.
    const every = Array.from({ length: 8 }, (_, i) => `reading flags: ${i * 250} of 2000 cached`);
    expect(said).toEqual([...every, null]);
  });
});
