/**
 * Field trial 38 (a big repository through every command): the findings it mended, each shown at
 * a couple of hundred flags by counting the work a command does, never by timing it.
 */
import { spawn } from 'node:child_process';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BoardRow } from '../src/core/board-model.js';
import { runCheck } from '../src/review/check.js';
import { flagView, loadBoard } from '../src/services/board-data.js';
import { validateFiles } from '../src/services/validate.js';
import { openWorkspace } from '../src/services/workspace.js';
import { loadCache } from '../src/store/cache.js';
import { newFlagId } from '../src/store/ids.js';
import { ACTION, BIN, CHANGE, cli, flagText, git, makeRepo } from './helpers.js';
import { repoWithFlags } from './flag-repo.js';
import { originalDatabase } from './original-db.js';

/** The rows behind a counter of element reads (a scan of every row reads each once). */
function countedRows(rows: BoardRow[]): { rows: BoardRow[]; reads: () => number } {
  let reads = 0;
  const counted = new Proxy(rows, {
    get(target, key, receiver): unknown {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads += 1;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { rows: counted, reads: () => reads };
}

describe('report --html over many flags', () => {
  it("finds each flag's own row without scanning every row (no n-squared work)", async () => {
    const { repo, ids } = await repoWithFlags(200);
    const ws = await openWorkspace(repo);
    const snapshot = await loadBoard(ws);
    const { rows, reads } = countedRows(snapshot.data.rows);
    snapshot.data.rows = rows;
    const views = [];
    for (const id of ids) views.push(await flagView(ws, snapshot, { id, history: false }));
    expect(views.map((v) => v?.chain.map((r) => r.id))).toEqual(ids.map((id) => [id]));
    // Reading every row once per flag is 40,000 reads here, and 100 million at 10,000 flags.
    expect(reads()).toBeLessThan(ids.length);
  });
});

/** How many blobs `diff` and `check` parsed into their cache (it holds every blob they parse). */
function parsedBlobs(repo: string): number {
  return loadCache(join(repo, '.git', 'flagstore', 'cache-blob-parses.json')).size;
}

/** The kinds of the changes `diff --json` reports for a range (or the work tree). */
async function diffKinds(repo: string, ...range: string[]): Promise<string[]> {
  const res = await cli(repo, ['diff', '--json', ...range]);
  expect(res.code).toBe(0);
  return (JSON.parse(res.stdout) as { changes: { kind: string }[] }).changes.map((c) => c.kind);
}

describe('diff and check over many flags, few of them changed', () => {
  it('parse only the flag files git finds changed, not every blob of the base', async () => {
    const { repo, ids } = await repoWithFlags(200);
    const [first = '', second = '', third = ''] = ids;
    expect((await cli(repo, ['lock', first, '--by', '@b.two', '--commit'])).code).toBe(0);
    expect(await diffKinds(repo, 'HEAD~1..HEAD')).toEqual(['locked']);
    // The lock's two blobs (before and after), where every one of 200 was parsed.
    expect(parsedBlobs(repo)).toBeLessThanOrEqual(2);
    rmSync(join(repo, '.git', 'flagstore'), { recursive: true, force: true });
    expect((await cli(repo, ['lock', second, '--by', '@b.two'])).code).toBe(0);
    const created = newFlagId(new Date());
    writeFileSync(join(repo, 'flags', `${created}.md`), flagText(created));
    rmSync(join(repo, 'flags', `${third}.md`));
    expect((await diffKinds(repo, 'HEAD')).sort()).toEqual(['created', 'deleted', 'locked']);
    const check = await cli(repo, ['check']);
    expect(check.stdout + check.stderr).toContain(`${third}`);
    expect(parsedBlobs(repo)).toBeLessThanOrEqual(2);
  });
});

describe('check over many flags', () => {
  it('reads the work tree once for the review and the findings, not twice', async () => {
    const { repo, ids } = await repoWithFlags(200);
    expect((await cli(repo, ['lock', ids[0] ?? '', '--by', '@b.two'])).code).toBe(0);
    const ws = await openWorkspace(repo);
    const read = ws.flags.readWorkTree.bind(ws.flags);
    let reads = 0;
    ws.flags.readWorkTree = (...args) => ((reads += 1), read(...args));
    const report = await runCheck(ws, undefined);
    expect(report.review.changes.map((c) => c.kind)).toEqual(['locked']);
    expect(reads).toBe(1);
  });
});

describe('validate over many flag files', () => {
  it('reports its progress as it goes (shown on a terminal), then clears it', async () => {
    const { repo } = await repoWithFlags(600);
    const said: (string | null)[] = [];
    const ws = await openWorkspace(repo, (what) => said.push(what));
    const reports = validateFiles(ws, repo, []);
    expect(reports.filter((r) => r.valid).length).toBeGreaterThanOrEqual(600);
    const counted = said.filter((w) => /^validating: \d+ of \d+ files$/.test(w ?? ''));
    expect(counted.length).toBeGreaterThanOrEqual(3);
    expect(said.at(-1)).toBeNull();
  });
});

/** An original SQLite store (test/data/original-schema.sql) of `count` pending flag rows. */
async function database(count: number): Promise<string> {
  return originalDatabase((db) => {
    const insert = db.prepare(
      'INSERT INTO flags (flag_type, source_agent, target_agent, change_description, action_required, created_at) VALUES (?,?,?,?,?,?)',
    );
    for (let i = 0; i < count; i++) {
      insert.run([
        'change',
        '@database.postgres',
        '@backend.api',
        CHANGE,
        ACTION,
        '2025-01-02 10:00',
      ]);
    }
    insert.free();
  });
}

const flagCount = (repo: string): number =>
  readdirSync(join(repo, 'flags')).filter((n) => n.endsWith('.md')).length;

describe('import-sqlite stopped by Ctrl-C', () => {
  it('removes the files it had written (all or nothing), as it does on an error', async () => {
    const repo = await makeRepo();
    const db = await database(3000);
    const child = spawn(process.execPath, [BIN, 'import-sqlite', db, '--tz', 'UTC'], { cwd: repo });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on('close', done));
    // Until it has written some (or has ended: the assertions then say how).
    while (flagCount(repo) < 20 && child.exitCode === null) {
      await new Promise((wait) => setTimeout(wait, 10));
    }
    child.kill('SIGINT');
    // 128 + SIGINT, as a Ctrl-C'd --commit exits: a script tells it from a failed import (9).
    expect(await exited).toBe(130);
    expect(stderr).toContain('interrupted (SIGINT)');
    expect(flagCount(repo)).toBe(0);
    expect(git(repo, 'status', '--porcelain', '--untracked-files=all')).toBe('');
  });
});
