/**
 * The fix for a refused character writes out the character refused: a right-to-left override
 * pasted into a description was refused with "for example \u001b for ESC", a character the
 * user never typed, leaving them to work out the escape of the one they did.
 */
import { describe, expect, it } from 'vitest';
import { ACTION, CHANGE, cli, makeRepo } from './helpers.js';

const create = (repo: string, change: string) =>
  cli(repo, [
    'create',
    'change',
    '--by',
    '@a.one',
    '--to',
    '@b.two',
    '--change',
    change,
    '--action',
    ACTION,
  ]);

describe('a refused control character', () => {
  it('is written out in the fix as the character refused', async () => {
    const repo = await makeRepo();
    const rtl = await create(repo, `${CHANGE} \u202eevil\u202c`);
    expect(rtl.code).toBe(3);
    expect(rtl.stderr).toContain('U+202E RIGHT-TO-LEFT OVERRIDE');
    expect(rtl.stderr).toContain('\\u202e');
    expect(rtl.stderr).not.toContain('ESC');
    const esc = await create(repo, `${CHANGE} \u001b[31mred`);
    expect(esc.stderr).toContain('\\u001b for U+001B ESC');
  });
});
