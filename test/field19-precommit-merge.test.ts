/**
 * Field sweep 19: the pre-commit framework (pre-commit.com, from Debian) beside `flagstore init`.
 * `pre-commit install` moves a hook init wrote to `<hook>.legacy` and runs it before its own
 * hooks, which include the `flagstore` hook init put in .pre-commit-config.yaml: without care
 * every commit and merge ran the gates twice. In either order of init and the advised
 * `pre-commit install -t pre-commit -t pre-merge-commit`, a commit and a merge commit run the
 * gate exactly once, a failing gate still stops the merge, and `doctor` is green until the merge
 * hook is really gone.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runByFrameworkToo } from '../src/gates/framework-legacy.js';
import { cli, git, tempDir } from './helpers.js';
import {
  ADVISED,
  copiedBareRepo,
  COUNT_SH,
  COUNTING_GATE,
  doctor,
  gateRuns,
  run,
  write,
} from './gate-helpers.js';

const HAS_PRE_COMMIT = spawnSync('pre-commit', ['--version']).status === 0;
if (!HAS_PRE_COMMIT) {
  console.warn(
    'pre-commit (pre-commit.com) is not installed: its merge-hook test is skipped (apt-get install -y pre-commit)',
  );
}

const HELLO = `repos:
  - repo: local
    hooks:
      - id: hello
        name: hello
        entry: echo pre-commit ran
        language: system
        pass_filenames: false
        always_run: true
`;

async function init(repo: string): Promise<void> {
  const res = await cli(repo, ['init']);
  if (res.code !== 0) throw new Error(res.stderr);
}

/** A repository using pre-commit and flagstore, set up in the given order, and committed. */
async function setUp(order: 'init first' | 'pre-commit first'): Promise<{
  repo: string;
  env: Record<string, string>;
}> {
  const repo = await copiedBareRepo();
  const env = { PRE_COMMIT_HOME: tempDir() };
  write(repo, '.pre-commit-config.yaml', HELLO);
  write(repo, '.flagstore.yml', COUNTING_GATE);
  write(repo, 'count.sh', COUNT_SH);
  if (order === 'pre-commit first') run(repo, 'pre-commit', ['install'], env);
  await init(repo);
  expect(run(repo, 'pre-commit', ADVISED, env).code).toBe(0);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '--no-verify', '-m', 'setup');
  return { repo, env };
}

/** Commits one new file on the current branch; the commit must succeed. */
function commitFile(repo: string, name: string, env: Record<string, string>): void {
  write(repo, name, `${name}\n`);
  git(repo, 'add', name);
  const res = run(repo, 'git', ['commit', '-q', '-m', name], env);
  expect(res.code, res.output).toBe(0);
}

function merge(repo: string, env: Record<string, string>) {
  return run(repo, 'git', ['merge', '--no-edit', 'side'], env);
}

/** Each test makes a few real commits through pre-commit (python) and the gate (node). */
const SLOW = 180_000;

describe.skipIf(!HAS_PRE_COMMIT)('pre-commit framework: the gate runs once on a merge', () => {
  it(
    'init first: a commit and a merge commit each run the gate once; a failing gate stops the merge',
    async () => {
      const { repo, env } = await setUp('init first');
      expect(existsSync(join(repo, '.git', 'hooks', 'pre-commit.legacy'))).toBe(true);
      expect(existsSync(join(repo, '.git', 'hooks', 'pre-merge-commit.legacy'))).toBe(true);
      onceEach(repo, env);
      write(repo, 'block', 'x\n');
      const blocked = merge(repo, env);
      expect(blocked.code, blocked.output).not.toBe(0);
      expect(blocked.output).toMatch(/flagstore gates\.+Failed/);
      expect(gateRuns(repo)).toBe(1);
      expect(parents(repo)).toBe(1);
      git(repo, 'merge', '--abort');
      rmSync(join(repo, 'block'));
      mergedOnce(repo, env);
      expect((await doctor(repo)).ok).toBe(true);
    },
    SLOW,
  );

  it(
    'pre-commit first: the same; doctor is green, and fails once the merge hook is really gone',
    async () => {
      const { repo, env } = await setUp('pre-commit first');
      expect(existsSync(join(repo, '.git', 'hooks', 'pre-merge-commit.legacy'))).toBe(true);
      onceEach(repo, env);
      mergedOnce(repo, env);
      expect((await doctor(repo)).ok).toBe(true);
      rmSync(join(repo, '.git', 'hooks', 'pre-merge-commit'));
      const report = await doctor(repo);
      expect(report.ok).toBe(false);
      expect(report.checks.find((c) => c.name === 'pre-merge-commit')?.ok).toBe(false);
    },
    SLOW,
  );
});

/** Number of parents of HEAD. */
function parents(repo: string): number {
  return git(repo, 'rev-list', '--parents', '-n', '1', 'HEAD').trim().split(' ').length - 1;
}

/**
 * A commit on a new branch `side` runs the gate once; one on main, for `git merge side` to make
 * a merge commit, is made without the hooks (a second commit in the same state would only repeat
 * the claim).
 */
function onceEach(repo: string, env: Record<string, string>): void {
  git(repo, 'checkout', '-q', '-b', 'side');
  commitFile(repo, 'side.txt', env);
  expect(gateRuns(repo)).toBe(1);
  git(repo, 'checkout', '-q', 'main');
  write(repo, 'main.txt', 'main\n');
  git(repo, 'add', 'main.txt');
  git(repo, 'commit', '-q', '--no-verify', '-m', 'main.txt');
}

/** `git merge side` makes a merge commit, through the framework's flagstore hook, gate run once. */
function mergedOnce(repo: string, env: Record<string, string>): void {
  const res = merge(repo, env);
  expect(res.code, res.output).toBe(0);
  expect(res.output).toMatch(/flagstore gates\.+Passed/);
  // The gate's table shows on a passing commit too (`verbose`), as it does under husky.
  expect(res.output).toMatch(/pass\s+count/);
  expect(parents(repo)).toBe(2);
  expect(gateRuns(repo)).toBe(1);
}

describe('the gate run as a moved-aside hook (PRE_COMMIT_RUNNING_LEGACY set)', () => {
  const LEGACY = { PRE_COMMIT_RUNNING_LEGACY: '1' };
  const OURS = (stages: string) =>
    `${HELLO}      - id: flagstore\n        name: flagstore gates\n        entry: sh .flagstore/hooks/pre-commit\n        language: system\n${stages}`;

  async function moved(...hooks: string[]): Promise<string> {
    const repo = await copiedBareRepo();
    for (const hook of hooks) write(repo, `.git/hooks/${hook}.legacy`, '#!/bin/sh\n');
    return repo;
  }

  it('is left to the framework only where its configuration runs the gate in every moved hook', async () => {
    const both = await moved('pre-commit', 'pre-merge-commit');
    write(both, '.pre-commit-config.yaml', OURS(''));
    expect(await runByFrameworkToo(both, LEGACY)).toBe(true);
    expect(await runByFrameworkToo(both, {})).toBe(false);
    write(both, '.pre-commit-config.yaml', OURS('        stages: [pre-commit]\n'));
    expect(await runByFrameworkToo(both, LEGACY)).toBe(false);
    write(both, '.pre-commit-config.yaml', HELLO);
    expect(await runByFrameworkToo(both, LEGACY)).toBe(false);
    const merges = await moved('pre-merge-commit');
    write(merges, '.pre-commit-config.yaml', OURS('        stages: [merge-commit]\n'));
    expect(await runByFrameworkToo(merges, LEGACY)).toBe(true);
    expect(await runByFrameworkToo(await moved(), LEGACY)).toBe(false);
  });
});
