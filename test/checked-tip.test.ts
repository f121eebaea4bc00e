/**
 * The tip of a fetched ledger and whether flagstore's ledger identity committed it
 * (src/git/ledger-identity.ts, read by `init` and `sync`): its commit read once, in this
 * process, packed or loose; git only where the repository needs it.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCheckedTip } from '../src/git/ledger-identity.js';
import { createFlag, git, makeRepo, tempDir } from './helpers.js';

/** Runs `read` with a git that logs each run first on PATH; what it gave and the git runs. */
function withGitLog<T>(read: () => T): { value: T; gits: string[] } {
  const dir = tempDir();
  const log = join(dir, 'log');
  const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  writeFileSync(join(dir, 'git'), `#!/bin/sh\necho "$1" >> '${log}'\nexec '${real}' "$@"\n`);
  chmodSync(join(dir, 'git'), 0o755);
  writeFileSync(log, '');
  const path = process.env.PATH ?? '';
  process.env.PATH = `${dir}:${path}`;
  try {
    const value = read();
    return { value, gits: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
  } finally {
    process.env.PATH = path;
  }
}

describe("a fetched ledger's checked tip", () => {
  it('is read in this process once, with no git, when its commit is packed', async () => {
    const repo = await makeRepo();
    await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const ref = 'refs/remotes/origin/flagstore';
    git(repo, 'update-ref', ref, 'refs/heads/flagstore');
    git(repo, 'repack', '-a', '-d', '-q');
    git(repo, 'prune-packed');
    const { value, gits } = withGitLog(() => readCheckedTip(repo, ref));
    expect(value).toEqual({
      commit: git(repo, 'rev-parse', ref).trim(),
      tree: git(repo, 'rev-parse', `${ref}^{tree}`).trim(),
      ledger: true,
    });
    expect(gits).toEqual([]);
    expect(withGitLog(() => readCheckedTip(repo, 'refs/remotes/origin/none'))).toEqual({
      value: null,
      gits: [],
    });
  });

  it('is asked of git where this process cannot read the repository (a linked worktree)', async () => {
    const repo = await makeRepo();
    await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const ref = 'refs/remotes/origin/flagstore';
    git(repo, 'update-ref', ref, 'refs/heads/flagstore');
    git(repo, 'update-ref', 'refs/remotes/origin/code', 'HEAD');
    const linked = join(tempDir(), 'linked');
    git(repo, 'worktree', 'add', '-q', '--detach', linked);
    const { value, gits } = withGitLog(() => readCheckedTip(linked, ref));
    expect(value).toEqual({
      commit: git(repo, 'rev-parse', ref).trim(),
      tree: git(repo, 'rev-parse', `${ref}^{tree}`).trim(),
      ledger: true,
    });
    expect(gits.length).toBeGreaterThan(0);
    // A code branch of the ledger's name: committed by a person, not flagstore's identity.
    expect(readCheckedTip(linked, 'refs/remotes/origin/code')?.ledger).toBe(false);
    expect(readCheckedTip(linked, 'refs/remotes/origin/none')).toBeNull();
  });
});
