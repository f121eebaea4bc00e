/**
 * The gate beside real hook managers (husky 9, lefthook 2, simple-git-hooks 2 from
 * devDependencies; pre-commit from Debian): each manager's lifecycle, in either order with
 * `flagstore init`, keeps the gate, and `doctor` says so exactly when the gate runs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, rmSync, symlinkSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, git, tempDir } from './helpers.js';
import { copiedBareRepo, doctor, flag, gateBlocks, read, write } from './gate-helpers.js';

const MODULES = resolve(import.meta.dirname, '..', 'node_modules');
const HUSKY = join(MODULES, 'husky', 'bin.js');
const LEFTHOOK = join(MODULES, '.bin', 'lefthook');
const SGH = join(MODULES, 'simple-git-hooks', 'cli.js');
const HAS_PRE_COMMIT = spawnSync('pre-commit', ['--version']).status === 0;
if (!HAS_PRE_COMMIT) {
  console.warn(
    'pre-commit (pre-commit.com) is not installed: its lifecycle test is skipped (apt-get install -y pre-commit)',
  );
}

function run(repo: string, argv: string[], env: Record<string, string> = {}): string {
  const [program = '', ...args] = argv;
  return execFileSync(program, args, {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
}

async function init(repo: string): Promise<void> {
  const res = await cli(repo, ['init']);
  if (res.code !== 0) throw new Error(res.stderr);
}

/** doctor agrees with reality: it passes exactly when the gate blocks a commit. Its report. */
async function agreed(repo: string, env: Record<string, string> = {}) {
  const report = await doctor(repo);
  expect(gateBlocks(repo, env)).toBe(report.ok);
  return report;
}

/** A repository with a package.json, flagstore's files committed, and a pending critical flag. */
async function project(pkg: Record<string, unknown> = {}): Promise<string> {
  const repo = await copiedBareRepo();
  write(repo, 'package.json', `${JSON.stringify({ name: 'x', private: true, ...pkg }, null, 2)}\n`);
  return repo;
}

/**
 * Commits the set-up with a pending critical flag, without the hook: the hook is tested by the
 * commits {@link agreed} makes (that a flags-only commit goes through is test/gates-block's).
 */
async function flagged(repo: string): Promise<void> {
  await flag(repo, '@db.pg', 'security', '--impact', 'critical', '--to', '@api.web');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '--no-verify', '-m', 'setup');
}

describe('husky 9', () => {
  it('husky init after flagstore init: doctor notices, init puts the line back, husky re-runs keep it, removing husky keeps the gate', async () => {
    const repo = await project();
    await init(repo);
    await flagged(repo);
    expect((await agreed(repo)).ok).toBe(true);
    run(repo, ['node', HUSKY, 'init'], { npm_config_user_agent: 'true/1' });
    expect(read(repo, '.husky/pre-commit')).toBe('true test\n');
    const lost = await agreed(repo);
    expect(lost.ok).toBe(false);
    expect(lost.checks.find((c) => c.name === 'pre-commit')?.detail).toContain(
      'husky runs .husky/_/pre-commit without the gate',
    );
    await init(repo);
    expect((await agreed(repo)).ok).toBe(true);
    run(repo, ['node', HUSKY]);
    expect((await agreed(repo)).ok).toBe(true);
    git(repo, 'config', '--unset', 'core.hooksPath');
    rmSync(join(repo, '.husky'), { recursive: true });
    expect((await agreed(repo)).ok).toBe(true);
  });
});

describe('lefthook 2', () => {
  it('lefthook install after init: doctor notices the renamed hook, init adds a lefthook job, install re-runs keep it', async () => {
    const repo = await project();
    await init(repo);
    await flagged(repo);
    write(
      repo,
      'lefthook.yml',
      'pre-commit:\n  jobs:\n    - name: hello\n      run: echo lefthook ran\n',
    );
    run(repo, [LEFTHOOK, 'install']);
    expect(existsSync(join(repo, '.git/hooks/pre-commit.old'))).toBe(true);
    expect((await agreed(repo)).ok).toBe(false);
    await init(repo);
    expect(read(repo, 'lefthook.yml')).toContain('name: flagstore');
    run(repo, [LEFTHOOK, 'install']);
    expect((await agreed(repo)).ok).toBe(true);
    run(repo, [LEFTHOOK, 'install', '--force']);
    expect((await agreed(repo)).ok).toBe(true);
    expect(existsSync(join(repo, '.git/hooks/pre-merge-commit'))).toBe(true);
    run(repo, [LEFTHOOK, 'uninstall']);
    await agreed(repo);
  });

  it('lefthook first, then init: the job lands in lefthook.yml and runs', async () => {
    const repo = await project();
    write(
      repo,
      'lefthook.yml',
      '# ours\npre-commit:\n  commands:\n    hello:\n      run: echo lefthook ran\n',
    );
    run(repo, [LEFTHOOK, 'install']);
    await init(repo);
    expect(read(repo, 'lefthook.yml')).toMatch(/^# ours\npre-commit:\n {2}commands:\n {4}hello:/);
    await flagged(repo);
    expect((await agreed(repo)).ok).toBe(true);
  });
});

describe('simple-git-hooks 2', () => {
  const config = { 'simple-git-hooks': { 'pre-commit': 'echo sgh ran' } };

  it('init puts the line in package.json and applies it; re-runs keep it; a config without it is noticed', async () => {
    const repo = await project(config);
    write(repo, '.gitignore', 'node_modules\n');
    symlinkSync(MODULES, join(repo, 'node_modules'));
    run(repo, ['node', SGH]);
    expect((await cli(repo, ['init'])).stdout).toContain(
      'created    git hooks (ran simple-git-hooks)',
    );
    const pkg = JSON.parse(read(repo, 'package.json')) as typeof config;
    expect(pkg['simple-git-hooks']['pre-commit']).toMatch(
      /flagstore\/hooks\/pre-commit[^]*\necho sgh ran$/,
    );
    await flagged(repo);
    expect((await agreed(repo)).ok).toBe(true);
    run(repo, ['node', SGH]);
    expect((await agreed(repo)).ok).toBe(true);
    write(repo, 'package.json', `${JSON.stringify({ name: 'x', ...config }, null, 2)}\n`);
    run(repo, ['node', SGH]);
    expect((await agreed(repo)).ok).toBe(false);
  });
});

describe.skipIf(!HAS_PRE_COMMIT)('pre-commit (pre-commit.com)', () => {
  it('init adds a repo: local hook; install re-runs keep it; uninstalling pre-commit is noticed', async () => {
    const repo = await copiedBareRepo();
    const env = {
      PRE_COMMIT_HOME: tempDir(),
      PATH: `${MODULES}/.bin${delimiter}${process.env.PATH}`,
    };
    const hello = `repos:\n  - repo: local\n    hooks:\n      - id: hello\n        name: hello\n        entry: echo pre-commit ran\n        language: system\n        pass_filenames: false\n        always_run: true\n`;
    write(repo, '.pre-commit-config.yaml', hello);
    run(repo, ['pre-commit', 'install'], env);
    await init(repo);
    expect(read(repo, '.pre-commit-config.yaml')).toContain(
      'entry: sh .flagstore/hooks/pre-commit',
    );
    await flagged(repo);
    expect((await agreed(repo, env)).ok).toBe(true);
    run(repo, ['pre-commit', 'install', '-t', 'pre-commit', '-t', 'pre-merge-commit'], env);
    expect((await agreed(repo, env)).ok).toBe(true);
    run(repo, ['pre-commit', 'uninstall'], env);
    await agreed(repo, env);
  });
});
