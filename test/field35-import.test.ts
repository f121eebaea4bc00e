/**
 * import-sqlite with `locked` and `context` values the seed's schema accepts but does not mean:
 * `locked BOOLEAN DEFAULT FALSE` holding text, and `context JSON` holding text that is not JSON.
 * Every value read by interpretation is named in the flag's notes; no text is lost.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ACTION, CHANGE, cli, makeRepo, type CliResult } from './helpers.js';
import { originalDatabase } from './original-db.js';

/** [id, locked, context]: what users of the original wrote into those columns. */
const ROWS: [number, string | number | null, string | null][] = [
  [1, 'yes', null],
  [2, 'TRUE', null],
  [3, 'no', null],
  [4, 'waiting', null],
  [5, 2, null],
  [6, 1, '{not json'],
  [7, 0, '{"ticket": 42}'],
  [8, null, null],
];

async function database(): Promise<string> {
  return originalDatabase((db) => {
    for (const [id, locked, context] of ROWS)
      db.run(
        `INSERT INTO flags (id, flag_type, source_agent, target_agent, change_description,
          action_required, locked, context, created_at) VALUES (?, 'change', '@database.postgres',
          '@backend.api', ?, ?, ?, ?, '2025-01-02 10:00')`,
        [id, `${CHANGE} (#${id})`, ACTION, locked, context],
      );
  });
}

interface Shown {
  flag: { locked: boolean; context: unknown; notes: string | null };
}

let repo = '';
let imported: CliResult;
const show = async (n: number) => (await cli(repo, ['--json', 'show', `#${n}`])).json<Shown>().flag;

beforeAll(async () => {
  repo = await makeRepo();
  imported = await cli(repo, ['import-sqlite', await database(), '--tz', 'UTC']);
});

describe('import-sqlite: locked and context as the original meant them', () => {
  it('reads a yes/no word in locked as it says, and notes each', async () => {
    expect(imported.code).toBe(0);
    expect(await show(1)).toMatchObject({ locked: true });
    expect((await show(1)).notes).toContain('[import] locked "yes" (not 0 or 1) read as locked');
    expect(await show(2)).toMatchObject({ locked: true });
    expect((await show(2)).notes).toContain('locked "TRUE" (not 0 or 1) read as locked');
    expect(await show(3)).toMatchObject({ locked: false });
    expect((await show(3)).notes).toContain('locked "no" (not 0 or 1) read as unlocked');
    expect(await show(5)).toMatchObject({ locked: true });
    expect((await show(5)).notes).toContain('locked "2" (not 0 or 1) read as locked');
    expect(imported.stdout).toMatch(/4 +locked read as a yes\/no/);
  });

  it('imports text with no clear meaning as unlocked, saying so', async () => {
    const four = await show(4);
    expect(four.locked).toBe(false);
    expect(four.notes).toContain('locked "waiting" is neither yes nor no; imported as unlocked');
  });

  it('keeps a context that is not JSON as text, saying why', async () => {
    const six = await show(6);
    expect(six).toMatchObject({ locked: true, context: '{not json' });
    expect(six.notes).toBe('[import] context: kept as text because it is not JSON (9 characters)');
    expect(imported.stdout).toMatch(/1 +context not JSON/);
  });

  it('needs no note for 0, 1, null and JSON', async () => {
    expect(await show(7)).toMatchObject({ locked: false, context: { ticket: 42 }, notes: null });
    expect(await show(8)).toMatchObject({ locked: false, context: null, notes: null });
  });
});
