import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answers } from '../src/catalog/search-answer.js';
import { readFileSync } from 'node:fs';
import { EVERYDAY_FILE, everydayCount } from '../src/catalog/everyday-words.js';

const ROOT = resolve(import.meta.dirname, '..');

describe('everyday English for the no-match rule', () => {
  it('is the table scripts/everyday-words.mjs derives from the package, with the search’s own stems', () => {
    // Throws (exit code 1) when the committed table differs from a fresh one.
    execFileSync(process.execPath, [resolve(ROOT, 'scripts', 'everyday-words.mjs'), '--check'], {
      cwd: ROOT,
      stdio: 'pipe',
    });
    const terms = readFileSync(EVERYDAY_FILE, 'utf8').split('\n')[1] ?? '';
    expect(terms.slice(0, 200).split(' ')).toContain('know:306579');
    expect(terms).not.toMatch(/(^| )the:/);
    expect(everydayCount('know')).toBe(306579);
    expect(everydayCount('the')).toBe(0);
  });

  it('answers when evidence and points together say so', () => {
    const none = { domain: 0, points: 0 };
    expect(answers(none)).toBe(false);
    expect(answers({ domain: 5, points: 2 })).toBe(true);
    expect(answers({ domain: -20, points: 1 })).toBe(false);
  });
});
