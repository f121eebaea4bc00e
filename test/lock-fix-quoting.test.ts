/**
 * Fix lines that say to remove a lock file name it as one shell word, so a repository under a
 * path with spaces gets a line that pastes into a shell.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HELD_LOCK_MS, refuseStaleLockFile, watchHeldLock } from '../src/git/ref-lock.js';
import { cli, createArgs, makeRepo, staleIndexLock, tempDir } from './helpers.js';
import { refreshIndex } from './index-stamps.js';

/** Runs the `remove <path>` step of a fix line as a POSIX shell reads it. */
function removeAsPrinted(fix: string, before: string): void {
  const word = new RegExp(`remove (.*) ${before}`).exec(fix)?.[1];
  expect(word).toBeDefined();
  execFileSync('sh', ['-c', `rm -- ${word}`]);
}

/** Runs the `rm <path>` step of a ledger ref-lock fix line as a POSIX shell reads it. */
function rmAsPrinted(fix: string): void {
  const word = /: rm (.*); then run the command again/.exec(fix)?.[1];
  expect(word).toBeDefined();
  execFileSync('sh', ['-c', `rm -- ${word}`]);
}

/** A ledger ref lock file in a git dir under a path with a space. */
function spacedRefLock(): string {
  const dir = join(tempDir(), 'my repo', '.git', 'refs', 'heads');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'flagstore.lock');
  writeFileSync(path, 'x\n');
  return path;
}

/** The fix of the error `run` throws, or '' when it throws none. */
function fixOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as { fix?: string }).fix ?? '';
  }
  return '';
}

describe('a lock file under a path with spaces', () => {
  it("commit's stuck index lock is named as one shell word", async () => {
    const repo = join(tempDir(), 'my repo');
    cpSync(await makeRepo(), repo, { recursive: true });
    refreshIndex(repo);
    const lock = staleIndexLock(repo);
    const res = await cli(repo, [
      ...createArgs('change', '--to', '@b.two', '--commit'),
      '--by',
      '@a.one',
    ]);
    expect(res.code, res.stderr).toBe(8);
    removeAsPrinted(/fix: (.*)$/m.exec(res.stderr)?.[1] ?? '', 'and commit the flag');
    expect(existsSync(lock)).toBe(false);
  }, 60_000);

  it('a stale ledger ref lock is named as one shell word', () => {
    const path = spacedRefLock();
    utimesSync(path, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    rmAsPrinted(fixOf(() => refuseStaleLockFile(path)));
    expect(existsSync(path)).toBe(false);
  });

  it("the ledger ref's lock held through a write's retries is named as one shell word", () => {
    const path = spacedRefLock();
    const seen = watchHeldLock(path, null);
    expect(seen).not.toBeNull();
    const held = { stamp: seen!.stamp, since: Date.now() - HELD_LOCK_MS };
    rmAsPrinted(fixOf(() => watchHeldLock(path, held)));
    expect(existsSync(path)).toBe(false);
  });
});
