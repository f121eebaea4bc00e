/**
 * A new user's trial: the README's quick start in a fresh repository where husky 9 was set up
 * first (`npx husky init`), then lefthook 2 installed after it, following only the docs and
 * what the tools print. Real husky and lefthook from this checkout's devDependencies.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, createArgs, git } from './helpers.js';
import { copiedBareRepo, commit, doctor, gateBlocks, write } from './gate-helpers.js';
import { userState } from './user-state.js';

const MODULES = resolve(import.meta.dirname, '..', 'node_modules');
const HUSKY = join(MODULES, 'husky', 'bin.js');
const LEFTHOOK = join(MODULES, '.bin', 'lefthook');
const ME = { FLAGSTORE_AGENT: '@database.postgres' };

/** Writes package.json with these devDependencies (as `npm install -D` would). */
function devDependencies(repo: string, names: string[]): void {
  const versions: Record<string, string> = { husky: '^9.1.7', lefthook: '^2.2.1' };
  const deps = Object.fromEntries(names.map((name) => [name, versions[name]]));
  write(
    repo,
    'package.json',
    `${JSON.stringify({ name: 'app', devDependencies: deps }, null, 2)}\n`,
  );
}

/** A project with husky in devDependencies, installed (node_modules linked: lefthook too). */
async function project(): Promise<string> {
  const repo = await copiedBareRepo();
  devDependencies(repo, ['husky']);
  write(repo, '.gitignore', 'node_modules\n');
  symlinkSync(MODULES, join(repo, 'node_modules'));
  return repo;
}

function husky(repo: string, ...args: string[]): void {
  execFileSync('node', [HUSKY, ...args], {
    cwd: repo,
    env: { ...process.env, npm_config_user_agent: 'true/1' },
  });
}

/** The README's quick start, command by command; the flag's id. */
async function quickStart(repo: string): Promise<string> {
  expect((await cli(repo, ['init'])).code).toBe(0);
  const add = await cli(repo, ['agents', 'add', 'backend.api', '--description', 'REST handlers']);
  expect(add.code, add.stderr).toBe(0);
  git(repo, 'add', '-A');
  const setUp = commit(repo, ['-q']);
  expect(setUp.code, setUp.output).toBe(0);
  expect(setUp.output).toContain('pass  flags');
  const args = [...createArgs('breaking_change', '--to', '@backend.api', '--impact', 'high')];
  const created = await cli(repo, ['--json', ...args, '--files', 'api/users.ts', '--commit'], ME);
  expect(created.code, created.stdout).toBe(0);
  const id = created.json<{ flag: { id: string } }>().flag.id;
  expect((await cli(repo, ['list', '--for', '@backend.api'], ME)).stdout).toContain('1 pending');
  const before = userState(repo);
  const lock = await cli(repo, ['lock', id, '--by', '@backend.api', '--ttl', '2h'], ME);
  expect(lock.code, lock.stderr).toBe(0);
  expect(userState(repo)).toEqual(before);
  const done = ['complete', id, '--by', '@backend.api', '--notes', 'Handlers updated.', '--commit'];
  expect((await cli(repo, done, ME)).code).toBe(0);
  expect((await cli(repo, ['log', id], ME)).stdout).toContain('completed');
  return id;
}

describe('a new user: husky first, the quick start, then lefthook', () => {
  it('every step works as the docs and the tools say, and the gate runs throughout', async () => {
    const repo = await project();
    husky(repo, 'init');
    await quickStart(repo);
    expect((await doctor(repo)).ok).toBe(true);

    devDependencies(repo, ['husky', 'lefthook']);
    // lefthook refuses husky's core.hooksPath and prints its own choices; the user takes one.
    expect(spawnSync(LEFTHOOK, ['install'], { cwd: repo }).status).not.toBe(0);
    execFileSync(LEFTHOOK, ['install', '--reset-hooks-path'], { cwd: repo });
    const lost = await doctor(repo);
    expect(lost.ok).toBe(false);
    expect(lost.checks.find((c) => c.name === 'pre-commit')?.detail).toContain('git runs no gate');
    const init = await cli(repo, ['init']);
    expect(init.stdout).toContain('lefthook.yml (pre-commit, pre-merge-commit: job flagstore)');
    // husky's hooks no longer run here, and lefthook's carry the gate: no advice to go back.
    expect(init.stdout + init.stderr).not.toContain('to run hooks through husky');
    execFileSync(LEFTHOOK, ['install'], { cwd: repo });
    expect((await doctor(repo)).ok).toBe(true);
    git(repo, 'add', '-A');
    expect(commit(repo, ['-q']).code).toBe(0);
    const critical = [...createArgs('security', '--impact', 'critical', '--to', '@backend.api')];
    expect((await cli(repo, [...critical, '--commit'], ME)).code).toBe(0);
    expect(gateBlocks(repo)).toBe(true);
  });

  it('husky installed but its hooks path unset: init says to run npx husky, not to install it', async () => {
    const repo = await project();
    husky(repo, 'init');
    git(repo, 'config', '--unset', 'core.hooksPath');
    write(
      repo,
      'package.json',
      `${JSON.stringify({ name: 'app', devDependencies: { husky: '^9.1.7' } })}\n`,
    );
    const init = await cli(repo, ['init']);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout + init.stderr).toContain('to run hooks through husky: npx husky\n');
  });
});
