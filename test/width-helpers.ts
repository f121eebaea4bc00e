import { expect } from 'vitest';
import { cli } from './helpers.js';

/** What a command prints at `columns` terminal columns (no pager, no colour), line by line. */
export async function printedAt(repo: string, args: string[], columns: number): Promise<string[]> {
  const res = await cli(repo, ['--no-pager', ...args], { COLUMNS: String(columns), NO_COLOR: '1' });
  expect(res.code, res.stderr).toBe(0);
  return res.stdout.split('\n');
}

/**
 * The printed row of flag `id`: the line whose first word is the id's short form, a suffix of at
 * least five characters (longer when five would be all digits or shared, src/core/ids.ts).
 */
export function rowOf(lines: string[], id: string): string | undefined {
  return lines.find((line) => {
    const first = line.split(' ')[0] ?? '';
    return first.length >= 5 && id.endsWith(first);
  });
}
