/**
 * Subsections in the config reader (src/core/git-config.ts): `[branch "main"]` headers, escapes,
 * the case of section and subsection, the deprecated `[branch.main]` form, read as `git config`
 * reads them on generated files, or left to git.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalKey, configValues } from '../src/core/git-config.js';
import { gitLists } from './git-config-lists.js';
import { tempDir } from './helpers.js';

/** Keys asked, as `git config --get` spells them (see canonicalKey). */
const ASKED = [
  'branch.main.remote',
  'Branch.Main.Remote',
  'branch.ma"in.remote',
  'branch.ma\\in.remote',
  'branch.a]b.remote',
  'merge.flagstore.driver',
];
const KEYS = ASKED.map((key) => canonicalKey(key) as string);

const header = fc.constantFrom(
  '[branch "main"]',
  '[branch "Main"]',
  '[Branch "main"]',
  '[BRANCH "Main"]',
  '[branch.main]',
  '[branch.Main]',
  '[branch  "main"]',
  '[branch\t"Main"]',
  '[branch "ma\\"in"]',
  '[branch "ma\\\\in"]',
  '[branch "m\\ain"]',
  '[branch "a]b"]',
  '[branch "main" ]',
  '[branch "main"] # c',
  '[branch "main"] remote = inline',
  '[branch ""]',
  '[branch "main"',
  '[branch "main\\"]',
  '[branch]',
  '[merge "flagstore"]',
  '[merge "FlagStore"]',
  '[merge.flagstore]',
  '[remote "origin"]',
  '[include]',
  '[includeIf "gitdir:/x/"]',
);
const value = fc.constantFrom('origin', 'up-stream', '"q"', 'a # c', 'x;y', 'fs %O %A', '');
const entry = fc
  .tuple(fc.constantFrom('remote', 'Remote', 'driver', 'merge', 'url'), value)
  .map(([key, text]) => `\t${key} = ${text}`);
const files = fc.array(fc.oneof(header, entry, entry), { maxLength: 8 });
const RUNS = 400;
/** One file giving each asked key a value, run before the random ones: every key is read at
 * least once whatever the seed draws. */
const EXAMPLES: [string[]][] = [
  '[branch "main"]',
  '[branch "Main"]',
  '[branch "ma\\"in"]',
  '[branch "ma\\\\in"]',
  '[branch "a]b"]',
].map((head) => [[head, '\tremote = origin']]);
EXAMPLES.push([['[merge "flagstore"]', '\tdriver = fs %O %A']]);
const textOf = (lines: string[]): string => `${lines.join('\n')}\n`;

describe('config subsections', () => {
  it('reads subsection keys as git config does, or leaves the file to git', () => {
    const dir = tempDir();
    const seed = Date.now() ^ Math.floor(Math.random() * 0x100000000);
    const texts = [...new Set(fc.sample(files, { seed, numRuns: RUNS }).map(textOf))];
    const answerable = texts.filter((text) => configValues(text, KEYS) !== null);
    const known = gitLists(dir, answerable);
    let answered = 0;
    const valued = new Set<string>();
    fc.assert(
      fc.property(files, (lines) => {
        const text = textOf(lines);
        const ours = configValues(text, KEYS);
        if (ours === null) return;
        answered++;
        const theirs = known.get(text) ?? gitLists(dir, [text]).get(text);
        // A file git refuses is one this reader must refuse too.
        expect(theirs, text).not.toBeNull();
        for (const key of KEYS) {
          const mine = ours.get(key);
          if (mine !== undefined) valued.add(key);
          expect(mine === true ? '' : mine, `${key} in\n${text}`).toBe(theirs?.get(key));
        }
      }),
      { seed, numRuns: RUNS, examples: EXAMPLES },
    );
    expect(answered).toBeGreaterThan(RUNS * 0.2);
    // Every key asked was found with a value (the escapes and `]` included): EXAMPLES hold one
    // file per key, so this fails when the reader misses one, not when a seed draws none.
    expect([...valued].sort()).toEqual([...KEYS].sort());
  });

  it('spells keys as git compares them, and refuses the uncertain', () => {
    expect(canonicalKey('Branch.Feature/X.y.REMOTE')).toBe('branch.Feature/X.y.remote');
    expect(canonicalKey('core.hooksPath')).toBe('core.hookspath');
    expect(canonicalKey('branch.a b.remote')).toBeNull();
    expect(canonicalKey('branch.é.remote')).toBeNull();
    expect(canonicalKey('nodot')).toBeNull();
    const text = '[branch "Main"]\n\tremote = up\n[branch.Main]\n\tremote = low\n';
    expect(configValues(text, ['branch.Main.remote', 'branch.main.remote'])).toEqual(
      new Map([
        ['branch.Main.remote', 'up'],
        ['branch.main.remote', 'low'],
      ]),
    );
    expect(configValues('[include]\n\tpath = x\n', ['core.hookspath'])).toBeNull();
    expect(configValues('[IncludeIf "onbranch:x"]\n\tpath = x\n', ['a.b'])).toBeNull();
  });
});
