/**
 * The ledger ref-lock refusal in flagstore's own words (review finding): it quoted git's
 * "Unable to create '...': File exists" as the index lock's refusal once did. It now says what is
 * locked, that a ref's lock records no holder (git writes only the ref's next value there), since
 * when, and the fix in the words of doctor's `ledger lock` check. A writer that finds a live
 * process holding the lock open (flagstore keeps it open until its rename) says so, with its pid:
 * a conflict, not a lock left behind (field trial 41: it exited 8 and said killed or stopped),
 * however long it has stood.
 * git closes its lock file, so a slow git process is named instead as the git process working in
 * the repository that was running when the lock was taken (it too exited 8, "killed or stopped").
 * doctor's `ledger lock` check names it the same way (it said no holder, and to remove the lock).
 * A git command that only reads (cat-file, log) is never named: it takes no ref's lock.
 */
import { spawn } from 'node:child_process';
import { statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cli, createFlag, emptyRepo, git, makeRepo } from './helpers.js';
import type { DoctorCheck } from '../src/gates/doctor.js';
import { doctorCheck } from './doctor-check.js';
import { stopped } from './stall-helpers.js';

/** A repository with a flag and a ledger ref lock left `ageMs` ago; the lock's path and time. */
async function lockedLedger(ageMs: number) {
  const repo = await makeRepo();
  const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
  const lock = join(repo, '.git', 'refs', 'heads', 'flagstore.lock');
  writeFileSync(lock, `${git(repo, 'rev-parse', 'refs/heads/flagstore').trim()}\n`);
  const then = new Date(Date.now() - ageMs);
  utimesSync(lock, then, then);
  return { repo, id, lock, since: statSync(lock).mtime.toISOString() };
}

const ledgerLockCheck = (repo: string) => doctorCheck(repo, 'ledger lock');

async function doctorFix(repo: string): Promise<string | null | undefined> {
  return (await ledgerLockCheck(repo))?.fix;
}

/** doctor's `ledger lock` check once the lock file `lock` has stood the 2 s doctor waits for. */
async function doctorOnceStood(repo: string, lock: string): Promise<DoctorCheck | undefined> {
  const wait = statSync(lock).mtimeMs + 2_100 - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  return ledgerLockCheck(repo);
}

const NO_HOLDER = "a ref's lock file records no holder: a git or flagstore process took it";

describe("the ledger's ref lock refusal", () => {
  it("an old one: what is locked, since when, no holder recorded, and doctor's fix", async () => {
    const { repo, id, lock, since } = await lockedLedger(120_000);
    const res = await cli(repo, ['lock', id, '--by', '@b.two']);
    expect(res.code).toBe(8);
    expect(res.stderr).not.toMatch(/File exists|Unable to create/);
    expect(res.stderr).toContain(
      `the ledger's ref is locked: its lock file ${lock} has stood untouched since ${since} (`,
    );
    expect(res.stderr).toContain('so the ledger was not changed');
    expect(res.stderr).toContain(NO_HOLDER);
    const fix = /^ {2}fix: (.*)$/m.exec(res.stderr)?.[1];
    expect(fix).toBe(
      `${await doctorFix(repo)}; then run the command again (flagstore doctor names it too: check 'ledger lock')`,
    );
  });

  it('a fresh one that stays: how long it stood in the way, since when, and the same fix', async () => {
    const { repo, id, lock } = await lockedLedger(0);
    // Long-lived gits that only read, older than the lock, are not its holder: an editor's (its
    // subcommand after an option's separate value) and a fetch's from here (git-upload-pack).
    const gitDir = join(repo, '.git');
    const uploadPack = join(git(repo, '--exec-path').trim(), 'git-upload-pack');
    const readers = [
      spawn('git', ['--git-dir', gitDir, 'cat-file', '--batch'], { cwd: repo }),
      spawn(uploadPack, [repo]),
    ];
    const readersExited = readers.map((r) => new Promise((resolve) => r.on('close', resolve)));
    await Promise.all(readers.map((r) => new Promise((resolve) => r.on('spawn', resolve))));
    const now = new Date();
    utimesSync(lock, now, now);
    const since = statSync(lock).mtime.toISOString();
    const res = await cli(repo, ['lock', id, '--by', '@b.two'], {
      FLAGSTORE_HELD_LOCK_MS: '500',
    });
    for (const reader of readers) reader.stdin.end();
    await Promise.all(readersExited);
    expect(res.code).toBe(8);
    expect(res.stderr).not.toMatch(/File exists|Unable to create/);
    expect(res.stderr).toMatch(
      new RegExp(
        `its lock file ${lock} \\(there since ${since}\\) stayed in place for \\d+ s while this write retried`,
      ),
    );
    expect(res.stderr).toContain(NO_HOLDER);
    expect(res.stderr).toContain(
      `fix: a stopped process holding it (Ctrl-Z, a paused container) goes on once resumed; if no git or flagstore process is running in this repository (jobs; ps -ef | grep -e git -e flagstore), remove it: rm ${lock}; then run the command again`,
    );
  });

  it('a live writer holding it: a conflict naming its pid, stopped, and the fix', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const env = { ...process.env, FLAGSTORE_TEST_STALL_BEFORE_MOVE: '1', NO_COLOR: '1' };
    const holder = spawn(process.execPath, [BIN, 'lock', id, '--by', '@b.two'], { cwd: repo, env });
    const exited = new Promise<number | null>((resolve) => holder.on('close', resolve));
    await stopped(holder);
    const res = await cli(repo, ['complete', id, '--by', '@b.two', '--notes', 'done'], {
      FLAGSTORE_HELD_LOCK_MS: '500',
    });
    // Stopped long enough that its lock looks left behind: still a conflict naming the holder.
    const lock = join(repo, '.git', 'refs', 'heads', 'flagstore.lock');
    const then = new Date(Date.now() - 120_000);
    utimesSync(lock, then, then);
    const stale = await cli(repo, ['complete', id, '--by', '@b.two', '--notes', 'done']);
    holder.kill('SIGCONT');
    expect(await exited).toBe(0);
    for (const r of [res, stale]) {
      expect(r.code, r.stderr).toBe(6);
      expect(r.stderr).toContain(
        `the ledger's ref is locked by another writer: a stopped process (pid ${holder.pid ?? 0}) has held its lock file`,
      );
      expect(r.stderr).not.toContain(NO_HOLDER);
      expect(r.stderr).toContain(
        `fix: resume that writer (kill -CONT ${holder.pid ?? 0}), then run the command again`,
      );
    }
    expect(res.stderr).toMatch(
      /has held its lock file \S+ \(there since \S+\) for \d+ s while this write retried/,
    );
    expect(stale.stderr).toMatch(/has held its lock file \S+ untouched since \S+ \(\d+ s\), so/);
  });

  it('a slow git process holding it: a conflict naming that git process, and the fix', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const tip = git(repo, 'rev-parse', 'refs/heads/flagstore').trim();
    // A transaction left prepared holds the ref's lock until it is committed or aborted.
    const holder = spawn('git', ['update-ref', '--stdin'], { cwd: repo });
    const exited = new Promise<number | null>((resolve) => holder.on('close', resolve));
    const prepared = new Promise<void>((resolve) => {
      let said = '';
      holder.stdout.on('data', (chunk: Buffer) => {
        said += chunk.toString();
        if (said.includes('prepare: ok')) resolve();
      });
    });
    holder.stdin.write(`start\nupdate refs/heads/flagstore ${tip} ${tip}\nprepare\n`);
    await prepared;
    // A git process younger than the lock's holder, but in another repository: not the holder.
    const other = spawn('git', ['update-ref', '--stdin'], { cwd: emptyRepo() });
    const otherExited = new Promise((resolve) => other.on('close', resolve));
    await new Promise((resolve) => other.on('spawn', resolve));
    const res = await cli(repo, ['complete', id, '--by', '@b.two', '--notes', 'done'], {
      FLAGSTORE_HELD_LOCK_MS: '500',
    });
    const lock = join(repo, '.git', 'refs', 'heads', 'flagstore.lock');
    // doctor names the holder as the writer does (it said: no holder, killed; rm the lock).
    const check = await doctorOnceStood(repo, lock);
    other.stdin.end();
    await otherExited;
    holder.stdin.end('abort\n');
    expect(await exited).toBe(0);
    const pid = holder.pid ?? 0;
    expect(res.code, res.stderr).toBe(6);
    expect(res.stderr).toContain(
      `the ledger's ref is locked by another writer: a live git process in this repository (pid ${pid}: git update-ref --stdin), running since before the lock was taken, has most likely held its lock file`,
    );
    expect(res.stderr).not.toContain(NO_HOLDER);
    const fix = `wait until that git process is done (ps -p ${pid})`;
    expect(res.stderr).toContain(`fix: ${fix}, then run the command again`);
    expect(check?.ok).toBe(false);
    expect(check?.detail).toContain(
      `ledger writes wait for it, then fail; a live git process in this repository (pid ${pid}: git update-ref --stdin), running since before the lock was taken, has most likely held it`,
    );
    expect(check?.detail).not.toContain(NO_HOLDER);
    expect(check?.fix).toBe(fix);
  });
});
