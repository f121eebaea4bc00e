// A create that fails leaves nothing behind: the ledger is written first and the flag's file
// only once the ledger took it, so no orphan file is left for reads to pick up as a
// hand-written flag.
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, createArgs, createFlag, flagFiles, git, makeRepo } from './helpers.js';

/** Ids of every flag a full listing shows (work tree and ledger merged). */
async function listedIds(repo: string): Promise<string[]> {
  const res = await cli(repo, ['--json', 'list', '--all']);
  expect(res.code, res.stderr).toBe(0);
  return res.json<{ flags: { id: string }[] }>().flags.map((f) => f.id);
}

/** A ref lock file of the ledger that a killed git left a minute ago: git refuses the write. */
function staleLedgerLock(repo: string): string {
  const lock = join(repo, '.git', 'refs', 'heads', 'flagstore.lock');
  writeFileSync(lock, '');
  const old = new Date(Date.now() - 60_000);
  utimesSync(lock, old, old);
  return lock;
}

describe('a create that fails', () => {
  it('in git, after the flag was checked, leaves no file and no flag', async () => {
    const repo = await makeRepo();
    const first = await createFlag(repo, '@a.one');
    const before = flagFiles(repo);
    const lock = staleLedgerLock(repo);
    const res = await cli(repo, [
      '--json',
      ...createArgs('change', '--to', '@b.two'),
      '--by',
      '@a.one',
    ]);
    expect(res.code).not.toBe(0);
    expect(res.stdout + res.stderr).toMatch(/the ledger's ref is locked: its lock file/);
    expect(flagFiles(repo)).toEqual(before);
    expect(await listedIds(repo)).toEqual([first]);
    // Once the lock is gone the same command works, and its file is there.
    rmSync(lock);
    const again = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    expect(flagFiles(repo)).toHaveLength(before.length + 1);
    expect((await listedIds(repo)).sort()).toEqual([first, again].sort());
  });

  it('before any ledger exists (the first write) leaves no file either', async () => {
    const repo = await makeRepo();
    staleLedgerLock(repo);
    const res = await cli(repo, ['--json', ...createArgs(), '--by', '@a.one']);
    expect(res.code).not.toBe(0);
    expect(flagFiles(repo)).toEqual([]);
    expect(await listedIds(repo)).toEqual([]);
  });

  it('on bad input writes nothing at all', async () => {
    const repo = await makeRepo();
    const res = await cli(repo, [
      '--json',
      ...createArgs('change', '--to', 'not a handle'),
      '--by',
      '@a.one',
    ]);
    expect(res.code).not.toBe(0);
    expect(flagFiles(repo)).toEqual([]);
    expect(git(repo, 'for-each-ref', 'refs/heads/flagstore')).toBe('');
  });

  it('after the ledger took it says the flag exists, with the fix, and it is listed', async (ctx) => {
    const repo = await makeRepo();
    const flags = join(repo, 'flags');
    const unlock = shutFolder(flags);
    if (unlock === null) return ctx.skip();
    try {
      const res = await cli(repo, ['--json', ...createArgs(), '--by', '@a.one']);
      expect(res.code).not.toBe(0);
      expect(res.stdout + res.stderr).toMatch(/is recorded, but its file was not written/);
      expect(res.stdout + res.stderr).toMatch(/do not create it again/);
    } finally {
      unlock();
    }
    expect(flagFiles(repo)).toEqual([]);
    expect(await listedIds(repo)).toHaveLength(1);
  });
});

/**
 * Makes a folder refuse new files (read-only, or immutable for root, who ignores modes); returns
 * how to undo it, or null where the file system allows neither (the test is then skipped).
 */
function shutFolder(dir: string): (() => void) | null {
  if (process.getuid?.() !== 0) {
    chmodSync(dir, 0o555);
    return () => chmodSync(dir, 0o755);
  }
  try {
    execFileSync('chattr', ['+i', dir], { stdio: 'ignore' });
    return () => execFileSync('chattr', ['-i', dir], { stdio: 'ignore' });
  } catch {
    return null;
  }
}
