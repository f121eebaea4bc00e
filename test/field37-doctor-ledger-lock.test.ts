/**
 * A writer killed while it moved the ledger (between taking `refs/heads/flagstore.lock` and
 * renaming it onto the ref) leaves the lock file behind: every later ledger write waits for it
 * and fails. `doctor` said all was well; it now names the file and what to run.
 */
import { utimesSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, createFlag, git, makeRepo } from './helpers.js';
import { doctorCheck } from './doctor-check.js';

const ledgerLock = (repo: string) => doctorCheck(repo, 'ledger lock');

describe('doctor and a ledger lock a killed writer left', () => {
  it('names the lock file and the fix; once removed as it says, writes work again', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    expect((await ledgerLock(repo))?.ok).toBe(true);

    const lock = join(repo, '.git', 'refs', 'heads', 'flagstore.lock');
    writeFileSync(lock, `${git(repo, 'rev-parse', 'refs/heads/flagstore').trim()}\n`);
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(lock, minuteAgo, minuteAgo);

    const found = await ledgerLock(repo);
    expect(found?.ok).toBe(false);
    expect(found?.detail).toContain(lock);
    expect(found?.fix).toBe(
      `if no git or flagstore process is running in this repository (jobs; ps -ef | grep -e git -e flagstore), remove it: rm ${lock}`,
    );
    const blocked = await cli(repo, ['lock', id, '--by', '@b.two']);
    expect(blocked.code).not.toBe(0);
    expect(`${blocked.stdout}${blocked.stderr}`).toContain(lock);

    rmSync(lock);
    expect((await ledgerLock(repo))?.ok).toBe(true);
    expect((await cli(repo, ['lock', id, '--by', '@b.two'])).code).toBe(0);
  });
});
