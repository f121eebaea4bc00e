/**
 * A commit that waited its whole patience for git's index lock, which another live git process
 * kept (a commit stalled in its hooks): the refusal quoted git's advice to "remove the file
 * manually", which, with that process still running, breaks its commit. It now names the lock,
 * says a git process holds it and to wait for it, and how to commit the flag then.
 */
import { describe, expect, it } from 'vitest';
import { busyIndexRepo, refusedCommit } from './busy-index.js';

describe('a commit whose index lock stays busy', () => {
  it('never tells the user to remove a lock a live git may hold', async () => {
    const { repo, lock } = await busyIndexRepo();
    const { message, fix } = await refusedCommit(repo);
    expect(message + fix).not.toMatch(/remove the file manually/);
    expect(message).toContain(lock);
    expect(fix).toMatch(/wait for it/);
    expect(fix).toContain("git commit -m 'flag x' -- flags/x.md");
  });
});
