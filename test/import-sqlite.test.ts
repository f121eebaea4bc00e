import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import { describe, expect, it } from 'vitest';
import { importSqlite } from '../src/sql/import-sqlite.js';
import { openWorkspace } from '../src/services/workspace.js';
import { cli, flagFiles, git, makeRepo, readFlag, tempDir } from './helpers.js';
import { originalDatabase } from './original-db.js';

const CHANGE = 'The users table gained a preferences JSON column used for personalisation.';
const ACTION =
  'Update the loaders in api/users.py and the serializers in api/serialize.py so they read and return the preferences column; add tests.';

interface Row {
  id: number;
  flag_type: string;
  impact_level: string;
  source_agent?: string;
  target_agent?: string | null;
  status?: string;
  locked?: number;
  chain_origin_id?: number | null;
  created_at?: string;
  completed_at?: string | null;
  completed_by?: string | null;
  notes?: string | null;
  related_files?: string | null;
  code_location?: string | null;
  context?: string | null;
}

const ROWS: Row[] = [
  { id: 1, flag_type: 'breaking_change', impact_level: 'high', target_agent: '@backend.api' },
  { id: 2, flag_type: 'new_feature', impact_level: 'medium', chain_origin_id: 1 },
  { id: 3, flag_type: 'refactor', impact_level: 'low', target_agent: null },
  { id: 4, flag_type: 'deprecation', impact_level: 'medium', locked: 1 },
  {
    id: 5,
    flag_type: 'enhancement',
    impact_level: 'medium',
    status: 'completed',
    completed_at: '2025-03-02 11:45',
    completed_by: '@backend.api',
    notes: 'Handled in api/users.py, released in 2.3.',
    chain_origin_id: 2,
  },
  { id: 6, flag_type: 'change', impact_level: 'medium', related_files: 'a.py,b.py' },
  { id: 7, flag_type: 'information_request', impact_level: 'high', locked: 1 },
  { id: 8, flag_type: 'security', impact_level: 'critical', context: '{"cve":"CVE-2025-1"}' },
  {
    id: 9,
    flag_type: 'data_loss',
    impact_level: 'critical',
    status: 'completed',
    completed_at: '2025-03-03 08:00',
    completed_by: null,
  },
  { id: 10, flag_type: 'change', impact_level: 'medium', code_location: 'api/users.py' },
];

function values(r: Row): (string | number | null)[] {
  const row = {
    chain_origin_id: null,
    source_agent: '@database.postgres',
    target_agent: '@backend.nodejs',
    status: 'pending',
    locked: 0,
    related_files: null,
    code_location: null,
    context: null,
    created_at: `2025-03-01 10:${String(r.id).padStart(2, '0')}`,
    completed_at: null,
    completed_by: null,
    notes: null,
    ...r,
  };
  return [
    row.id,
    row.chain_origin_id,
    row.flag_type,
    row.source_agent,
    row.target_agent,
    `${CHANGE} (#${row.id})`,
    ACTION,
    row.impact_level,
    row.status,
    row.locked,
    row.related_files,
    row.code_location,
    row.context,
    row.created_at,
    row.completed_at,
    row.completed_by,
    row.notes,
  ];
}

function seedDatabase(): Promise<string> {
  return originalDatabase((db) => {
    const insert = db.prepare(
      `INSERT INTO flags (id, chain_origin_id, flag_type, source_agent, target_agent, change_description,
        action_required, impact_level, status, locked, related_files, code_location, context,
        created_at, completed_at, completed_by, notes) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    );
    for (const r of ROWS) insert.run(values(r));
    insert.free();
  });
}

interface Report {
  agents: { written: { handle: string }[]; skipped: { name: string; reason: string }[] };
  flags: {
    written: { from: string; id: string; repairs: string[] }[];
    skipped: { from: string; reason: string }[];
  };
}

describe('import-sqlite', () => {
  it('imports agents and flags of every type and state, remapping chains, exactly once', async () => {
    const repo = await makeRepo();
    const db = await seedDatabase();
    const first = await cli(repo, ['--json', 'import-sqlite', db, '--tz', 'UTC']);
    expect(first.code).toBe(0);
    const report = first.json<Report>();
    expect(report.agents.written).toHaveLength(3);
    expect(report.flags.written.map((f) => f.from)).toEqual(ROWS.map((r) => String(r.id)));
    expect(flagFiles(repo)).toHaveLength(ROWS.length);
    const idOf = new Map(report.flags.written.map((f) => [f.from, f.id]));

    const shown = async (from: string) =>
      (await cli(repo, ['--json', 'show', idOf.get(from) as string])).json<{
        flag: Record<string, unknown>;
      }>().flag;
    const chained = await shown('2');
    expect(chained.chain_origin_id).toBe(idOf.get('1'));
    const completed = await shown('5');
    expect(completed).toMatchObject({
      status: 'completed',
      completed_by: '@backend.api',
      completed_at: '2025-03-02T11:45:00.000Z',
      chain_origin_id: idOf.get('2'),
      created_at: '2025-03-01T10:05:00.000Z',
    });
    expect(completed.notes).toContain('released in 2.3');
    expect((await shown('4')).locked).toBe(true);
    expect((await shown('6')).related_files).toEqual(['a.py', 'b.py']);
    expect((await shown('8')).context).toEqual({ cve: 'CVE-2025-1' });
    const unknownCompleter = await shown('9');
    expect(unknownCompleter.completed_by).toBe('@import.unknown');
    expect(unknownCompleter.notes).toContain('completed_by was empty');
    expect((await shown('10')).code_location).toBeNull();
    expect(readFlag(repo, idOf.get('10') as string)).toContain('api/users.py');
    expect(existsSync(join(repo, 'agents', 'service.auth.md'))).toBe(true);
    expect((await cli(repo, ['validate'])).code).toBe(0);
    // A flag worked on since (its file no longer what the import writes) is still imported.
    const worked = idOf.get('1') as string;
    expect((await cli(repo, ['complete', worked, '--by', '@backend.api'])).code).toBe(0);

    const again = await cli(repo, ['--json', 'import-sqlite', db, '--tz', 'UTC']);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    const second = again.json<Report>();
    expect(second.flags.written).toEqual([]);
    expect(second.agents.written).toEqual([]);
    expect(second.flags.skipped.map((s) => s.reason)).toEqual(
      ROWS.map((r) => `already imported as ${idOf.get(String(r.id))}`),
    );
    expect(second.agents.skipped.every((s) => s.reason === 'already in the catalog')).toBe(true);
    expect(flagFiles(repo)).toHaveLength(ROWS.length);
  });

  it('prints a human summary, commits on request and refuses a file that is not a database', async () => {
    const repo = await makeRepo();
    const db = await seedDatabase();
    const res = await cli(repo, ['import-sqlite', db, '--commit', '--tz', 'UTC']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('agents: 3 written, 0 skipped; flags: 10 written, 0 skipped');
    expect(git(repo, 'status', '--porcelain')).toBe('');
    const bogus = join(tempDir(), 'not.db');
    writeFileSync(bogus, 'hello');
    const bad = await cli(repo, ['import-sqlite', bogus]);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/not a SQLite database|neither a flags/);
    expect((await cli(repo, ['import-sqlite', join(repo, 'missing.db')])).code).toBe(4);
  });

  it('says a database read SQLite refuses with the file and the fix, writing nothing', async () => {
    const repo = await makeRepo();
    // Its tables are there, but reading flags fails (as a copy torn mid-write does).
    const view = join(tempDir(), 'broken.db');
    const db = new (await initSqlJs()).Database();
    db.exec('CREATE TABLE t (x); CREATE VIEW flags AS SELECT x, gone FROM t;');
    writeFileSync(view, db.export());
    db.close();
    // A copy cut short while the original tool wrote: a SQLite file whose schema cannot be read.
    const cut = join(tempDir(), 'cut.db');
    writeFileSync(cut, readFileSync(await seedDatabase()).subarray(0, 4096));
    const reasons = { [view]: 'no such column: gone', [cut]: 'database disk image is malformed' };
    for (const [path, reason] of Object.entries(reasons)) {
      const res = await cli(repo, ['--json', 'import-sqlite', path, '--tz', 'UTC']);
      expect(res.code).toBe(3);
      const { error } = res.json<{ error: { message: string; fix: string } }>();
      expect(error.message).toBe(`${path} could not be read: ${reason}; nothing was written`);
      expect(error.fix).toContain(`sqlite3 ${path} 'PRAGMA integrity_check;'`);
    }
    expect(flagFiles(repo)).toEqual([]);
    expect(git(repo, 'status', '--porcelain')).toBe('');
  });

  it('refuses a database whose write-ahead log holds writes the import cannot read', async () => {
    const repo = await makeRepo();
    const db = await seedDatabase();
    // As SQLite in WAL mode leaves it while the original tool runs, or after it was killed.
    writeFileSync(`${db}-wal`, 'frames not yet checkpointed');
    const res = await cli(repo, ['--json', 'import-sqlite', db, '--tz', 'UTC']);
    expect(res.code).toBe(3);
    const { error } = res.json<{ error: { message: string; fix: string } }>();
    expect(error.message).toBe(
      `${db}'s last writes may still be in ${db}-wal, which the import cannot read; nothing was written`,
    );
    expect(error.fix).toContain(`sqlite3 ${db} 'PRAGMA wal_checkpoint(TRUNCATE);'`);
    expect(flagFiles(repo)).toEqual([]);
    // Once checkpointed (TRUNCATE leaves the log empty), every row is imported.
    writeFileSync(`${db}-wal`, '');
    expect((await cli(repo, ['import-sqlite', db, '--tz', 'UTC'])).code).toBe(0);
    expect(flagFiles(repo)).toHaveLength(ROWS.length);
  });

  it('reports its progress from the first flag (countStep), then clears it', async () => {
    const said: (string | null)[] = [];
    const ws = await openWorkspace(await makeRepo(), (what) => said.push(what));
    await importSqlite(ws, await seedDatabase(), { tz: 'UTC' });
    expect(said.filter((w) => w?.startsWith('importing'))).toEqual(['importing: 0 of 10 flags']);
    expect(said.at(-1)).toBeNull();
  });
});
