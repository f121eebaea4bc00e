/**
 * The gate's reach, with real commits: big commits, flagstore's own commits, merges, hooks
 * folders outside the repository, branches older than `init`, and `uninstall`. Set-up commits
 * are made with --no-verify, and what a gate is handed is asked of the hook's entry in this
 * process (`gate()`), where the hook itself is not the subject.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, createArgs, git, makeRepo, tempDir } from './helpers.js';
import {
  bareRepo,
  commit,
  configureGates,
  criticalFlagNoVerify,
  doctor,
  gate,
  read,
  write,
} from './gate-helpers.js';
import { repoState } from './repo-state.js';
import { OUTSIDE_HOOK_LINE as LINE } from '../src/gates/hook-text.js';

/** A gate that logs how many files each of its runs got, one line per run. */
function countingGate(log: string): string {
  return `  commands:\n    - name: count\n      command: [sh, -c, 'echo $# >> "$0"', ${JSON.stringify(log)}, '{staged_files}']\n`;
}

const BIG = process.env.FLAGSTORE_BIG_TESTS === '1';
if (!BIG) console.warn('the 30,000-file commit is skipped (set FLAGSTORE_BIG_TESTS=1 to run it)');

function runs(log: string): number[] {
  return readFileSync(log, 'utf8').trim().split('\n').map(Number);
}

function stageMany(repo: string, count: number, prefix: string): void {
  git(repo, 'config', 'gc.auto', '0');
  mkdirSync(join(repo, 'many'));
  for (let i = 0; i < count; i++) writeFileSync(join(repo, 'many', `${prefix}${i}.txt`), `${i}\n`);
  git(repo, 'add', 'many');
}

describe('big commits', () => {
  it('splits the file list under a forced argument limit; every file is passed once', async () => {
    const repo = await makeRepo();
    const log = join(tempDir(), 'runs');
    configureGates(repo, countingGate(log));
    stageMany(repo, 300, 'f');
    const res = await gate(repo, {
      FLAGSTORE_MAX_ARG_LENGTH: String(Buffer.byteLength(JSON.stringify(process.env)) + 3000),
    });
    expect(res.code, res.output).toBe(0);
    expect(runs(log).length).toBeGreaterThan(1);
    expect(runs(log).reduce((a, b) => a + b, 0)).toBe(300);
  });

  it.skipIf(!BIG)(
    'commits 30,000 staged files with long names through a files gate (no spawn E2BIG)',
    async () => {
      const repo = await makeRepo();
      const log = join(tempDir(), 'runs');
      configureGates(repo, countingGate(log));
      stageMany(repo, 30_000, `${'a-rather-long-component-name-'.repeat(3)}`);
      const res = commit(repo, ['-q']);
      expect(res.code, res.output.slice(-2000)).toBe(0);
      expect(runs(log).reduce((a, b) => a + b, 0)).toBe(30_000);
      expect(runs(log).length).toBeGreaterThan(1);
    },
    600_000,
  );
});

describe("flagstore's own commits", () => {
  it('a flags-only commit (create --commit) skips code gates, even failing ones', async () => {
    const repo = await makeRepo();
    configureGates(repo, `  commands:\n    - name: broken\n      command: [sh, -c, 'exit 1']\n`);
    const res = await cli(repo, [...createArgs(), '--by', '@a.b', '--commit']);
    expect(res.code, res.stderr).toBe(0);
    expect(git(repo, 'log', '-1', '--format=%s')).not.toBe('configure gates\n');
    write(repo, 'a.ts', 'x\n');
    git(repo, 'add', 'a.ts');
    expect((await gate(repo)).output).toMatch(/fail {2}broken/);
  });
});

describe('merges', () => {
  it('installs pre-merge-commit and blocks a clean merge while a critical flag is pending', async () => {
    const repo = await makeRepo();
    git(repo, 'checkout', '-q', '-b', 'feature');
    write(repo, 'feature.ts', 'x\n');
    git(repo, 'add', 'feature.ts');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'feature');
    git(repo, 'checkout', '-q', 'main');
    await criticalFlagNoVerify(repo, '@db.pg', '--to', '@api.web');
    const head = git(repo, 'rev-parse', 'HEAD');
    let merge = '';
    try {
      git(repo, 'merge', '--no-ff', '-m', 'merge feature', 'feature');
    } catch (error) {
      merge = String((error as { stderr?: string }).stderr ?? error);
    }
    expect(merge).toContain('commit blocked: 1 unresolved critical flag(s)');
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(head);
    git(repo, 'merge', '--abort');
  });
});

describe('hooks folders outside the repository', () => {
  it('never modifies a global core.hooksPath (with ~ expanded like git) and prints what to add', async () => {
    const home = tempDir();
    const shared = join(home, '.githooks');
    mkdirSync(shared);
    writeFileSync(join(shared, 'pre-commit'), '#!/bin/sh\necho shared hook\n', { mode: 0o755 });
    writeFileSync(join(home, '.gitconfig'), '[core]\n\thooksPath = ~/.githooks\n');
    const env = { HOME: home, XDG_CONFIG_HOME: join(home, '.config') };
    const repo = bareRepo();
    const res = await cli(repo, ['init'], env);
    expect(res.code).toBe(0);
    expect(read(shared, 'pre-commit')).toBe('#!/bin/sh\necho shared hook\n');
    expect(existsSync(join(shared, 'pre-merge-commit'))).toBe(false);
    expect(existsSync(join(repo, '~'))).toBe(false);
    expect(res.stderr).toContain(
      `add this line to ${join(shared, 'pre-commit')} (a hooks folder outside this repository: flagstore never changes it)`,
    );
    type Check = { name: string; ok: boolean; fix: string | null };
    const report = (await cli(repo, ['--json', 'doctor'], env)).json<{
      ok: boolean;
      checks: Check[];
    }>();
    expect(report.ok).toBe(false);
    // init never changes that folder, so doctor's fix is the line to add there by hand.
    const hook = report.checks.find((check) => check.name === 'pre-commit');
    expect(hook?.ok).toBe(false);
    expect(hook?.fix).toContain(`add this line to ${join(shared, 'pre-commit')}`);
    expect(hook?.fix).toContain(LINE);
    expect(hook?.fix).not.toBe('flagstore init');
  });
});

describe('branches older than init', () => {
  it('lets commits through with one line when the script is absent', async () => {
    const repo = bareRepo();
    write(repo, 'old.txt', 'old\n');
    git(repo, 'add', 'old.txt');
    git(repo, 'commit', '-q', '-m', 'before flagstore');
    expect((await cli(repo, ['init'])).code).toBe(0);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'init');
    git(repo, 'checkout', '-q', '-b', 'old', 'HEAD~1');
    write(repo, 'old.txt', 'old, edited\n');
    git(repo, 'add', 'old.txt');
    const res = commit(repo, []);
    expect(res.code, res.output).toBe(0);
    expect(res.output).toContain(
      'flagstore: no .flagstore/hooks/pre-commit on this branch; commit not checked',
    );
    expect(res.output).not.toContain('cannot open');
  });
});

describe('uninstall', () => {
  it('takes out exactly what init added, in every manager, and nothing else', async () => {
    const repo = bareRepo();
    const pkg = { name: 'x', private: true, 'simple-git-hooks': { 'pre-commit': 'echo sgh' } };
    write(repo, 'package.json', `${JSON.stringify(pkg, null, 2)}\n`);
    mkdirSync(join(repo, '.husky'));
    write(repo, '.husky/pre-commit', 'npm test\n');
    write(repo, 'lefthook.yml', '# team hooks\npre-commit:\n  jobs:\n    - run: echo lefthook\n');
    write(repo, '.pre-commit-config.yaml', 'repos: []\n');
    write(repo, '.gitattributes', '*.png binary\n');
    writeFileSync(join(repo, '.git/hooks/pre-commit'), '#!/bin/sh\necho mine\nexit 0\n', {
      mode: 0o755,
    });
    const before = repoState(repo);
    const config = git(repo, 'config', '--local', '--list');
    expect((await cli(repo, ['init'])).code).toBe(0);
    expect(read(repo, 'lefthook.yml')).toContain('flagstore');
    const res = await cli(repo, ['uninstall']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('removed    .flagstore/hooks/pre-commit');
    const after = repoState(repo).tree;
    const added = ['.flagstore.yml', 'flags/.gitkeep', 'agents/.gitkeep'];
    for (const path of added) delete after[path];
    expect(Object.keys(after).filter((k) => after[k] !== before.tree[k])).toEqual([]);
    expect(after).toEqual(before.tree);
    expect(git(repo, 'config', '--local', '--list')).toBe(config);
    expect((await doctor(repo)).ok).toBe(false);
    write(repo, 'a.txt', 'a\n');
    git(repo, 'add', 'a.txt');
    expect(commit(repo, []).code).toBe(0);
  });
});

describe('line endings', () => {
  it('a clone with core.autocrlf=true checks flag and agent files out with LF', async () => {
    const repo = await makeRepo();
    await criticalFlagNoVerify(repo, '@db.pg', '--to', '@api.web');
    write(repo, 'agents/db.md', '---\nname: db\n---\nbody\n');
    write(repo, 'notes.txt', 'a\nb\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'agent');
    const clone = join(tempDir(), 'clone');
    git(tempDir(), 'clone', '-q', '-c', 'core.autocrlf=true', repo, clone);
    const flag = git(clone, 'ls-files', 'flags/*.md').trim();
    expect(read(clone, flag)).not.toContain('\r');
    expect(read(clone, 'agents/db.md')).not.toContain('\r');
    expect(read(clone, 'notes.txt')).toBe('a\r\nb\r\n');
    // The committed hook script too: with CR ends its shell failed every commit in the clone.
    expect(read(clone, '.flagstore/hooks/pre-commit')).not.toContain('\r');
    git(clone, 'config', 'core.autocrlf', 'true');
    expect((await cli(clone, ['init'])).code).toBe(0);
    write(clone, 'b.txt', 'b\n');
    git(clone, 'add', 'b.txt');
    // The hook runs its gates (and blocks on the critical flag), not a shell error at line 12.
    const run = spawnSync('git', ['commit', '-q', '-m', 'gated'], { cwd: clone, encoding: 'utf8' });
    expect(run.stderr).not.toMatch(/bad variable name|\r/);
    expect(run.stderr + run.stdout).toMatch(/commit blocked: 1 unresolved critical flag/);
  });

  it('init mends a clone made before the hook had its attribute: the script was checked out CR LF', async () => {
    const repo = await makeRepo();
    await criticalFlagNoVerify(repo, '@db.pg', '--to', '@api.web');
    // .gitattributes as an earlier flagstore wrote it: nothing about the hook script.
    const attributes = read(repo, '.gitattributes').replace(
      '/.flagstore/hooks/* text eol=lf\n',
      '',
    );
    write(repo, '.gitattributes', attributes);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'older attributes');
    const clone = join(tempDir(), 'clone');
    git(tempDir(), 'clone', '-q', '-c', 'core.autocrlf=true', repo, clone);
    expect(read(clone, '.flagstore/hooks/pre-commit')).toContain('\r\n');
    const init = await cli(clone, ['--json', 'init']);
    expect(init.json<{ created: string[] }>().created).toContain(
      '.flagstore/hooks/pre-commit (updated)',
    );
    expect(read(clone, '.flagstore/hooks/pre-commit')).not.toContain('\r');
    expect(read(clone, '.gitattributes')).toContain('/.flagstore/hooks/* text eol=lf');
    write(clone, 'b.txt', 'b\n');
    git(clone, 'add', 'b.txt');
    const run = spawnSync('git', ['commit', '-q', '-m', 'gated'], { cwd: clone, encoding: 'utf8' });
    expect(run.stderr).not.toMatch(/bad variable name/);
    expect(run.stderr + run.stdout).toMatch(/commit blocked: 1 unresolved critical flag/);
  });
});

describe('a missing gate is visible', () => {
  it('create says once, on stderr, that commits are not gated in this clone', async () => {
    const repo = await makeRepo();
    expect((await cli(repo, [...createArgs(), '--by', '@a.b'])).stderr).toBe('');
    git(repo, 'config', 'core.hooksPath', 'nowhere');
    const first = await cli(repo, ['--json', ...createArgs(), '--by', '@a.b']);
    expect(first.stderr).toContain('note: no hook at nowhere/pre-commit: git runs no gate');
    expect(first.json<{ flag: { id: string } }>().flag.id).toMatch(/^[0-9A-Z]{26}$/);
    expect((await cli(repo, [...createArgs(), '--by', '@a.b'])).stderr).toBe('');
  });
});
