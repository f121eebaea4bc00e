/**
 * husky in a linked worktree: `core.hooksPath=.husky/_` is shared by every worktree, but husky's
 * runner folder is git-ignored, so a new worktree has none until husky runs there.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, createFlag, git, makeRepo } from './helpers.js';

/** Real husky (9), from the project's own dependencies. */
const HUSKY = join(import.meta.dirname, '..', 'node_modules', 'husky', 'bin.js');

async function huskyWorktree(): Promise<string> {
  const repo = await makeRepo();
  const pkg = { name: 'app', private: true, devDependencies: { husky: '^9.1.7' } };
  writeFileSync(join(repo, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  execFileSync(process.execPath, [HUSKY], { cwd: repo });
  expect((await cli(repo, ['init'])).code).toBe(0);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '--no-verify', '-m', 'set up');
  const wt = join(mkdtempSync(join(tmpdir(), 'fs-husky-wt-')), 'wt');
  git(repo, 'worktree', 'add', '-q', '-b', 'feature', wt);
  return wt;
}

describe('husky in a linked worktree without .husky/_', () => {
  it('init and doctor name the command that makes husky run there, and it gates commits', async () => {
    const wt = await huskyWorktree();
    const init = await cli(wt, ['init']);
    expect(init.stdout + init.stderr).toMatch(/husky: npm install && npx husky/);
    const doctor = await cli(wt, ['doctor']);
    expect(doctor.code).not.toBe(0);
    expect(doctor.stdout).toMatch(/fix: npm install && npx husky/);
    execFileSync(process.execPath, [HUSKY], { cwd: wt });
    expect((await cli(wt, ['doctor'])).code, 'doctor after npx husky').toBe(0);
    await createFlag(wt, '@db.pg', 'security', '--impact', 'critical', '--to', '@api.web');
    git(wt, 'add', '-A');
    git(wt, 'commit', '-q', '--no-verify', '-m', 'flag');
    writeFileSync(join(wt, 'b.txt'), 'work\n');
    git(wt, 'add', 'b.txt');
    const run = spawnSync('git', ['commit', '-q', '-m', 'gated'], { cwd: wt, encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(/commit blocked: 1 unresolved critical flag/);
  });
});
