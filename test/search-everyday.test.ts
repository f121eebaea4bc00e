import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answers } from '../src/catalog/search-answer.js';
import { readAgentDir } from '../src/catalog/catalog-store.js';
import { answerFeatures, searchAgents } from '../src/catalog/search.js';
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

  it('counts each term as the table writes it, before and after it reads the table into a map', () => {
    // The first few hundred lookups search the text; past them the whole table is read into a map.
    const pairs = (readFileSync(EVERYDAY_FILE, 'utf8').split('\n')[1] ?? '').split(' ');
    const sample = [...pairs.slice(0, 300), ...pairs.slice(-300), 'nosuchterm:0'];
    const split = sample.map((pair) => pair.split(':'));
    expect(split.map(([term]) => everydayCount(term ?? ''))).toEqual(
      split.map(([, count]) => Number(count)),
    );
  });

  it('answers when evidence, margin and coverage together say so', () => {
    // A catalog of software agents: its words are rare in spoken English (rarity 12).
    const none = { domain: 0, points: 0, margin: 0, cover: 0, share: 1, rarity: 12 };
    expect(answers(none)).toBe(false);
    const fits = { domain: 6, points: 2.5, margin: 2.5, cover: 0.8, share: 0.6, rarity: 12 };
    expect(answers(fits)).toBe(true);
    expect(answers({ ...fits, domain: -20, margin: 1, cover: 0.5 })).toBe(false);
  });

  it('asks more of a request in a catalog written in everyday words', () => {
    const request = { domain: 4.6, points: 1.5, margin: 1.1, cover: 0.3, share: 0.5 };
    expect(answers({ ...request, rarity: 12.5 })).toBe(true);
    expect(answers({ ...request, rarity: 10.6 })).toBe(false);
  });

  it("reads the best agent's share of every matched agent's score (since round 27)", () => {
    // The same readings answer when the request's words also reach agents past the second.
    const request = { domain: 4.6, points: 1.5, margin: 1.1, cover: 0.3, rarity: 12.5 };
    expect(answers({ ...request, share: 0.3 })).toBe(true);
    expect(answers({ ...request, share: 0.9 })).toBe(false);
    const docs = readAgentDir(resolve(ROOT, 'test', 'data', 'claude-agents'));
    const query = 'the pods keep crashing after the deploy';
    const always = { answer: { bias: 1, domain: 0 } };
    const hits = searchAgents(docs, query, docs.length, always);
    const total = hits.reduce((sum, h) => sum + h.score, 0);
    expect(hits.length).toBeGreaterThan(2);
    expect(answerFeatures(docs, query)?.share).toBeCloseTo((hits[0]?.score ?? 0) / total, 2);
  });

  it("holds no everyday word against a request: a user's own words say nothing either way", () => {
    const docs = readAgentDir(resolve(ROOT, 'test', 'data', 'claude-agents'));
    const terse = 'the pods keep crashing after the deploy';
    // Not "oven" since round 26: the mined agent text has an oven cleaner (claude-agents-x).
    const told = `${terse}, on the morning of my sister's wedding, with the bread still in the cupboard`;
    const domain = (query: string) => answerFeatures(docs, query)?.domain ?? Number.NaN;
    expect(domain(terse)).toBeGreaterThan(0);
    expect(domain(told)).toBeCloseTo(domain(terse), 9);
  });

  it('gives an everyday word fewer points the more often English uses it (since round 33)', () => {
    // "came", "back", "never", "made" are words of every story: they no longer outrank the one
    // word that names the need ("volumes", "league"); with everydayFall 0 they did.
    const at = (folder: string) => readAgentDir(resolve(ROOT, 'test', 'data', folder));
    const cases: [string, string, string][] = [
      [
        'claude-agents-m',
        'twenty PhD volumes came back with the author names misspelt on the back edge',
        '@hand-bookbinding-bindery-engineer',
      ],
      [
        'claude-agents-p',
        "the scores from Saturday's game never made it onto the league website",
        '@village-cricket-club-engineer',
      ],
    ];
    const always = { bias: 1, domain: 0 };
    for (const [folder, query, handle] of cases) {
      const docs = at(folder);
      expect(searchAgents(docs, query, 1)[0]?.handle, query).toBe(handle);
      const flat = searchAgents(docs, query, 1, { everydayFall: 0, answer: always })[0]?.handle;
      expect(flat, query).not.toBe(handle);
    }
  });
});
