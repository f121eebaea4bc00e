import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACTION, CHANGE, cli, flagFiles, makeRepo, type CliResult } from './helpers.js';
import { originalDatabase } from './original-db.js';

type Row = Record<string, string | number | null>;

/** Rows the original's triggers let through that users of the original really wrote. */
const ROWS: Row[] = [
  // The original's own word, upper-cased by hand in an UPDATE: the flag was done.
  { id: 1, status: 'COMPLETED', completed_by: '@frontend.web', created_at: '2025-01-02 10:00' },
  // Month 13, day 45, hour 99: Date.UTC rolls it over into February 2026.
  { id: 2, created_at: '2025-13-45 99:99' },
  // 30 February with a zone: Date.parse rolls it over into March.
  { id: 3, created_at: '2025-02-30T10:00:00Z' },
  // A 2,000,000-character note: larger than any flag file is read at.
  { id: 4, notes: 'N'.repeat(2_000_000), created_at: '2025-01-02 10:04' },
];

async function database(): Promise<string> {
  return originalDatabase(fillRows);
}

function fillRows(db: Database): void {
  const columns = ['id', 'flag_type', 'source_agent', 'target_agent', 'change_description'];
  const more = ['action_required', 'status', 'completed_by', 'notes', 'created_at'];
  const insert = db.prepare(
    `INSERT INTO flags (${[...columns, ...more].join(', ')}) VALUES (?,?,?,?,?,?,?,?,?,?)`,
  );
  for (const r of ROWS) {
    const row: Row = { status: 'pending', completed_by: null, notes: null, ...r };
    insert.run([
      row.id,
      'security',
      '@database.postgres',
      '@backend.api',
      CHANGE,
      ACTION,
      row.status,
      row.completed_by,
      row.notes,
      row.created_at,
    ] as (string | number | null)[]);
  }
  insert.free();
  db.run("INSERT INTO agents_catalog (name, type) VALUES ('Backend Team!', 'backend')");
}

interface Shown {
  flag: { status: string; completed_by: string | null; created_at: string; notes: string | null };
}

let repo = '';
let db = '';
let imported: CliResult;

const show = async (n: number) => (await cli(repo, ['--json', 'show', `#${n}`])).json<Shown>().flag;

beforeAll(async () => {
  repo = await makeRepo();
  db = await database();
  imported = await cli(repo, ['import-sqlite', db, '--tz', 'UTC']);
});

describe('import-sqlite: what the original let through', () => {
  it('imports every row, once', async () => {
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(flagFiles(repo)).toHaveLength(ROWS.length);
    expect((await cli(repo, ['validate'])).code).toBe(0);
    const again = await cli(repo, ['import-sqlite', db, '--tz', 'UTC']);
    expect(again.stdout).toContain(`flags: 0 written, ${ROWS.length} skipped`);
  });

  it('cuts a note too large for a flag file, and says so in the flag', async () => {
    // Checked as booleans: a failing toContain would print two million characters.
    const big = (await show(4)).notes ?? '';
    expect(/notes: \d+ characters cut to \d+/.test(big)).toBe(true);
    expect(big.includes('the whole text stays in row #4')).toBe(true);
    // The repairs made before the cut stay in the notes: security raised to critical.
    expect(big.includes('[import] security at medium')).toBe(true);
    for (const file of flagFiles(repo))
      expect(statSync(join(repo, 'flags', file)).size).toBeLessThan(1024 * 1024);
  });

  it('keeps a flag completed whose status was written COMPLETED', async () => {
    expect(await show(1)).toMatchObject({ status: 'completed', completed_by: '@frontend.web' });
  });

  it('refuses a date that does not exist rather than rolling it into another', async () => {
    const two = await show(2);
    expect(two.created_at.startsWith('2025-01-02T10:00')).toBe(true);
    expect(two.notes).toContain('created_at "2025-13-45 99:99" is not a time');
    expect((await show(3)).notes).toContain('created_at "2025-02-30T10:00:00Z" is not a time');
  });

  it('names the agents rows it could not import, with the way to add them', () => {
    expect(imported.stdout).toContain('agents skipped, name is not a handle: "Backend Team!"');
    expect(imported.stdout).toContain('flagstore agents add @domain.module');
  });

  it("keeps #1 naming one flag when a second project's database has a #1 too", async () => {
    const path = await originalDatabase(
      (other) =>
        other.run(
          `INSERT INTO flags (id, flag_type, source_agent, target_agent, change_description,
            action_required, created_at) VALUES (1, 'change', '@shop.orders', '@frontend.web', ?, ?, '2025-03-01 09:00')`,
          [`${CHANGE} (the other project)`, ACTION],
        ),
      { name: 'other.db' },
    );
    const res = await cli(repo, ['--json', 'import-sqlite', path, '--tz', 'UTC']);
    expect(res.code).toBe(0);
    const [written] = res.json<{ flags: { written: { id: string; repairs: string[] }[] } }>().flags
      .written;
    expect(written?.repairs.join()).toContain('original id #1 is already');
    expect((await show(1)).notes).toContain('status "COMPLETED"');
    const second = await cli(repo, ['--json', 'show', written?.id ?? '']);
    expect(second.json<Shown>().flag.notes).toContain('original id #1 is already');
  });
});
