/**
 * `show` and `brief` wrap their prose to the terminal's width, as tables fit it
 * (test/narrow-tables.test.ts): COLUMNS, else the terminal's columns; piped output is for
 * machines and keeps each text on its line. Lines break only at spaces: ids, paths and the
 * commands the brief names stay whole, and continuation lines keep their indent.
 */
import { describe, expect, it } from 'vitest';
import { cli, createFlag, makeRepo } from './helpers.js';

const PATH = 'src/api/handlers/users/preferences-serializer.ts';
const LONG = `The users table gained a preferences JSON column; ${PATH} now reads it and every handler that returns a user must return it too, with null for accounts made before the migration ran.`;
const NOTES = `Handlers updated in ${PATH} and the loaders, with tests for null values and for accounts older than the migration.`;

async function printed(repo: string, args: string[], columns?: number): Promise<string[]> {
  const env: Record<string, string> = columns === undefined ? {} : { COLUMNS: String(columns) };
  const res = await cli(repo, ['--no-pager', ...args], env);
  expect(res.code, res.stderr).toBe(0);
  return res.stdout.split('\n');
}

/** Every line fits; the texts read back whole (lines joined) and the path is never cut. */
function fits(lines: string[], columns: number): void {
  for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(columns);
  expect(lines.some((l) => l.includes(PATH))).toBe(true);
}

describe('prose wrapped to the terminal', () => {
  it('show wraps its prose sections at 80 and 120 columns, with their indent', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--change', LONG, '--to', '@b.two');
    await cli(repo, ['lock', id, '--by', '@b.two']);
    await cli(repo, ['complete', id, '--by', '@b.two', '--notes', NOTES]);
    for (const columns of [80, 120]) {
      const lines = await printed(repo, ['show', id], columns);
      fits(lines, columns);
      const start = lines.indexOf('Change description') + 1;
      const end = lines.indexOf('', start);
      const section = lines.slice(start, end);
      expect(section.length).toBeGreaterThan(1);
      for (const line of section) expect(line.startsWith('  ') && line[2] !== ' ').toBe(true);
      expect(section.map((l) => l.trim()).join(' ')).toBe(LONG);
    }
    const piped = await printed(repo, ['show', id]);
    expect(piped).toContain(`  ${LONG}`);
  });

  it('show prints its example usage, code, as written', async () => {
    const repo = await makeRepo();
    const example = `const prefs = await serializePreferences(user, { includeDefaults: true, legacy: user.createdAt < migratedAt });`;
    const id = await createFlag(repo, '@a.one', 'change', '--example', example);
    const lines = await printed(repo, ['show', id], 60);
    expect(lines).toContain(`  ${example}`);
  });

  it('brief wraps its items under their dash and keeps commands on one line', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--change', LONG, '--to', '@b.two');
    const lines = await printed(repo, ['brief', '--agent', '@b.two'], 80);
    fits(lines, 80);
    const item = lines.findIndex((l) => l.startsWith(`- ${id} `));
    expect(item).toBeGreaterThan(0);
    expect(lines[item + 1]?.startsWith('  ')).toBe(true);
    expect(lines.some((l) => l.includes('flagstore complete <id> --notes "..."'))).toBe(true);
    const piped = await printed(repo, ['brief', '--agent', '@b.two']);
    expect(piped.some((l) => l.startsWith(`- ${id} `) && l.length > 120)).toBe(true);
  });
});
