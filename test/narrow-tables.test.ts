import { describe, expect, it } from 'vitest';
import { cli, createFlag, makeRepo } from './helpers.js';

const LONG = `${'The users table gained a preferences JSON column. '.repeat(4)}`.trim();

/** Lines of a command's output at a width, and the widest of them. */
async function widest(repo: string, args: string[], columns: string): Promise<number> {
  const res = await cli(repo, ['--no-pager', ...args], { COLUMNS: columns, NO_COLOR: '1' });
  expect(res.code, res.stderr).toBe(0);
  const lines = res.stdout.split('\n').filter(Boolean);
  expect(lines.length).toBeGreaterThan(1);
  return Math.max(...lines.map((line) => [...line].length));
}

describe('tables of diff and log fit COLUMNS', () => {
  it('diff gives the change text way at 80 columns, and shows it whole when there is room', async () => {
    const repo = await makeRepo();
    await createFlag(repo, '@a.one', 'change', '--to', '@b.two', '--change', LONG);
    expect(await widest(repo, ['diff'], '80')).toBeLessThanOrEqual(80);
    expect(await widest(repo, ['diff'], '400')).toBeGreaterThan(LONG.length);
  });

  it('log shortens where each transition was made at 80 columns', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two', '--commit');
    expect((await cli(repo, ['lock', id, '--by', '@b.two'])).code).toBe(0);
    expect((await cli(repo, ['complete', id, '--by', '@b.two', '--notes', 'done'])).code).toBe(0);
    expect(await widest(repo, ['log', id], '80')).toBeLessThanOrEqual(80);
    expect(await widest(repo, ['log', id], '400')).toBeGreaterThan(80);
  });
});
