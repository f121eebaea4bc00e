/**
 * `init` and `uninstall` edit a YAML hook manager's configuration without rewriting the user's
 * bytes: only the lines of the gate's entry are added, then taken out again, whatever the YAML
 * library would have rendered otherwise (comment spacing, blank lines before a trailing
 * comment, quoting, CR LF, a last line without a line end). The real lefthook reads the result.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, git } from './helpers.js';
import { copiedBareRepo, read, write } from './gate-helpers.js';

const LEFTHOOK = join(resolve(import.meta.dirname, '..', 'node_modules'), '.bin', 'lefthook');

/** A lefthook.yml written by hand, in ways the YAML library renders otherwise. */
const LEFTHOOK_YML = [
  '# team hooks',
  'pre-commit:',
  '  parallel: true     # go fast',
  '  jobs:',
  '    - name:   lint',
  "      run: 'npm run lint'",
  '',
  '    - run: "echo hi"',
  '',
  '',
  '# the end',
].join('\r\n');

/**
 * A .pre-commit-config.yaml written by hand, likewise. (Its items indented as the library
 * indents them: lines added in another indentation than the user's would not read as the same
 * data there, and init then writes the library's rendering of the whole file.)
 */
const PRE_COMMIT_YML = [
  'repos:',
  '  - repo: "https://github.com/pre-commit/pre-commit-hooks"',
  "    rev: 'v4.6.0'   # pinned",
  '    hooks:',
  '      - {id: trailing-whitespace}',
  '',
  '',
  '# more later',
  '',
].join('\n');

/** What `pre-commit sample-config` writes (pre-commit 3): sequences not indented, 4 spaces. */
const PRE_COMMIT_SAMPLE = [
  '# See https://pre-commit.com for more information',
  '# See https://pre-commit.com/hooks.html for more hooks',
  'repos:',
  '-   repo: https://github.com/pre-commit/pre-commit-hooks',
  '    rev: v3.2.0',
  '    hooks:',
  '    -   id: trailing-whitespace',
  '    -   id: end-of-file-fixer',
  '',
].join('\n');

/**
 * The same layout with a local hook of the team's (field trial 40): its lines `language: system`
 * and `pass_filenames: false` are the gate's too, which the line diff paired wrongly.
 */
const PRE_COMMIT_LOCAL = [
  'repos:',
  '-   repo: local',
  '    hooks:',
  '    -   id: node-test',
  '        name: node tests',
  '        entry: npm test',
  '        language: system',
  '        pass_filenames: false',
  '',
].join('\n');

/** A lefthook.yml indented by 4 spaces. */
const LEFTHOOK_4 = [
  'pre-commit:',
  '    jobs:',
  '        - name: lint',
  '          run: npm run lint',
  '',
].join('\n');

/** Commits the file, runs init, and returns the file as init left it. */
async function initWith(repo: string, rel: string, text: string): Promise<string> {
  write(repo, rel, text);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '--no-verify', '-m', 'config');
  const init = await cli(repo, ['init']);
  expect(init.code, init.stderr).toBe(0);
  return read(repo, rel);
}

/** The lines of `after` that `before` does not have, in order (the lines init added). */
function added(before: string, after: string): string[] {
  const lines = after.split(/(?<=\n)/);
  const kept = before.split(/(?<=\n)/);
  const out: string[] = [];
  let at = 0;
  for (const line of lines) {
    if (line === kept[at]) at++;
    else out.push(line);
  }
  expect(at, 'every line of the original, in order').toBe(kept.length);
  return out;
}

describe('a hand-written YAML hook configuration', () => {
  it('lefthook.yml: init adds only the job lines, lefthook validates it, uninstall restores every byte', async () => {
    const repo = await copiedBareRepo();
    const after = await initWith(repo, 'lefthook.yml', LEFTHOOK_YML);
    const lines = added(LEFTHOOK_YML, after);
    expect(lines.every((line) => line.endsWith('\r\n'))).toBe(true);
    expect(lines.join('')).toContain('name: flagstore');
    expect(lines.join('')).toContain('pre-merge-commit:');
    expect(
      lines.filter((line) => /^ +run: '.*; fi'\r\n$/.test(line)),
      'run: not folded',
    ).toHaveLength(2);
    expect(execFileSync(LEFTHOOK, ['validate'], { cwd: repo, encoding: 'utf8' })).toContain(
      'All good',
    );
    expect(execFileSync(LEFTHOOK, ['dump'], { cwd: repo, encoding: 'utf8' })).toMatch(
      /flagstore[^]*lint|lint[^]*flagstore/,
    );
    expect((await cli(repo, ['doctor'])).code).toBe(0);
    expect((await cli(repo, ['uninstall'])).code).toBe(0);
    expect(read(repo, 'lefthook.yml')).toBe(LEFTHOOK_YML);
  });

  it('.pre-commit-config.yaml: init adds only the local repo, uninstall restores every byte', async () => {
    const repo = await copiedBareRepo();
    const rel = '.pre-commit-config.yaml';
    const after = await initWith(repo, rel, PRE_COMMIT_YML);
    expect(added(PRE_COMMIT_YML, after).join('')).toContain('repo: local');
    expect((await cli(repo, ['uninstall'])).code).toBe(0);
    expect(read(repo, rel)).toBe(PRE_COMMIT_YML);
  });

  for (const [rel, text] of [
    ['.pre-commit-config.yaml', PRE_COMMIT_SAMPLE],
    ['.pre-commit-config.yaml', PRE_COMMIT_LOCAL],
    ['lefthook.yml', LEFTHOOK_4],
  ] as const) {
    it(`${rel} in another layout (${text.split('\n')[3] ?? text.split('\n')[1]}): only lines added, every byte back`, async () => {
      const repo = await copiedBareRepo();
      const after = await initWith(repo, rel, text);
      expect(added(text, after).join('')).toMatch(/flagstore/);
      // The lines added follow the file's layout: a `-   ` file gets no `- ` item.
      if (text.includes('-   ')) expect(added(text, after).join('')).not.toMatch(/^ *- (?! )/m);
      expect((await cli(repo, ['uninstall'])).code).toBe(0);
      expect(read(repo, rel)).toBe(text);
    });
  }
  it('lefthook install after init: uninstall also takes out the hooks lefthook kept as .old, so lefthook uninstall brings back no flagstore hook', async () => {
    const repo = await copiedBareRepo();
    await initWith(repo, 'lefthook.yml', LEFTHOOK_YML);
    execFileSync(LEFTHOOK, ['install'], { cwd: repo });
    const hooks = join(repo, '.git', 'hooks');
    expect(readFileSync(join(hooks, 'pre-commit.old'), 'utf8')).toContain('flagstore');
    const { code, stdout } = await cli(repo, ['uninstall']);
    expect(code).toBe(0);
    expect(stdout).toContain('.git/hooks/pre-commit.old');
    expect(existsSync(join(hooks, 'pre-commit.old'))).toBe(false);
    expect(existsSync(join(hooks, 'pre-merge-commit.old'))).toBe(false);
    execFileSync(LEFTHOOK, ['uninstall'], { cwd: repo });
    const left = readdirSync(hooks).filter((f) => !f.endsWith('.sample'));
    const ours = left.filter((f) => readFileSync(join(hooks, f), 'utf8').includes('flagstore'));
    expect(ours).toEqual([]);
  });
});
