/**
 * Repositories that are not plain (shared, flushed by config, linked worktrees) are left to git's
 * plumbing, and the ledger's writes then still land.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { looseCommit } from '../src/git/loose-commit.js';
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

  it('sees a setting added while the process lives (a long-running MCP server)', () => {
    const repo = plainRepo();
    expect(looseStore(repo)).not.toBeNull();
    git(repo, 'config', 'core.fsync', 'loose-object');
    expect(looseStore(repo)).toBeNull();
    git(repo, 'config', '--unset', 'core.fsync');
    expect(looseStore(repo)).not.toBeNull();
    const spec = {
      tree: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
      parents: [],
      message: 'ledger\n',
      author: 'A',
      committer: 'A',
      email: 'a@example.com',
    };
    expect(looseCommit(repo, spec)).not.toBeNull();
    // Signing turned off explicitly (as tests and many users set it) changes nothing.
    git(repo, 'config', 'commit.gpgsign', 'false');
    expect(looseCommit(repo, spec)).not.toBeNull();
    // Settings that change the commit git would write: from now on git writes it.
    git(repo, 'config', 'commit.gpgsign', 'true');
    expect(looseCommit(repo, spec)).toBeNull();
    git(repo, 'config', '--unset', 'commit.gpgsign');
    git(repo, 'config', 'i18n.commitEncoding', 'ISO-8859-1');
    expect(looseCommit(repo, spec)).toBeNull();
  });
});
