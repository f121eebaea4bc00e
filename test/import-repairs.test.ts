import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'sql.js';
import { describe, expect, it } from 'vitest';
import { cli, flagFiles, git, makeRepo } from './helpers.js';
import { originalDatabase } from './original-db.js';

const CHANGE = 'The users table gained a preferences JSON column used for personalisation.';
const ACTION =
  'Update the loaders in api/users.py and the serializers in api/serialize.py so they read and return the preferences column; add tests.';

type Row = Record<string, string | number | null>;

/** Rows the original's triggers accepted and flagstore's rules refuse, plus awkward data. */
const ROWS: Row[] = [
  { id: 1, flag_type: 'security', impact_level: 'high' },
  { id: 2, flag_type: 'security', impact_level: 'medium', target_agent: null },
  { id: 3, flag_type: 'data_loss', impact_level: 'high' },
  { id: 4, flag_type: 'hotfix', impact_level: 'medium' },
  { id: 5, flag_type: 'change', impact_level: 'urgent' },
  {
    id: 6,
    flag_type: 'change',
    impact_level: 'medium',
    change_description: `${CHANGE}\r\nLine two.`,
  },
  { id: 7, flag_type: 'change', impact_level: 'medium', target_agent: 'Backend Team!' },
  { id: 8, flag_type: 'change', impact_level: 'medium', status: 'done', completed_by: null },
  ...[9, 10, 11, 12, 13].map((id) => ({
    id,
    flag_type: 'refactor',
    impact_level: 'low',
    created_at: '2025-01-15 10:15',
  })),
  // The default time, 09:67, is not a time (the import says so): a real one.
  {
    id: 67,
    flag_type: 'enhancement',
    impact_level: 'medium',
    chain_origin_id: 1,
    created_at: '2025-01-15 10:07',
  },
];

function database(extra: (db: Database) => void = () => undefined): Promise<string> {
  return originalDatabase((db) => {
    insertRows(db);
    extra(db);
  });
}

function insertRows(db: Database): void {
  const insert = db.prepare(
    `INSERT INTO flags (id, chain_origin_id, flag_type, source_agent, target_agent, change_description,
      action_required, impact_level, status, completed_by, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
  );
  for (const r of ROWS) {
    const row: Row = {
      chain_origin_id: null,
      source_agent: '@database.postgres',
      target_agent: '@backend.nodejs',
      change_description: `${CHANGE} (#${String(r.id)})`,
      status: 'pending',
      completed_by: null,
      created_at: `2025-01-15 09:${String(r.id).padStart(2, '0').slice(-2)}`,
      ...r,
    };
    insert.run([
      row.id,
      row.chain_origin_id,
      row.flag_type,
      row.source_agent,
      row.target_agent,
      row.change_description,
      ACTION,
      row.impact_level,
      row.status,
      row.completed_by,
      row.created_at,
    ] as (string | number | null)[]);
  }
  insert.free();
}

interface Report {
  time_zone: string;
  flags: { written: { from: string; id: string; repairs: string[] }[] };
  repairs: { kind: string; rows: number }[];
}

describe('import-sqlite: every row arrives', () => {
  it('repairs rule-breaking rows, reads local times, keeps order and legacy ids', async () => {
    const repo = await makeRepo();
    const db = await database((d) => {
      d.exec('DROP TRIGGER validate_flag_quality');
      d.exec(`INSERT INTO flags (id, flag_type, source_agent, change_description, action_required, created_at)
        VALUES (80, 'change', '@a.one', 'too short', 'also short', 'yesterday-ish')`);
    });
    const res = await cli(repo, [
      '--json',
      'import-sqlite',
      db,
      '--tz',
      'Europe/Madrid',
      '--commit',
    ]);
    expect(res.code).toBe(0);
    const report = res.json<Report>();
    expect(report.time_zone).toBe('Europe/Madrid');
    const from = report.flags.written.map((f) => f.from);
    expect(from).toEqual([...ROWS.map((r) => String(r.id)), '80']);
    expect(flagFiles(repo)).toHaveLength(ROWS.length + 1);
    const kinds = Object.fromEntries(report.repairs.map((r) => [r.kind, r.rows]));
    expect(kinds).toMatchObject({
      'security raised to critical': 1,
      'untargeted security imported as change': 1,
      'data_loss raised to critical': 1,
      'unknown flag_type': 1,
      'unknown impact_level': 1,
      'line ends': 1,
      'agent name': 1,
      'unknown status': 1,
      'short change_description': 1,
      'unreadable created_at': 1,
    });
    const show = async (id: string) =>
      (await cli(repo, ['--json', 'show', id])).json<{ flag: Record<string, unknown> }>().flag;
    const legacy = await show('67');
    expect(legacy).toMatchObject({ legacy_id: 67, flag_type: 'enhancement' });
    expect((await show('#1')).impact_level).toBe('critical');
    expect(legacy.chain_origin_id).toBe((await show('#1')).id);
    expect((await show('#1')).notes).toContain('[import] security at high');
    expect((await show('#5')).impact_level).toBe('high');
    expect((await show('#6')).change_description).toBe(`${CHANGE}\nLine two.`);
    expect((await show('#7')).target_agent).toBe('@backend-team');
    expect(await show('#8')).toMatchObject({
      status: 'completed',
      completed_by: '@import.unknown',
    });
    expect((await show('#9')).created_at).toBe('2025-01-15T09:15:00.000Z');
    const minute = (await cli(repo, ['get-pending-flags', '@backend.nodejs']))
      .json<{ id: string; created_at: string; change_description: string }[]>()
      .filter((f) => f.created_at.startsWith('2025-01-15T09:15'));
    expect(minute.map((f) => /#(\d+)/.exec(f.change_description)?.[1])).toEqual([
      '9',
      '10',
      '11',
      '12',
      '13',
    ]);
    expect([...minute.map((f) => f.id)].sort()).toEqual(minute.map((f) => f.id));
    expect((await cli(repo, ['validate'])).code).toBe(0);
    expect(git(repo, 'status', '--porcelain')).toBe('');
    const check = await cli(repo, ['check']);
    const errors = check.stdout.split('\n').filter((l) => l.includes(': error: '));
    expect(errors).toHaveLength(2);
    for (const line of errors) expect(line).toContain('is unresolved');
    const done = await cli(repo, ['complete-flag', '67', '@backend.nodejs']);
    expect(done.json()).toMatchObject({ success: true, completed_by: '@backend.nodejs' });
  });

  it('prints progress-free summary lines, not one line per row', async () => {
    const repo = await makeRepo();
    const res = await cli(repo, ['import-sqlite', await database(), '--tz', 'UTC']);
    expect(res.code).toBe(0);
    const lines = res.stdout.trim().split('\n');
    expect(res.stdout).not.toMatch(/[0-9A-HJKMNP-TV-Z]{26}/);
    expect(lines[0]).toBe('agents: 3 written, 0 skipped; flags: 14 written, 0 skipped');
    expect(lines[1]).toBe('times read as local time in UTC (change with --tz)');
    expect(res.stdout).toContain("flags needed repairs, each recorded in the flag's notes:");
    const bad = await cli(repo, ['import-sqlite', await database(), '--tz', 'Mars/Olympus']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown time zone "Mars/Olympus"');
  });

  it('is all or nothing: a failed write removes what the run wrote, and a re-run completes it', async () => {
    const db = await database();
    const probe = await makeRepo();
    const ids = (await cli(probe, ['--json', 'import-sqlite', db, '--tz', 'UTC']))
      .json<Report>()
      .flags.written.map((f) => f.id);
    const repo = await makeRepo();
    const blocker = join(repo, 'flags', `${ids[6] as string}.md`);
    symlinkSync(join(repo, 'nowhere'), blocker);
    const failed = await cli(repo, ['import-sqlite', db, '--tz', 'UTC']);
    // The write's own error passes through: its kind (a conflict, exit 6) and its fix.
    expect(failed.code).toBe(6);
    expect(failed.stderr).toContain('import stopped at row #7');
    expect(failed.stderr).toContain('fix: look at flags/');
    expect(failed.stderr).toMatch(/the 9 file\(s\) it had written were removed/);
    expect(flagFiles(repo)).toEqual([`${ids[6] as string}.md`]);
    expect(git(repo, 'status', '--porcelain', '--', 'agents')).toBe('');
    git(repo, 'rm', '-q', '--cached', '--ignore-unmatch', blocker);
    const { rmSync } = await import('node:fs');
    rmSync(blocker);
    const again = await cli(repo, ['--json', 'import-sqlite', db, '--tz', 'UTC']);
    expect(again.json<Report>().flags.written.map((f) => f.id)).toEqual(ids);
  });
});
