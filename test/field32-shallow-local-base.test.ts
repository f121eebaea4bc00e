/**
 * In a shallow clone whose base is a local branch, `check --base main` named a bare
 * `git fetch --unshallow`, whatever remote the branch follows. It now names the fetch from the
 * branch's own remote and branch, or, for a branch following none, says plainly that the base is
 * local and its history cut off, and names the clone's one remote. Each fix is run here, in a
 * real `git clone --depth 1`, and check passes after it.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, git, tempDir } from './helpers.js';

function commit(repo: string, name: string): void {
  writeFileSync(join(repo, name), `${name}\n`);
  git(repo, 'add', name);
  git(repo, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', name);
}

/** A clone of depth 1 of `feat`, with `main` fetched at depth 1 as a local branch. */
function shallowClone(): string {
  const origin = tempDir();
  git(origin, 'init', '-q', '-b', 'main');
  ['a', 'b'].forEach((f) => commit(origin, f));
  git(origin, 'checkout', '-qb', 'feat');
  ['c', 'd'].forEach((f) => commit(origin, f));
  git(origin, 'checkout', '-q', 'main');
  ['e', 'f'].forEach((f) => commit(origin, f));
  const clone = join(tempDir(), 'clone');
  git(origin, 'clone', '-q', '--depth', '1', '--branch', 'feat', `file://${origin}`, clone);
  git(clone, 'fetch', '-q', '--depth', '1', 'origin', 'main:main');
  return clone;
}

/** Runs a fix line's command (its words before the parenthesis) in the clone. */
function runFix(repo: string, fix: string): void {
  const words = (fix.split(' (')[0] ?? '').split(' ');
  execFileSync(words[0] ?? '', words.slice(1), { cwd: repo, stdio: 'ignore' });
}

describe('check in a shallow clone whose base is a local branch', () => {
  it('names the fetch from the remote and branch the base follows', async () => {
    const clone = shallowClone();
    git(clone, 'config', 'branch.main.remote', 'origin');
    git(clone, 'config', 'branch.main.merge', 'refs/heads/main');
    const res = await cli(clone, ['check', '--base', 'main']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('fix: git fetch --unshallow origin main (');
    runFix(clone, res.stderr.split('fix: ')[1] ?? '');
    expect((await cli(clone, ['check', '--base', 'main'])).code).toBe(0);
  });

  it('says a base following no remote is local with its history cut off', async () => {
    const clone = shallowClone();
    const res = await cli(clone, ['check', '--base', 'main']);
    expect(res.stderr).toContain(
      'main is a local branch following no remote, and its history with HEAD is cut off here',
    );
    expect(res.stderr).toContain('fix: git fetch --unshallow origin (');
    runFix(clone, res.stderr.split('fix: ')[1] ?? '');
    expect((await cli(clone, ['check', '--base', 'main'])).code).toBe(0);
  });
});
