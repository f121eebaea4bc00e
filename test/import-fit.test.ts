/**
 * import-sqlite fits each flag file within the size flag files are read at, and every note it
 * adds survives the fit: the note for a taken original id (`original id #1 is already ...`), and
 * the note for each text cut when a row's texts together are too large.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_FLAG_CHARS } from '../src/store/flag-file.js';
import { ACTION, CHANGE, cli, flagFiles, makeRepo } from './helpers.js';
import { originalDatabase } from './original-db.js';

/** A database of one row, #1, created on `day` of January 2025, with `notes` characters of notes. */
async function database(notes: number, day = 2): Promise<string> {
  return originalDatabase((db) =>
    db.run(
      `INSERT INTO flags (id, flag_type, source_agent, target_agent, change_description,
        action_required, notes, created_at) VALUES (1, 'change', '@database.postgres',
        '@backend.api', ?, ?, ?, ?)`,
      [CHANGE, ACTION, 'n'.repeat(notes), `2025-01-${String(day).padStart(2, '0')} 10:00`],
    ),
  );
}

describe('import-sqlite: a taken original id on a flag near the size limit', () => {
  it('writes a file that is still read, the note added and the row whole in its database', async () => {
    // How large a flag with 1,000 characters of notes is: the rest is the same in the next run.
    const probe = await makeRepo();
    expect((await cli(probe, ['import-sqlite', await database(1000, 3), '--tz', 'UTC'])).code).toBe(
      0,
    );
    const overhead = statSync(join(probe, 'flags', flagFiles(probe)[0]!)).size - 1000;
    const repo = await makeRepo();
    expect((await cli(repo, ['import-sqlite', await database(10), '--tz', 'UTC'])).code).toBe(0);
    const near = await database(MAX_FLAG_CHARS - overhead - 20, 3);
    const second = await cli(repo, ['import-sqlite', near, '--tz', 'UTC']);
    expect(second.code).toBe(0);
    const sizes = flagFiles(repo).map((f) => statSync(join(repo, 'flags', f)).size);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_FLAG_CHARS);
    const list = await cli(repo, ['--json', 'list', '--status', 'all']);
    expect(list.code).toBe(0);
    type Listed = { id: string; legacy_id: number | null; notes: string | null };
    const flags = list.json<{ flags: Listed[] }>().flags;
    expect(flags.map((f) => f.legacy_id).sort()).toEqual([1, null]);
    const moved = (
      await cli(repo, ['--json', 'show', flags.find((f) => f.legacy_id === null)!.id])
    ).json<{ flag: Listed }>().flag;
    expect(moved.notes).toContain('[import] original id #1 is already');
    expect(moved.notes).toContain('[import] notes: ');
    expect(moved.notes).toContain('the whole text stays in row #1 of the original database');
  });
});

describe('import-sqlite: a row whose texts together are far too large', () => {
  it('cuts several texts, each cut noted, and leaves the flag valid', async () => {
    const path = await originalDatabase((db) =>
      db.run(
        `INSERT INTO flags (id, flag_type, source_agent, target_agent, change_description,
          action_required, example_usage, notes, created_at) VALUES (7, 'change',
          '@database.postgres', '@backend.api', ?, ?, ?, ?, '2025-01-02 10:00')`,
        [
          CHANGE + 'c'.repeat(400_000),
          'A'.repeat(500_000),
          'e'.repeat(400_000),
          'n'.repeat(400_000),
        ],
      ),
    );
    const repo = await makeRepo();
    const run = await cli(repo, ['import-sqlite', path, '--tz', 'UTC']);
    expect(run.code).toBe(0);
    const shown = await cli(repo, ['--json', 'show', '#7']);
    expect(shown.code).toBe(0);
    const flag = shown.json<{ flag: Record<string, string> }>().flag;
    const cuts = (flag.notes ?? '').split('\n\n').filter((l) => l.startsWith('[import] '));
    const cut = (field: string) => cuts.filter((l) => l.startsWith(`[import] ${field}: `));
    expect(cut('action_required')).toHaveLength(1);
    expect(cuts.length).toBeGreaterThanOrEqual(2);
    expect((await cli(repo, ['validate'])).code).toBe(0);
  });
});

describe('import-sqlite: a row too large even with its texts cut', () => {
  it('arrives with its file list and context cut, each cut in its notes and the summary', async () => {
    const paths = Array.from({ length: 60_000 }, (_, i) => `src/module${i}/file.ts`);
    const path = await originalDatabase((db) => {
      const insert = (id: number, files: string | null, context: string | null): void => {
        db.run(
          `INSERT INTO flags (id, flag_type, source_agent, target_agent, change_description,
            action_required, related_files, context, created_at) VALUES (?, 'change',
            '@database.postgres', '@backend.api', ?, ?, ?, ?, '2025-01-02 10:00')`,
          [id, CHANGE, ACTION, files, context],
        );
      };
      insert(1, null, null);
      insert(2, paths.join(','), null);
      insert(3, null, JSON.stringify({ dump: 'x'.repeat(200_000) }));
      insert(4, null, null);
    });
    const repo = await makeRepo();
    const run = await cli(repo, ['--json', 'import-sqlite', path, '--tz', 'UTC']);
    expect(run.code, run.stderr).toBe(0);
    type Report = {
      flags: { written: { from: string; id: string; repairs: string[] }[] };
      repairs: { kind: string; rows: number }[];
    };
    const report = run.json<Report>();
    expect(report.flags.written.map((f) => f.from)).toEqual(['1', '2', '3', '4']);
    expect(report.repairs).toEqual(
      expect.arrayContaining([
        { kind: 'file list too long', rows: 1 },
        { kind: 'context too large', rows: 1 },
      ]),
    );
    const show = async (from: string) => {
      const id = report.flags.written.find((f) => f.from === from)!.id;
      const shown = await cli(repo, ['--json', 'show', id]);
      return shown.json<{ flag: { notes: string; related_files: string[]; context: unknown } }>()
        .flag;
    };
    const listed = await show('2');
    expect(listed.related_files).toEqual(paths.slice(0, listed.related_files.length));
    expect(listed.notes).toContain(
      `[import] related_files: 60000 paths cut to the first ${listed.related_files.length}, for the file to fit in 1024 KiB; the whole list stays in row #2`,
    );
    const context = (await show('3')).context as string;
    expect(context.startsWith('{"dump":"xxx')).toBe(true);
    expect(JSON.stringify(context).length).toBeLessThanOrEqual(64 * 1024);
    // Cut to fit, not far below: the cut steps back a kilobyte at a time.
    expect(JSON.stringify(context).length).toBeGreaterThan(63 * 1024);
    expect((await show('3')).notes).toContain('[import] context: 200011 characters as JSON');
    // The longest first part of the list that fits: one more path (25 bytes or so) would not.
    const listedId = report.flags.written.find((f) => f.from === '2')!.id;
    const listedSize = statSync(join(repo, 'flags', `${listedId}.md`)).size;
    expect(listedSize).toBeGreaterThan(MAX_FLAG_CHARS - 64);
    const sizes = flagFiles(repo).map((f) => statSync(join(repo, 'flags', f)).size);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_FLAG_CHARS);
    expect((await cli(repo, ['validate'])).code).toBe(0);
    // Their original ids resolve, though legacy_id comes after the long list and context.
    for (const from of ['2', '3']) {
      const shown = await cli(repo, ['--json', 'show', `#${from}`]);
      expect(shown.code, shown.stderr).toBe(0);
      expect(shown.json<{ flag: { legacy_id: number } }>().flag.legacy_id).toBe(Number(from));
    }
  }, 60_000);
});
