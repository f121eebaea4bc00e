import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, createFlag, git, makeRepo } from './helpers.js';
import { printedAt } from './width-helpers.js';

// Each table's column specs say what gives way on a narrow terminal (src/cli/commands/diff.ts,
// src/cli/commands/log.ts, src/cli/present.ts): these tests read the cells back by the header's
// columns and check that rule, not only the line widths.

const LONG = `${'The users table gained a preferences JSON column. '.repeat(4)}`.trim();
const ELLIPSIS = '…';

/** A table as printed at a width: its lines, and each column's cells by header name. */
interface Table {
  lines: string[];
  cells: Map<string, string[]>;
}

/** Reads `rows` table rows after the header; a column starts where its header name does. */
function readTable(lines: string[], rows: number): Table {
  const header = lines[0] ?? '';
  const starts = [...header.matchAll(/\S+/g)].map((m) => ({ name: m[0], at: m.index }));
  const body = lines.slice(1, 1 + rows);
  const cells = new Map(
    starts.map(({ name, at }, i) => [
      name,
      body.map((line) => line.slice(at, starts[i + 1]?.at ?? line.length).trimEnd()),
    ]),
  );
  return { lines: [header, ...body], cells };
}

async function printed(
  repo: string,
  o: { args: string[]; columns: number; rows: number },
): Promise<Table> {
  const env = { COLUMNS: String(o.columns), NO_COLOR: '1' };
  const res = await cli(repo, ['--no-pager', ...o.args], env);
  expect(res.code, res.stderr).toBe(0);
  const table = readTable(res.stdout.split('\n').filter(Boolean), o.rows);
  for (const line of table.lines) expect([...line].length).toBeLessThanOrEqual(o.columns);
  return table;
}

function column(table: Table, name: string): string[] {
  const cells = table.cells.get(name);
  expect(cells, `column ${name} in ${table.lines[0]}`).toBeDefined();
  return cells ?? [];
}

/** True when `cell` is `whole` cut with an ellipsis to at most `max` characters. */
function cutFrom(cell: string, whole: string, max = Infinity): boolean {
  const kept = cell.slice(0, -1);
  return cell.endsWith(ELLIPSIS) && cell.length <= max && whole.startsWith(kept) && cell !== whole;
}

/** A committed flag, then a lock and two field edits in the work tree: a diff row with details. */
async function lockedWithEdits(): Promise<{ repo: string; id: string }> {
  const repo = await makeRepo();
  const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two', '--change', LONG);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '--no-verify', '-m', 'flag');
  expect((await cli(repo, ['lock', id, '--by', '@b.two'])).code).toBe(0);
  const path = join(repo, 'flags', `${id}.md`);
  const text = readFileSync(path, 'utf8');
  writeFileSync(
    path,
    text
      .replace('impact_level: medium', 'impact_level: low')
      .replace('code_location: null', 'code_location: src/users.ts:3'),
  );
  return { repo, id };
}

describe('diff: KIND, ID and IMPACT stay whole; the change text gives way, then DETAILS', () => {
  it('cuts the change text before DETAILS, then shortens DETAILS, then drops it', async () => {
    const { repo, id } = await lockedWithEdits();
    const at = (columns: number) => printed(repo, { args: ['diff'], columns, rows: 1 });
    const wide = await at(400);
    expect(column(wide, 'CHANGE')).toEqual([LONG]);
    const [details = ''] = column(wide, 'DETAILS');
    expect(details.length).toBeGreaterThan(12);
    const whole = (table: Table) => {
      expect(column(table, 'KIND')).toEqual(['locked']);
      // The short form other tables print (unique among every flag), not all 26 characters.
      expect(column(table, 'ID')).toEqual([id.slice(-5)]);
      expect(column(table, 'IMPACT')).toEqual(['low']);
    };
    // Room for DETAILS whole and the change text at its minimum (16): the change text gives way.
    const roomy = await at(120);
    whole(roomy);
    expect(cutFrom(column(roomy, 'CHANGE')[0] ?? '', LONG)).toBe(true);
    expect(column(roomy, 'DETAILS')).toEqual([details]);
    // At 80, DETAILS is shortened to its minimum (12) and the change text keeps at least 16.
    const narrow = await at(80);
    whole(narrow);
    const change = column(narrow, 'CHANGE')[0] ?? '';
    expect(cutFrom(change, LONG)).toBe(true);
    expect(change.length).toBeGreaterThanOrEqual(16);
    expect(cutFrom(column(narrow, 'DETAILS')[0] ?? '', details, 12)).toBe(true);
    // Narrower still, DETAILS goes; the identifying columns do not.
    const narrowest = await at(45);
    whole(narrowest);
    expect(narrowest.cells.has('DETAILS')).toBe(false);
    expect(column(narrowest, 'CHANGE')[0]?.length).toBeGreaterThanOrEqual(16);
  });
});

describe('log: COMMIT and CHANGE stay whole; WHERE and BY shorten, DETAILS then DATE go', () => {
  it('at 80 columns BY is shortened; then DATE goes', async () => {
    const repo = await makeRepo();
    const holder = '@backend.api-gateway';
    const id = await createFlag(repo, '@a.one', 'change', '--to', holder, '--commit');
    expect((await cli(repo, ['lock', id, '--by', holder, '--commit'])).code).toBe(0);
    const done = ['complete', id, '--by', holder, '--notes', 'done', '--commit'];
    expect((await cli(repo, done)).code).toBe(0);
    const commits = git(repo, 'log', '-3', '--format=%H').split('\n').filter(Boolean).reverse();
    const at = (columns: number) => printed(repo, { args: ['log', id], columns, rows: 3 });
    const whole = (table: Table) => {
      expect(column(table, 'COMMIT')).toEqual(commits.map((c) => c.slice(0, 10)));
      expect(column(table, 'CHANGE')).toEqual(['created', 'locked', 'completed']);
    };
    const wide = await at(400);
    whole(wide);
    expect(column(wide, 'BY')).toEqual(['@a.one', holder, holder]);
    // DETAILS would only repeat BY (`by @backend.api-gateway`): it is left out (round mend37a).
    expect(wide.cells.has('DATE')).toBe(true);
    expect(wide.cells.has('DETAILS')).toBe(false);
    const narrow = await at(80);
    whole(narrow);
    expect(narrow.cells.has('DETAILS')).toBe(false);
    // Below 120 columns the date is to the minute (16 columns), not the ISO form (25).
    const minute = column(wide, 'DATE').map((d) => d.slice(0, 16).replace('T', ' '));
    expect(column(narrow, 'DATE')).toEqual(minute);
    expect(column(await at(120), 'DATE')).toEqual(column(wide, 'DATE'));
    // BY and WHERE got the room the date gave back: the handles print whole.
    expect(column(narrow, 'BY')).toEqual(['@a.one', holder, holder]);
    expect(column(narrow, 'WHERE')).toEqual(column(wide, 'WHERE'));
    const narrowest = await at(60);
    whole(narrowest);
    expect(narrowest.cells.has('DATE')).toBe(false);
    expect(narrowest.cells.has('WHERE')).toBe(true);
  });
});

describe('list: handles shorten first; then TYPE, STATE, AGE and FROM go, in that order', () => {
  it('keeps ID, IMPACT and at least 28 characters of the change text at 80 columns', async () => {
    const repo = await makeRepo();
    const [from, to] = ['@database.postgres-primary', '@frontend.web-dashboard'];
    const args = ['breaking_change', '--to', to, '--impact', 'high', '--change', LONG];
    await createFlag(repo, from, ...args);
    await createFlag(repo, '@a.one', 'change', '--to', '@b.two', '--change', LONG);
    const at = (columns: number) => printed(repo, { args: ['list'], columns, rows: 2 });
    const wide = await at(400);
    expect(column(wide, 'CHANGE')).toEqual([LONG, LONG]);
    const order = ['TYPE', 'STATE', 'AGE', 'FROM'];
    for (const columns of [120, 100, 90, 80, 70]) {
      const table = await at(columns);
      expect(column(table, 'ID')).toEqual(column(wide, 'ID'));
      expect(column(table, 'IMPACT')).toEqual(column(wide, 'IMPACT'));
      expect(column(table, 'CHANGE').every((cell) => cutFrom(cell, LONG))).toBe(true);
      expect(column(table, 'CHANGE').every((cell) => cell.length >= 28)).toBe(true);
      // Whatever went, went in the documented order, and only once the handles were short.
      const gone = order.filter((name) => !table.cells.has(name));
      expect(gone, `${columns} columns`).toEqual(order.slice(0, gone.length));
      const handles = table.cells.get('TO') ?? [];
      if (gone.length > 0) expect(handles[0], `${columns} columns`).toMatch(/^.{13}…$/);
      if (columns === 80) expect(gone.length).toBeGreaterThanOrEqual(2);
    }
    // A handle column gives way (shortened) while TYPE, the first to go, is still shown.
    const roomy = await at(120);
    expect(roomy.cells.has('TYPE')).toBe(true);
    expect(cutFrom(column(roomy, 'FROM')[0] ?? '', from, 14)).toBe(true);
  });
});

describe('list --status all: STATE is kept when the states differ', () => {
  it('at 80 columns ID, IMPACT, TO, STATE, CHANGE; at 120 every column', async () => {
    const repo = await makeRepo();
    const [by, to] = ['@backend.api', '@frontend-react'];
    const make = (...args: string[]) => createFlag(repo, by, ...args, '--to', to, '--change', LONG);
    await make('breaking_change', '--impact', 'high');
    const locked = await make('change');
    const done = await make('change');
    expect((await cli(repo, ['lock', locked, '--by', to])).code).toBe(0);
    expect((await cli(repo, ['complete', done, '--by', to, '--notes', 'done'])).code).toBe(0);
    const args = ['list', '--status', 'all'];
    const narrow = (await printedAt(repo, args, 80)).filter(Boolean);
    expect(narrow[0]?.split(/ +/)).toEqual(['ID', 'IMPACT', 'TO', 'STATE', 'CHANGE']);
    expect(narrow.every((line) => line.length <= 80)).toBe(true);
    const states = narrow
      .slice(1, 4)
      .map((line) => / (pending|completed|locked @\S+) /.exec(line)?.[1]);
    expect(states.every((state) => state !== undefined)).toBe(true);
    expect(new Set(states).size).toBe(3);
    const wide = (await printedAt(repo, args, 120)).filter(Boolean);
    const every = ['ID', 'IMPACT', 'TYPE', 'FROM', 'TO', 'STATE', 'AGE', 'CHANGE'];
    expect(wide[0]?.split(/ +/)).toEqual(every);
    expect(wide.every((line) => line.length <= 120)).toBe(true);
    // The lock and its holder, whole or shortened as at 80 columns: these rows fill 120 columns
    // exactly, so an id printed with six characters (about 1 run in 100: five random ones all
    // digits, src/core/ids.ts) takes the holder's last one. A row without the lock still fails.
    expect(wide.some((line) => / locked @front\S* /.test(line))).toBe(true);
  });
});

describe('list: a lock shows at 80 columns even when every row is locked', () => {
  it('keeps STATE when the one flag listed is locked, so another agent sees the lock', async () => {
    const repo = await makeRepo();
    const [by, to] = ['@database.postgres', '@backend.api'];
    const id = await createFlag(repo, by, 'change', '--to', to, '--change', LONG);
    expect((await cli(repo, ['lock', id, '--by', to])).code).toBe(0);
    const narrow = (await printedAt(repo, ['list', '--by', '@other.agent'], 80)).filter(Boolean);
    expect(narrow[0]?.split(/ +/)).toContain('STATE');
    expect(narrow[1]).toContain(' locked @');
    expect(narrow.every((line) => line.length <= 80)).toBe(true);
  });
});

describe('list --status all: a completed flag says so at 80 columns when it is the only row', () => {
  it('keeps STATE with "completed" in it', async () => {
    const repo = await makeRepo();
    const [by, to] = ['@database.postgres', '@backend.api'];
    const id = await createFlag(repo, by, 'change', '--to', to, '--change', LONG);
    expect((await cli(repo, ['complete', id, '--by', to, '--notes', 'done'])).code).toBe(0);
    const narrow = (await printedAt(repo, ['list', '--status', 'all'], 80)).filter(Boolean);
    expect(narrow[0]?.split(/ +/)).toContain('STATE');
    expect(narrow[1]).toContain(' completed ');
  });
});
