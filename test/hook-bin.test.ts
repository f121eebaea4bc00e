/**
 * The hook script (hooks/pre-commit) reads `flagstore.bin` from the repository's config file
 * itself where that is certain, and asks `git config --get` otherwise: in every case here the
 * flagstore it starts is the one git's answer names, and in the plain case no git process runs.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { git, tempDir } from './helpers.js';

const SCRIPT = resolve(__dirname, '..', 'hooks', 'pre-commit');

interface Setup {
  repo: string;
  a: string;
  b: string;
}

/** A repository and two stand-ins for flagstore, each printing its letter. */
function setup(): Setup {
  const repo = tempDir();
  git(repo, 'init', '-q', '-b', 'main');
  const [a, b] = ['A', 'B'].map((letter) => {
    const file = join(repo, '..', `${letter}-${repo.slice(-6)}.js`);
    writeFileSync(file, `console.log('${letter}');\n`);
    return file;
  });
  return { repo, a: a as string, b: b as string };
}

/** What the script starts, with a logging git first on PATH; and the git calls it made. */
function hook(repo: string, env: NodeJS.ProcessEnv = {}): { ran: string; gits: string[] } {
  const dir = tempDir();
  const log = join(dir, 'log');
  const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  writeFileSync(
    join(dir, 'git'),
    `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${real}' "$@"\n`,
  );
  chmodSync(join(dir, 'git'), 0o755);
  const base = { ...process.env };
  for (const name of ['GIT_CONFIG_PARAMETERS', 'GIT_CONFIG_COUNT', 'GIT_DIR']) delete base[name];
  const ran = execFileSync('sh', [SCRIPT], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...base, PATH: `${dir}:${process.env.PATH ?? ''}`, ...env },
  }).trim();
  const gits = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
  return { ran, gits };
}

/** The letter of the file `git config --get flagstore.bin` names (git's own answer). */
function gitsAnswer(s: Setup, env: NodeJS.ProcessEnv = {}): string {
  const named = execFileSync('git', ['config', '--get', 'flagstore.bin'], {
    cwd: s.repo,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  }).trim();
  return named === s.a ? 'A' : named === s.b ? 'B' : named;
}

function withConfig(s: Setup, text: string): void {
  const file = join(s.repo, '.git', 'config');
  writeFileSync(
    file,
    readFileSync(file, 'utf8') + text.replaceAll('$A', s.a).replaceAll('$B', s.b),
  );
}

const CASES: [string, string][] = [
  ['a plain value', '[flagstore]\n\tbin = $A\n'],
  [
    'the last of two, any case',
    '[flagstore]\n\tbin = $A\n[other]\n bin = $B\n[FlagStore]\n BIN=$A\n',
  ],
  ['a subsection is another key', '[flagstore]\n\tbin = $A\n[flagstore "x"]\n\tbin = $B\n'],
  ['a key after its header', '[flagstore]\n\tbin = $A\n[flagstore] bin = $B\n'],
  ['CRLF line ends', '[flagstore]\r\n\tbin = $B\r\n'],
  ['a quoted value', '[flagstore]\n\tbin = "$B"\n'],
  ['a continued line', '[flagstore]\n\tbin = $A\n\tx = y\\\n\tbin = $B\n'],
  ['a comment after the value', '[flagstore]\n\tbin=$A # $B\n'],
];

describe('the hook script finds flagstore.bin', () => {
  it('from the config file alone in the plain case: no git process', () => {
    const s = setup();
    withConfig(s, '[flagstore]\n\tbin = $A\n');
    expect(hook(s.repo)).toEqual({ ran: 'A', gits: [] });
  });

  it('asks git past 64 lines (a byte per read in dash): the same answer', () => {
    const s = setup();
    const branches = Array.from({ length: 40 }, (_, i) => `[branch "b${i}"]\n\tremote = origin\n`);
    withConfig(s, `[flagstore]\n\tbin = $A\n${branches.join('')}`);
    const { ran, gits } = hook(s.repo);
    expect(ran).toBe('A');
    expect(gits).toEqual(['config --get flagstore.bin']);
  });

  it.each(CASES)('as git config --get does: %s', (_, text) => {
    const s = setup();
    withConfig(s, text);
    expect(hook(s.repo).ran).toBe(gitsAnswer(s));
  });

  it('as git does with an include, and with a -c setting', () => {
    const s = setup();
    const included = join(s.repo, '..', `inc-${s.repo.slice(-6)}`);
    writeFileSync(included, `[flagstore]\n\tbin = ${s.b}\n`);
    withConfig(s, `[flagstore]\n\tbin = $A\n[include]\n\tpath = ${included}\n`);
    expect(hook(s.repo).ran).toBe('B');
    expect(gitsAnswer(s)).toBe('B');
    const other = setup();
    withConfig(other, '[flagstore]\n\tbin = $A\n');
    const env = { GIT_CONFIG_PARAMETERS: `'flagstore.bin'='${other.b}'` };
    expect(hook(other.repo, env).ran).toBe('B');
    expect(gitsAnswer(other, env)).toBe('B');
  });
});

describe('under a real git commit', () => {
  /** Commits a file with the script as the hook, GIT_TRACE on; what git ran and what the hook started. */
  function commit(s: Setup, where: string): { traced: string; started: string } {
    const trace = join(tempDir(), 'trace');
    const started = join(tempDir(), 'started');
    writeFileSync(s.a, `require('node:fs').appendFileSync(${JSON.stringify(started)}, 'A');\n`);
    writeFileSync(join(where, 'file.txt'), 'x\n');
    git(where, 'add', 'file.txt');
    const base = { ...process.env };
    for (const name of ['GIT_CONFIG_PARAMETERS', 'GIT_CONFIG_COUNT', 'GIT_DIR']) delete base[name];
    execFileSync('git', ['commit', '-q', '-m', 'x'], {
      cwd: where,
      env: { ...base, GIT_TRACE: trace },
    });
    return { traced: readFileSync(trace, 'utf8'), started: readFileSync(started, 'utf8') };
  }

  /** A repository whose hook is the script and whose flagstore.bin is the stand-in A. */
  function installed(): Setup {
    const s = setup();
    const hookFile = join(s.repo, '.git', 'hooks', 'pre-commit');
    writeFileSync(hookFile, readFileSync(SCRIPT));
    chmodSync(hookFile, 0o755);
    git(s.repo, 'config', 'flagstore.bin', s.a);
    git(s.repo, 'commit', '-q', '--allow-empty', '--no-verify', '-m', 'root');
    return s;
  }

  it('in the main work tree: the hook starts flagstore and asks git nothing', () => {
    const s = installed();
    const { traced, started } = commit(s, s.repo);
    expect(started).toBe('A');
    expect(traced).toContain('git commit');
    expect(traced).not.toContain('flagstore.bin');
  });

  it('in a linked worktree (GIT_DIR set, .git a file): git is asked, the same flagstore starts', () => {
    const s = installed();
    const tree = join(tempDir(), 'wt');
    git(s.repo, 'worktree', 'add', '-q', tree);
    const { traced, started } = commit(s, tree);
    expect(started).toBe('A');
    expect(traced).toContain('config --get flagstore.bin');
  });
});
