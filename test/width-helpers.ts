import { expect } from 'vitest';
import { cli } from './helpers.js';

/** What a command prints at `columns` terminal columns (no pager, no colour), line by line. */
export async function printedAt(repo: string, args: string[], columns: number): Promise<string[]> {
  const res = await cli(repo, ['--no-pager', ...args], { COLUMNS: String(columns), NO_COLOR: '1' });
  expect(res.code, res.stderr).toBe(0);
  return res.stdout.split('\n');
}
