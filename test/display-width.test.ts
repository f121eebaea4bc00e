/**
 * Tables and wrapped prose count terminal columns, not characters (src/cli/columns.ts): flag
 * text may hold CJK (two columns a character), emoji (two), combining marks (none) and tabs.
 * Printed at 60 and 80 columns, no line is wider than the terminal, the columns of a table line
 * up on screen, and no tab is printed raw. Widths are measured with string-width itself.
 */
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { padToWidest } from '../src/cli/columns.js';
import { fitTable, lastColumnFlexes } from '../src/cli/table.js';
import { createFlag, makeRepo } from './helpers.js';
import { printedAt, rowOf } from './width-helpers.js';

/** Prose with spaces between its words: wide, emoji, combining, a path and plain words. */
const WIDE =
  '用户表新增了偏好设置列 preferences，所有返回用户的处理程序 都必须返回它 👍🏽 and 🎉 café\u0301 ' +
  'naïve 日本語のテキスト も含まれています 한국어 텍스트 in src/用户/处理程序.ts, with null for old accounts.';
const TABBED =
  'Columns:\tname\ttype\tdefault; the users table gained one, every handler returns it.';

async function printed(repo: string, args: string[], columns: number): Promise<string[]> {
  return (await printedAt(repo, args, columns)).filter(Boolean);
}

/** Every line within `columns` terminal columns, and no raw tab. */
function fits(lines: string[], columns: number): void {
  for (const line of lines) {
    expect(stringWidth(line), line).toBeLessThanOrEqual(columns);
    expect(line).not.toContain('\t');
  }
}

/** The terminal column at which `part` starts in `line`. */
function columnOf(line: string, part: string): number {
  const at = line.indexOf(part);
  expect(at, `${part} in ${line}`).toBeGreaterThanOrEqual(0);
  return stringWidth(line.slice(0, at));
}

describe('display width', () => {
  it('a table at 80 columns with CJK and emoji cells stays within 80 and lines up', async () => {
    const repo = await makeRepo();
    const wide = await createFlag(repo, '@a.one', 'change', '--to', '@c.three', '--change', WIDE);
    const plain = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    for (const columns of [80, 60]) {
      const lines = await printed(repo, ['list'], columns);
      fits(lines, columns);
      const [header = ''] = lines;
      const rows = [wide, plain].map((id) => rowOf(lines, id) ?? '');
      const start = columnOf(header, 'CHANGE');
      expect(rows.map((row) => columnOf(row, row.includes('用户') ? '用户' : 'The '))).toEqual([
        start,
        start,
      ]);
      // Cut to the room the column has, on a whole character, with the ellipsis.
      expect(rows[0]).toMatch(/…$/);
      expect(stringWidth(rows[0] ?? '')).toBeGreaterThanOrEqual(columns - 1);
    }
  });

  it('brief and show wrap wide prose within 60 and 80 columns, under their indent', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two', '--change', WIDE);
    for (const columns of [60, 80]) {
      const brief = await printed(repo, ['brief', '--agent', '@b.two'], columns);
      fits(brief, columns);
      const item = brief.findIndex((l) => l.startsWith(`- ${id}`));
      expect(brief[item + 1]).toMatch(/^ {2}\S/);
      const show = await printed(repo, ['show', id], columns);
      const start = show.indexOf('Change description') + 1;
      const section = show.slice(start, show.indexOf('Action required'));
      fits(section, columns);
      expect(section.length).toBeGreaterThan(1);
      for (const line of section) expect(line).toMatch(/^ {2}\S/);
      expect(section.map((l) => l.trim()).join(' ')).toBe(WIDE);
    }
  });

  it('show breaks CJK prose, which has no spaces, between its characters', async () => {
    const repo = await makeRepo();
    const text =
      '用户表新增了偏好设置列，所有返回用户的处理程序都必须返回它。旧账户返回空值，新账户返回默认设置。'.repeat(
        2,
      );
    const id = await createFlag(repo, '@a.one', 'change', '--change', text);
    const show = await printed(repo, ['show', id], 60);
    const section = show.slice(
      show.indexOf('Change description') + 1,
      show.indexOf('Action required'),
    );
    expect(section.length).toBeGreaterThan(1);
    fits(section, 60);
    for (const line of section) expect(line).toMatch(/^ {2}[^\s，。]/);
    expect(section.map((l) => l.trim()).join('')).toBe(text);
  });

  it('a tab is expanded in wrapped prose and made a space in a table cell', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two', '--change', TABBED);
    const show = await printed(repo, ['show', id], 60);
    const line = show.find((l) => l.includes('Columns:')) ?? '';
    // At column 2, "Columns:" ends at 10: the tab goes to the stop at 16, the next ones by 8.
    expect(line).toBe('  Columns:      name    type    default; the users table');
    const list = await printed(repo, ['list'], 200);
    expect(list.some((l) => l.includes('Columns: name type default;'))).toBe(true);
    fits(list, 200);
  });
});

describe('fitTable on wide cells in any column', () => {
  it('pads and cuts by columns, so the columns after a wide cell line up on screen', () => {
    const rows = [
      ['NAME', 'KIND', 'TEXT'],
      ['用户表用户表', 'wide', `${WIDE} ${WIDE}`],
      ['e\u0301 👍🏽', 'mixed', 'plain words that go on and on past the edge of the table'],
      ['plain', 'ascii', 'short'],
    ];
    const lines = fitTable(rows, lastColumnFlexes(3), { width: 40 });
    fits(lines, 40);
    const at = (name: string) => columnOf(lines[0] ?? '', name);
    lines.slice(1).forEach((line, i) => {
      expect(columnOf(line, rows[i + 1]?.[1] ?? '')).toBe(at('KIND'));
    });
    // Only the flexible last column is cut: the wide first cells are kept whole.
    expect(lines[1]).toMatch(/^用户表用户表 {2}wide {3}\S.*…$/);
    expect(lines[2]?.startsWith('e\u0301 👍🏽')).toBe(true);
  });
});

describe('padToWidest, the label column of the gate report and doctor', () => {
  it('pads wide and combining labels to one width in columns, at least the minimum', () => {
    const labels = ['flags', '格式检查', 'e\u0301 👍🏽', 'typecheck'];
    // 格式检查 is 4 characters and 8 columns: padding by characters would leave it 4 columns over.
    expect(padToWidest(labels, 10).map((label) => stringWidth(label))).toEqual([10, 10, 10, 10]);
    const wider = padToWidest([...labels, '用户表检查器'], 10);
    expect(wider.map((label) => stringWidth(label))).toEqual([12, 12, 12, 12, 12]);
    expect(wider[1]).toBe('格式检查    ');
  });
});
