/**
 * The one reader of ref files (src/git/ref-files.ts), which the in-process object store and the
 * answer cache's key both use: a loose ref's file, else its packed-refs line, read from the very
 * files git writes.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRefFiles } from '../src/git/ref-files.js';
import { git, makeRepo } from './helpers.js';

describe('readRefFiles', () => {
  it('reads a loose ref, then its packed-refs line after git pack-refs, and tells an absent one', async () => {
    const repo = await makeRepo();
    const dotGit = join(repo, '.git');
    git(repo, 'commit', '-q', '--allow-empty', '--no-verify', '-m', 'one');
    git(repo, 'branch', 'ledger-test');
    const tip = git(repo, 'rev-parse', 'ledger-test').trim();
    const ref = 'refs/heads/ledger-test';
    expect(readRefFiles(dotGit, ref)).toEqual({ loose: readFileSync(join(dotGit, ref), 'utf8') });
    git(repo, 'pack-refs', '--all');
    expect(readRefFiles(dotGit, ref)).toEqual({ packed: `${tip} ${ref}` });
    expect(readRefFiles(dotGit, 'refs/heads/no-such-branch')).toEqual({ packed: null });
  });

  it('throws when a ref file is there but cannot be read', async () => {
    const repo = await makeRepo();
    const dotGit = join(repo, '.git');
    mkdirSync(join(dotGit, 'refs', 'heads', 'folder'), { recursive: true });
    expect(() => readRefFiles(dotGit, 'refs/heads/folder')).toThrow();
  });
});
