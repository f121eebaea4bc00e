/**
 * Repositories that are not plain (shared, flushed by config, linked worktrees) are left to git's
 * plumbing, and the ledger's writes then still land.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { looseStore } from '../src/git/loose.js';
import { cli, createFlag, git, makeRepo, tempDir } from './helpers.js';
import { ledgerPath } from '../src/core/ledger-layout.js';

function plainRepo(): string {
  const dir = tempDir();
  git(dir, 'init', '-q', '-b', 'main');
  return dir;
}

describe('objects written by git, not in this process', () => {
  it('leaves repositories that are not plain to git', async () => {
    const repo = plainRepo();
    writeFileSync(join(repo, '.git', 'config'), '[core]\n\tsharedRepository = group\n', {
      flag: 'a',
    });
    expect(looseStore(repo)).toBeNull();
    // A setting in the user's config counts as much as the repository's.
    const flushed = plainRepo();
    const home = tempDir();
    writeFileSync(join(home, '.gitconfig'), '[core]\n\tfsync = loose-object\n');
    const saved = process.env.HOME;
    process.env.HOME = home;
    try {
      expect(looseStore(flushed)).toBeNull();
    } finally {
      process.env.HOME = saved;
    }
    // And git's plumbing then does the writes: a lock and a completion in a linked worktree.
    const linked = join(tempDir(), 'linked');
    const main = await makeRepo();
    const id = await createFlag(main, '@a.one', 'change', '--to', '@b.two');
    git(main, 'worktree', 'add', '-q', '-b', 'side', linked);
    expect(looseStore(linked)).toBeNull();
    expect((await cli(linked, ['lock', id, '--by', '@b.two'])).code).toBe(0);
    expect((await cli(linked, ['complete', id, '--by', '@b.two', '--notes', 'Done.'])).code).toBe(
      0,
    );
    expect(git(main, 'show', `flagstore:${ledgerPath('flags', id)}`)).toContain(
      'status: completed',
    );
    git(main, 'fsck', '--strict');
  });
});
