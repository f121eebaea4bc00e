import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { quote } from 'shell-quote';
import { describe, expect, it } from 'vitest';
import { commandWords, parseGatesConfig } from '../src/store/gates-config.js';
import { readStagedFlags } from '../src/gates/staged-flags.js';
import { readBlobs, indexEntries } from '../src/gates/staged.js';
import { cli, git, makeRepo, tempDir } from './helpers.js';
import { write } from './gate-helpers.js';

describe('gate configuration', () => {
  it('expands presets; a repository gate replaces the preset gate of the same name', () => {
    const config = parseGatesConfig({
      preset: 'rust',
      commands: [{ name: 'test', command: 'cargo nextest run', timeout: '5m', parallel: true }],
    });
    expect(config.gates.map((g) => [g.name, g.command.join(' ')])).toEqual([
      ['fmt', 'cargo fmt --check'],
      ['lint', 'cargo clippy -- -D warnings'],
      ['test', 'cargo nextest run'],
    ]);
    expect(config.gates[2]).toMatchObject({ timeoutMs: 300_000, parallel: true });
    expect(parseGatesConfig({ preset: 'python' }).gates.map((g) => g.command[0])).toEqual([
      'ruff',
      'ruff',
      'pytest',
    ]);
    expect(parseGatesConfig(undefined)).toMatchObject({
      gates: [],
      critical: 'auto',
      maxLines: null,
    });
  });

  it('refuses every bad field with an error naming its key', () => {
    const bad: [unknown, string][] = [
      [{ preset: 'go' }, 'gates.preset must be one of node, rust, python'],
      [{ commands: [{ name: 'x', command: 'a && b' }] }, 'contains shell operators'],
      [{ commands: [{ name: 'x y', command: 'a' }] }, 'gates.commands[0].name'],
      [{ commands: [{ name: 'x', command: 'a', timeout: 'soon' }] }, 'gates.commands[0].timeout'],
      [{ commands: [{ name: 'x', command: 'a', parallel: 'yes' }] }, 'commands[0].parallel'],
      [{ commands: [{ name: 'x', command: 'a', colour: 1 }] }, 'unknown key(s) colour'],
      [{ critical: 'sometimes' }, 'gates.critical must be one of auto, all, off'],
      [{ max_lines: -3 }, 'gates.max_lines must be a positive whole number'],
      [{ critcal: 'off' }, '.flagstore.yml: gates has unknown key(s) critcal'],
      ['off', '.flagstore.yml: gates must be a mapping'],
    ];
    for (const [value, message] of bad) expect(() => parseGatesConfig(value)).toThrow(message);
  });

  it('reports a bad .flagstore.yml through the CLI with the key and no commit', async () => {
    const repo = await makeRepo();
    write(
      repo,
      '.flagstore.yml',
      'gates:\n  commands:\n    - name: fmt\n      command: "prettier | tee x"\n',
    );
    const res = await cli(repo, ['gate', 'pre-commit']);
    expect(res.code).toBe(3);
    expect(res.stderr).toContain('gates.commands[0].command contains shell operators');
  });

  it('splits command lines into the words a shell would, without running one (property)', () => {
    // Backquotes are left out: shell-quote's quote() and parse() disagree on them inside "...".
    const word = fc.string({ minLength: 1, maxLength: 12 }).filter((w) => !/[\0\s`]/.test(w));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 6 }), (words) => {
        expect(commandWords(quote(words), 'c')).toEqual(words);
      }),
    );
  });
});

describe('reading the index', () => {
  it('reads back exactly the staged bytes of any files, with one cat-file process (property)', async () => {
    const repo = tempDir();
    git(repo, 'init', '-q', '-b', 'main');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ maxLength: 300 }), { minLength: 1, maxLength: 5 }),
        async (contents) => {
          const names = contents.map((_, i) => `f${i}.bin`);
          contents.forEach((c, i) => writeFileSync(join(repo, names[i] as string), c));
          git(repo, 'add', '--', ...names);
          const entries = await indexEntries(repo, names);
          const blobs = await readBlobs(
            repo,
            entries.map((e) => e.blob),
          );
          for (const e of entries) {
            expect(
              Buffer.compare(
                blobs.get(e.blob) as Buffer,
                Buffer.from(contents[names.indexOf(e.path)] as Uint8Array),
              ),
            ).toBe(0);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('parses staged flags, not working-tree ones, and caches parses by blob id', async () => {
    const repo = await makeRepo();
    const res = await cli(repo, [
      '--json',
      'create',
      'security',
      '--impact',
      'critical',
      '--to',
      'b.two',
      '--by',
      'a.one',
      '--change',
      'x'.repeat(60),
      '--action',
      'y'.repeat(120),
    ]);
    const id = res.json<{ flag: { id: string } }>().flag.id;
    const options = { root: repo, gitDir: join(repo, '.git'), flagsDir: 'flags' };
    expect(await readStagedFlags(options)).toEqual([]);
    git(repo, 'add', 'flags');
    const staged = await readStagedFlags(options);
    expect(staged.map((f) => [f.path, f.pending?.impact_level])).toEqual([
      [`flags/${id}.md`, 'critical'],
    ]);
    const hookCache = join(repo, '.git/flagstore/cache-blobs.json');
    expect(readFileSync(hookCache, 'utf8')).toContain(staged[0]?.blob);
    // Review keeps its own blob cache: a diff must not throw the hook's parses away.
    const before = readFileSync(hookCache, 'utf8');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'flag');
    expect((await cli(repo, ['diff', 'HEAD~1..HEAD'])).code).toBe(0);
    expect(readFileSync(hookCache, 'utf8')).toBe(before);
    expect(readFileSync(join(repo, '.git/flagstore/cache-blob-parses.json'), 'utf8')).toContain(
      staged[0]?.blob,
    );
  });
});
