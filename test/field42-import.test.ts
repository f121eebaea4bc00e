/**
 * Field trial 42's migration: a database of the original tool written in Europe/Madrid across
 * both clock changes of a year, imported once, killed before its commit and run again, and run
 * again in another zone. The original ids' order is kept, nothing is imported twice, and the
 * run that completes an interrupted import commits all of it.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACTION, CHANGE, cli, git, makeRepo } from './helpers.js';
import { originalDatabase } from './original-db.js';

/**
 * [original id, wall-clock time in Madrid, flag type]. On 30 March 2025 02:00-02:59 never
 * happened (the clock went from 02:00 to 03:00); on 26 October 2025 02:00-02:59 happened twice
 * (03:00 became 02:00 again), and rows 5-6 were written in its first pass, 7-8 in its second.
 */
const ROWS: [number, string, string][] = [
  [1, '2025-03-30 01:50', 'change'],
  [2, '2025-03-30 02:10', 'change'],
  [3, '2025-03-30 02:40', 'change'],
  [4, '2025-03-30 03:05', 'hotfix'],
  [5, '2025-10-26 02:10', 'change'],
  [6, '2025-10-26 02:50', 'change'],
  [7, '2025-10-26 02:05', 'change'],
  [8, '2025-10-26 02:30', 'change'],
  [9, '2025-10-26 03:01', 'hotfix'],
];

async function database(): Promise<string> {
  return originalDatabase((db) => {
    for (const [id, at, type] of ROWS)
      db.run(
        `INSERT INTO flags (id, flag_type, source_agent, target_agent, change_description,
          action_required, created_at) VALUES (?, ?, '@database.postgres', '@backend.api', ?, ?, ?)`,
        [id, type, `${CHANGE} (#${id})`, ACTION, at],
      );
  });
}

interface Listed {
  flags: { id: string; legacy_id: number; created_at: string }[];
}

interface Report {
  flags: { written: unknown[] };
  repairs: { kind: string; rows: number }[];
}

let repo = '';
let db = '';
let flags: Listed['flags'] = [];
const importDb = (...extra: string[]) => cli(repo, ['import-sqlite', db, ...extra]);
const status = () => git(repo, 'status', '--porcelain', '--', 'flags', 'agents');

beforeAll(async () => {
  repo = await makeRepo();
  db = await database();
  writeFileSync(join(repo, 'agents', 'service.auth.md'), '---\nname: mine\n---\nby hand\n');
  // A run killed before its commit leaves what a run without --commit leaves.
  expect((await importDb('--tz', 'Europe/Madrid')).code).toBe(0);
  flags = (await cli(repo, ['--json', 'list', '--status', 'all'])).json<Listed>().flags;
});

describe('import-sqlite across clock changes (field trial 42)', () => {
  it("sorts the ids as the original ids, both clock changes' hours included", () => {
    const byId = [...flags].sort((a, b) => (a.id < b.id ? -1 : 1)).map((f) => f.legacy_id);
    expect(byId).toEqual(ROWS.map(([id]) => id));
  });

  it('reads the hour shown twice by the order of the rows, and the skipped hour as its end', () => {
    const at = (n: number) => flags.find((f) => f.legacy_id === n)?.created_at;
    expect(at(5)).toBe('2025-10-26T00:10:00.000Z');
    expect(at(6)).toBe('2025-10-26T00:50:00.000Z');
    expect(at(7)).toBe('2025-10-26T01:05:00.000Z');
    expect(at(8)).toBe('2025-10-26T01:30:00.000Z');
    expect(at(2)).toBe('2025-03-30T01:00:00.000Z');
    expect(at(3)).toBe('2025-03-30T01:00:00.001Z');
  });

  it('imports nothing twice when run again in another zone', async () => {
    const again = (await importDb('--tz', 'UTC', '--json')).json<Report>();
    expect(again.flags.written).toHaveLength(0);
    const listed = (await cli(repo, ['--json', 'list', '--status', 'all'])).json<Listed>();
    expect(listed.flags).toHaveLength(ROWS.length);
  });

  it('counts the repairs of the rows this run wrote, not of every row', async () => {
    const hotfix = flags.find((f) => f.legacy_id === 4)?.id as string;
    const two = flags.find((f) => f.legacy_id === 2)?.id as string;
    for (const id of [hotfix, two]) rmSync(join(repo, 'flags', `${id}.md`));
    const rerun = (await importDb('--tz', 'Europe/Madrid', '--json')).json<Report>();
    expect(rerun.flags.written).toHaveLength(2);
    expect(rerun.repairs).toEqual([{ kind: 'unknown flag_type', rows: 1 }]);
  });

  it('commits, when run again with --commit, what the interrupted run wrote', async () => {
    expect(status()).toContain('?? flags/');
    // A run killed during its commit has not recorded its flags in the ledger either.
    git(repo, 'update-ref', '-d', 'refs/heads/flagstore');
    const done = await importDb('--tz', 'Europe/Madrid', '--commit');
    expect(done.code).toBe(0);
    expect(status()).toBe('?? agents/service.auth.md\n');
    const committed = git(repo, 'ls-tree', '-r', '--name-only', 'HEAD', '--', 'flags', 'agents');
    expect(committed.split('\n').filter((p) => p.startsWith('flags/0'))).toHaveLength(ROWS.length);
    expect(committed).toContain('agents/backend.nodejs.md');
    const recorded = git(repo, 'ls-tree', '-r', '--name-only', 'flagstore', '--', 'flags');
    expect(recorded.trim().split('\n')).toHaveLength(ROWS.length);
  });
});
