/** husky's own hook file checked out CR LF (core.autocrlf=true), with real husky. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, createFlag, git, makeRepo, tempDir } from './helpers.js';

/** Real husky (9), from the project's own dependencies. */
const HUSKY = join(import.meta.dirname, '..', 'node_modules', 'husky', 'bin.js');

describe('husky and CR LF', () => {
  it('a CR LF .husky/pre-commit fails every commit under husky; init makes it LF and keeps it so', async () => {
    const repo = await makeRepo();
    mkdirSync(join(repo, '.husky'));
    writeFileSync(join(repo, '.husky', 'pre-commit'), 'echo husky ran\n');
    expect((await cli(repo, ['init'])).code).toBe(0);
    await createFlag(repo, '@db.pg', 'security', '--impact', 'critical', '--to', '@api.web');
    // .gitattributes as flagstore wrote it before: nothing about husky's files.
    const attributes = join(repo, '.gitattributes');
    writeFileSync(attributes, readFileSync(attributes, 'utf8').replace(/^\/\.husky\/.*\n/gm, ''));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'husky');
    const clone = join(tempDir(), 'clone');
    git(tempDir(), 'clone', '-q', '-c', 'core.autocrlf=true', repo, clone);
    git(clone, 'config', 'core.autocrlf', 'true');
    expect(readFileSync(join(clone, '.husky', 'pre-commit'), 'utf8')).toContain('\r\n');
    execFileSync(process.execPath, [HUSKY], { cwd: clone });
    const commit = () => {
      writeFileSync(join(clone, 'b.txt'), `${Math.random()}\n`);
      git(clone, 'add', 'b.txt');
      const run = spawnSync('git', ['commit', '-q', '-m', 'gated'], {
        cwd: clone,
        encoding: 'utf8',
      });
      return run.stdout + run.stderr;
    };
    expect(commit()).toMatch(/husky - pre-commit script failed/);
    const doctor = await cli(clone, ['--json', 'doctor']);
    const hook = doctor
      .json<{ checks: { name: string; ok: boolean; detail: string; fix: string }[] }>()
      .checks.find((c) => c.name === 'pre-commit');
    expect(hook).toEqual({
      name: 'pre-commit',
      ok: false,
      detail: '.husky/pre-commit has CR LF line ends: husky fails every commit',
      fix: 'flagstore init',
    });
    const init = await cli(clone, ['--json', 'init']);
    expect(init.json<{ created: string[] }>().created).toContain(
      '.husky/pre-commit (CR LF line ends made LF)',
    );
    expect(readFileSync(attributes.replace(repo, clone), 'utf8')).toContain(
      '/.husky/pre-commit text eol=lf',
    );
    const gated = commit();
    expect(gated).toContain('husky ran');
    expect(gated).toMatch(/commit blocked: 1 unresolved critical flag/);
    expect((await cli(clone, ['doctor'])).stdout).not.toContain('CR LF');
    // A fresh checkout of the file keeps LF now.
    rmSync(join(clone, '.husky', 'pre-commit'));
    git(clone, 'checkout', '--', '.husky/pre-commit');
    expect(readFileSync(join(clone, '.husky', 'pre-commit'), 'utf8')).not.toContain('\r');
  });
});
