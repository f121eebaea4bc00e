/** husky in devDependencies before `npx husky` made `.husky/`, with real husky. */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, createFlag, git, makeRepo } from './helpers.js';

/** Real husky (9), from the project's own dependencies. */
const HUSKY = join(import.meta.dirname, '..', 'node_modules', 'husky', 'bin.js');

describe('husky listed but not set up', () => {
  it('init writes .husky/pre-commit into a new .husky folder, and husky then runs the gate', async () => {
    const repo = await makeRepo();
    const pkg = { name: 'app', private: true, devDependencies: { husky: '^9.1.7' } };
    writeFileSync(join(repo, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
    const init = await cli(repo, ['init']);
    expect(init.code, init.stderr).toBe(0);
    expect(readFileSync(join(repo, '.husky', 'pre-commit'), 'utf8')).toContain(
      '.flagstore/hooks/pre-commit',
    );
    await createFlag(repo, '@db.pg', 'security', '--impact', 'critical', '--to', '@api.web');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'set up');
    execFileSync(process.execPath, [HUSKY], { cwd: repo });
    writeFileSync(join(repo, 'b.txt'), 'work\n');
    git(repo, 'add', 'b.txt');
    const run = spawnSync('git', ['commit', '-q', '-m', 'gated'], { cwd: repo, encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(/commit blocked: 1 unresolved critical flag/);
  });
});
