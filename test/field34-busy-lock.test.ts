/**
 * A commit that waited its whole patience for git's index lock, which another live git process
 * kept (a commit stalled in its hooks): the refusal quoted git's advice to "remove the file
 * manually", which, with that process still running, breaks its commit. It now names the lock,
 * says a git process holds it and to wait for it, and how to commit the flag then.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitPaths } from '../src/git/commit.js';
import { FlagstoreError } from '../src/core/errors.js';
import { makeRepo } from './helpers.js';

describe('a commit whose index lock stays busy', () => {
  it('never tells the user to remove a lock a live git may hold', async () => {
    const repo = await makeRepo();
    writeFileSync(join(repo, 'flags', 'x.md'), 'text\n');
    const lock = join(repo, '.git', 'index.lock');
    writeFileSync(lock, '');
    const error = await commitPaths({
      root: repo,
      paths: ['flags/x.md'],
      message: 'flag x',
      patienceMs: 300,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlagstoreError);
    const { message, fix } = error as FlagstoreError;
    expect(message + fix).not.toMatch(/remove the file manually/);
    expect(message).toContain(lock);
    expect(fix).toMatch(/wait for it/);
    expect(fix).toContain("git commit -m 'flag x' -- flags/x.md");
  });
});
