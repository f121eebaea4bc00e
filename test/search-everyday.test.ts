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
    // A catalog of software agents: its words are rare in spoken English (rarity 12).
    const none = { domain: 0, points: 0, rarity: 12 };
    expect(answers(none)).toBe(false);
    expect(answers({ domain: 5, points: 2, rarity: 12 })).toBe(true);
    expect(answers({ domain: -20, points: 1, rarity: 12 })).toBe(false);
  });

  it('asks more of a request in a catalog written in everyday words', () => {
    const request = { domain: 5, points: 1.5 };
    expect(answers({ ...request, rarity: 12.5 })).toBe(true);
    expect(answers({ ...request, rarity: 10.6 })).toBe(false);
  });
});
