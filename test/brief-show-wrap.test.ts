/**
 * Where each wrapped line of `brief` and `show` sits, at 60 and 80 columns, with agent names
 * longer than the width and long descriptions: an item starts at its mark (`- `, `> `), its
 * continuation lines hang under its text; a brief's answers are sub-items (`  - `) hanging
 * under their own text, so neither runs into the item above; show's chain entries each start
 * with a mark, and its heading lines (state, from/to, lock) wrap with their continuation lines
 * two columns in. Only a word wider than the room is over the width, alone after its indent.
 */
import { describe, expect, it } from 'vitest';
import { askAbout, cli, createFlag, makeRepo } from './helpers.js';
import { printedAt } from './width-helpers.js';

const SOURCE = '@backend-platform-infrastructure.authentication-session-management-service';
const TARGET = '@frontend-web-application.user-preferences-settings-dashboard';
const LONG =
  'The users table gained a preferences JSON column; every handler that returns a user must return it too, with null for accounts made before the migration ran.';
const REPLY =
  'Null: the mobile clients treat an empty object as set preferences and would stop applying their own defaults.';

/** A flag from SOURCE to TARGET locked by TARGET, asked about and answered: every kind of line. */
async function answered(): Promise<{ repo: string; id: string }> {
  const repo = await makeRepo();
  const id = await createFlag(repo, SOURCE, 'change', '--to', TARGET, '--change', LONG);
  expect((await cli(repo, ['lock', id, '--by', TARGET])).code).toBe(0);
  const ask = await askAbout(repo, { from: TARGET, to: SOURCE, about: id });
  const reply = await cli(repo, ['reply', ask, '--by', SOURCE, '--change', REPLY]);
  expect(reply.code, reply.stderr).toBe(0);
  return { repo, id };
}

/** Over the width only as one word after the line's indent. */
function fits(line: string, columns: number): void {
  if (line.length > columns) expect(line.trim().replace(/^[-*>] /, ''), line).not.toContain(' ');
}

/**
 * The lines of a list (until a blank line) in their places: an item at its mark, a sub-item
 * (`  - `) two columns in, and each continuation line under the text of what it continues.
 */
function listed(lines: string[], columns: number): void {
  let depth = 0;
  for (const line of lines) {
    fits(line, columns);
    if (/^[->] \S/.test(line)) depth = 2;
    else if (/^ {2}- \S/.test(line)) depth = 4;
    else expect(line.length - line.trimStart().length, `under its text: ${line}`).toBe(depth);
  }
}

/** The lines after `title` up to the next blank line. */
function section(lines: string[], title: string): string[] {
  const start = lines.findIndex((l) => l.startsWith(title)) + 1;
  expect(start, title).toBeGreaterThan(0);
  const end = lines.indexOf('', start);
  return lines.slice(start, end < 0 ? lines.length : end);
}

describe('brief and show wrap each line where it belongs', () => {
  it('brief: items hang under their text, answers are sub-items hanging under theirs', async () => {
    const { repo, id } = await answered();
    for (const columns of [60, 80]) {
      const lines = await printedAt(repo, ['brief', '--agent', TARGET], columns);
      const waiting = section(lines, 'Locked by you');
      expect(waiting[0]?.startsWith(`- ${id}`)).toBe(true);
      expect(waiting.filter((l) => l.startsWith('  - answer ('))).toHaveLength(2);
      listed(waiting, columns);
      for (const line of lines) fits(line, columns);
    }
  });

  it('show: heading lines wrap two columns in; chain entries each start with a mark', async () => {
    const { repo, id } = await answered();
    for (const columns of [60, 80]) {
      const lines = await printedAt(repo, ['show', id], columns);
      const heading = lines.slice(0, lines.indexOf(''));
      expect(heading[0]?.startsWith(`${id}  change  medium  locked by`)).toBe(true);
      const starts = heading.filter((l) => /^\S/.test(l)).map((l) => l.split(' ')[0]);
      expect(starts).toEqual([id, 'from', 'lock:']);
      for (const line of heading) {
        fits(line, columns);
        expect(line).toMatch(/^(\S| {2}\S)/);
      }
      const chain = section(lines, 'Chain, from its origin');
      expect(chain.filter((l) => /^[->] /.test(l))).toHaveLength(3);
      expect(chain[0]?.startsWith(`> ${id}`)).toBe(true);
      listed(chain, columns);
    }
  });
});
