/**
 * husky set up, simple-git-hooks only listed in devDependencies (no configuration): init must
 * not run simple-git-hooks, which writes its own files into husky's `.husky/_` runner folder.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, git } from './helpers.js';
import { copiedBareRepo, write } from './gate-helpers.js';

const MODULES = resolve(import.meta.dirname, '..', 'node_modules');
const HUSKY = join(MODULES, 'husky', 'bin.js');

describe('husky in use, simple-git-hooks merely listed', () => {
  it("init leaves husky's runner alone, so the project's own husky hook still runs", async () => {
    const repo = await copiedBareRepo();
    const deps = { husky: '^9.1.7', 'simple-git-hooks': '^2.14.0' };
    write(repo, 'package.json', `${JSON.stringify({ name: 'app', devDependencies: deps })}\n`);
    write(repo, '.gitignore', 'node_modules\n');
    symlinkSync(MODULES, join(repo, 'node_modules'));
    execFileSync(process.execPath, [HUSKY], { cwd: repo });
    write(repo, '.husky/pre-commit', 'echo own-husky-hook-ran\nexit 1\n');
    const init = await cli(repo, ['init']);
    expect(init.code, init.stderr).toBe(0);
    expect(readFileSync(join(repo, '.husky/_/pre-commit'), 'utf8')).toContain('/h"');
    expect(readFileSync(join(repo, 'package.json'), 'utf8')).not.toContain('"simple-git-hooks":{');
    git(repo, 'add', '-A');
    const run = spawnSync('git', ['commit', '-q', '-m', 'x'], { cwd: repo, encoding: 'utf8' });
    expect(run.stdout + run.stderr).toContain('own-husky-hook-ran');
    expect(run.status).not.toBe(0);
  });
});
