/**
 * The reader of a few git config values (src/core/git-config.ts) agrees with `git config` on
 * every file it answers for, and answers for none it could read differently.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configValues } from '../src/core/git-config.js';
import { gitLists, listedValues } from './git-config-lists.js';
import { git, tempDir } from './helpers.js';

const KEYS = ['user.name', 'user.email', 'core.logallrefupdates'];

/**
 * What git reads in a file: each key's last value (`git config --get` answers the last one), ''
 * for a key without `=`; an empty map when git refuses the file. One git process per file.
 */
function gitValues(file: string): Map<string, string> {
  try {
    return listedValues(git(dirname(file), 'config', '--file', file, '--list', '-z'));
  } catch {
    return new Map();
  }
}

/** {@link gitValues} of many texts, by text (an empty map where git refuses one). */
function gitValuesOf(dir: string, texts: string[]): Map<string, Map<string, string>> {
  const lists = gitLists(dir, texts);
  return new Map(texts.map((text) => [text, lists.get(text) ?? new Map<string, string>()]));
}

const word = fc.stringMatching(/^[A-Za-z0-9@.\-_]{1,8}$/);
const value = fc
  .array(
    fc.oneof(
      word,
      fc.constantFrom(' ', '  ', '\t', '\r', '"', '\\', '#', ';', '"q r"', '\u00a0', 'é', '# c\\'),
    ),
    { maxLength: 5 },
  )
  .map((parts) => parts.join(''));
const line = fc.oneof(
  fc.constantFrom('[user]', '[User]', '[core]', '[other]', '[remote "user"]', '[user.sub]', ''),
  fc.constantFrom('# note', '; note', '[user] name = inline', '# note \\', '\u00a0[user]'),
  fc
    .tuple(fc.constantFrom('name', 'Name', 'email', 'logAllRefUpdates', 'other'), value)
    .map(([key, text]) => `\t${key} = ${text}`),
  fc.constantFrom('\tname', '\tlogAllRefUpdates'),
);

const files = fc.array(line, { maxLength: 8 });
/** One file that sets every key (see the property's examples). */
const EVERY_KEY = ['[user]', '\temail = a@b', '\tname = n', '[core]', '\tlogAllRefUpdates'];
const RUNS = 400;

const textOf = (lines: string[]): string => `${lines.join('\n')}\n`;

describe('git config values', () => {
  it('reads plain files as git does, or leaves them to git', () => {
    const dir = tempDir();
    // fast-check's own default seed, given so the files it will try are known beforehand: git
    // reads them all in one batch. A file outside it (a shrunk counterexample) is read alone.
    const seed = Date.now() ^ Math.floor(Math.random() * 0x100000000);
    const texts = [EVERY_KEY, ...fc.sample(files, { seed, numRuns: RUNS })].map(textOf);
    const answerable = [...new Set(texts)].filter((text) => configValues(text, KEYS) !== null);
    const known = gitValuesOf(dir, answerable);
    let file = 0;
    let answered = 0;
    const valued = new Set<string>();
    fc.assert(
      fc.property(files, (lines) => {
        const text = textOf(lines);
        const ours = configValues(text, KEYS);
        if (ours === null) return;
        answered++;
        for (const key of ours.keys()) valued.add(key);
        let theirs = known.get(text);
        if (theirs === undefined) {
          const path = join(dir, `config-${file++}`);
          writeFileSync(path, text);
          theirs = gitValues(path);
        }
        for (const key of KEYS) {
          const mine = ours.get(key);
          // A key without `=` is git's true, which `git config --get` prints as nothing.
          expect(mine === true ? '' : mine).toBe(theirs.get(key.toLowerCase()));
        }
      }),
      // One file that sets every key, so each is compared with a value at least once whatever
      // the seed (a seed's 400 files may give one key no value the reader answers for).
      { seed, numRuns: RUNS, examples: [[EVERY_KEY]] },
    );
    // A reader that left every file to git would pass the comparison: it must answer for many.
    expect(answered).toBeGreaterThan(RUNS * 0.4); // 257 to 261 of 400 in three runs
    expect([...valued].sort()).toEqual([...KEYS].sort());
  });

  it('answers null for quotes, escapes and continued lines in a section asked about', () => {
    expect(configValues('[user]\n\tname = "A B"\n', KEYS)).toBeNull();
    expect(configValues('[user]\n\tname = A \\\n B\n', KEYS)).toBeNull();
    expect(
      configValues('[alias]\n\tx = "!f() { \\\n echo; }"\n[user]\n\tname = A\n', KEYS),
    ).toEqual(new Map([['user.name', 'A']]));
    expect(configValues('[user]\n\tname = A  B\t\tC # c\n', KEYS)).toEqual(
      new Map([['user.name', 'A  B  C']]),
    );
    expect(configValues('[user]\n\tname = A\u00a0\n', KEYS)).toBeNull();
    // A backslash before a blank at a line's end is an escape git refuses (the whole file), and
    // a backslash in a continued line's comment ends the value (both found by the property).
    expect(configValues('\tname = \\ \n[core]\n\tlogAllRefUpdates\n', KEYS)).toBeNull();
    expect(configValues('[user]\n\tname = A \\\r\n B\n', KEYS)).toBeNull();
    expect(configValues('\tname = \\\n\tname = # c\\\n[user] name = inline\n', KEYS)).toBeNull();
    expect(configValues('[user]\n\tname = A\ufffd\n', KEYS)).toBeNull();
    expect(configValues('[user]\n\tname = A # c \\\n\temail = e\n', KEYS)).toEqual(
      new Map([
        ['user.name', 'A'],
        ['user.email', 'e'],
      ]),
    );
  });
});
