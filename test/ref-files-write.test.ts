/**
 * The ledger ref moved in this process (src/git/ref-files-write.ts) against real git: the ref
 * file and reflog line are git's bytes, git's tools agree afterwards, a packed ref is still
 * compared, a stale lock is named with its fix, every case it leaves to git is left, and
 * processes racing through this path, through `git update-ref` and from a linked worktree
 * never lose an update.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { refFilesMove } from '../src/git/ref-files-write.js';
import { cli, createFlag, git, makeRepo, spawnCli, tempDir } from './helpers.js';
import { nextCopy } from './ref-next.js';
import { lastLine, REASON, REF } from './ref-helpers.js';

const run = promisify(execFile);

/** A reflog line without its time, and the time apart. */
function splitTime(line: string): { rest: string; seconds: number } {
  const match = /^(.*> )(\d+)( [+-]\d{4}\t.*)$/.exec(line);
  if (match === null) throw new Error(`not a reflog line: ${line}`);
  return { rest: `${match[1]}${match[3]}`, seconds: Number(match[2]) };
}

describe('the ledger ref moved in this process', () => {
  it('writes the ref file and reflog line git writes, and git agrees afterwards', async () => {
    const { root, old, next } = await nextCopy();
    const twin = tempDir();
    cpSync(root, twin, { recursive: true });
    expect(refFilesMove(root, { ref: REF, next, old, reason: REASON })).toBe(true);
    git(twin, 'update-ref', '-m', REASON, REF, next, old);
    expect(readFileSync(join(root, '.git', REF))).toEqual(readFileSync(join(twin, '.git', REF)));
    const ours = splitTime(lastLine(join(root, '.git', 'logs', REF)));
    const theirs = splitTime(lastLine(join(twin, '.git', 'logs', REF)));
    expect(ours.rest).toBe(theirs.rest);
    expect(Math.abs(ours.seconds - theirs.seconds)).toBeLessThan(5);
    expect(existsSync(join(root, '.git', `${REF}.lock`))).toBe(false);
    git(root, 'fsck', '--strict', '--no-progress');
    expect(git(root, 'reflog', 'show', '--format=%H %gs', REF).split('\n')[0]).toBe(
      `${next} ${REASON}`,
    );
    const after = git(root, 'commit-tree', `${next}^{tree}`, '-p', next, '-m', 'after').trim();
    git(root, 'update-ref', '-m', 'after', REF, after, next);
    expect(git(root, 'rev-parse', REF).trim()).toBe(after);
  });

  it('compares a packed ref (git pack-refs --all) and refuses a stale old value', async () => {
    const { root, old, next } = await nextCopy();
    git(root, 'pack-refs', '--all');
    expect(existsSync(join(root, '.git', REF))).toBe(false);
    const stale = git(root, 'commit-tree', `${old}^{tree}`, '-m', 'stale').trim();
    expect(refFilesMove(root, { ref: REF, next, old: stale, reason: REASON })).toBe(false);
    expect(existsSync(join(root, '.git', REF))).toBe(false);
    expect(existsSync(join(root, '.git', `${REF}.lock`))).toBe(false);
    expect(refFilesMove(root, { ref: REF, next, old, reason: REASON })).toBe(true);
    expect(git(root, 'rev-parse', REF).trim()).toBe(next);
    git(root, 'fsck', '--strict', '--no-progress');
  });

  it('takes a lock file held by another writer for a lost race, and a stale one for an error with the fix', async () => {
    const { root, old, next } = await nextCopy();
    const lock = join(root, '.git', `${REF}.lock`);
    writeFileSync(lock, '');
    expect(refFilesMove(root, { ref: REF, next, old, reason: REASON })).toBe(false);
    const long = new Date(Date.now() - 120_000);
    utimesSync(lock, long, long);
    expect(() => refFilesMove(root, { ref: REF, next, old, reason: REASON })).toThrow(
      `the ledger's ref is locked: its lock file ${lock} has stood untouched since`,
    );
    expect(existsSync(lock)).toBe(true);
    expect(git(root, 'rev-parse', REF).trim()).toBe(old);
  });

  it('appends to an existing reflog only, with core.logAllRefUpdates false', async () => {
    const { root, old, next } = await nextCopy();
    git(root, 'config', 'core.logAllRefUpdates', 'false');
    const log = join(root, '.git', 'logs', REF);
    const before = readFileSync(log, 'utf8');
    expect(refFilesMove(root, { ref: REF, next, old, reason: REASON })).toBe(true);
    expect(readFileSync(log, 'utf8').startsWith(before)).toBe(true);
    expect(readFileSync(log, 'utf8').length).toBeGreaterThan(before.length);
  });

  it('leaves to git every case it is not sure of', async () => {
    const { root, old, next } = await nextCopy();
    const move = { ref: REF, next, old, reason: REASON };
    const hooks = join(root, '.git', 'hooks');
    const leftToGit = (): void => {
      expect(refFilesMove(root, move)).toBeNull();
      expect(git(root, 'rev-parse', REF).trim()).toBe(old);
    };
    writeFileSync(join(hooks, 'reference-transaction'), '#!/bin/sh\nexit 0\n');
    leftToGit();
    git(root, 'config', 'core.hooksPath', 'elsewhere');
    mkdirSync(join(root, 'elsewhere'));
    expect(refFilesMove(root, { ...move, next: old, old: old })).toBe(true);
    writeFileSync(join(root, 'elsewhere', 'reference-transaction'), '');
    leftToGit();
    git(root, 'config', '--unset', 'core.hooksPath');
    git(root, 'config', 'core.hooksPath', '/nowhere');
    git(root, 'config', 'user.name', '"Quoted Name"');
    leftToGit();
    git(root, 'config', 'user.name', 'Test');
    process.env.GIT_COMMITTER_DATE = '@0 +0000';
    try {
      leftToGit();
    } finally {
      delete process.env.GIT_COMMITTER_DATE;
    }
    git(root, 'symbolic-ref', 'HEAD', REF);
    leftToGit();
    git(root, 'symbolic-ref', 'HEAD', 'refs/heads/main');
    for (const ref of ['refs/heads/we ird', 'refs/heads/x.lock', 'refs/heads/a..b', 'HEAD']) {
      expect(refFilesMove(root, { ...move, ref })).toBeNull();
    }
    expect(refFilesMove(root, move)).toBe(true);
  });
});

/** A loop of `git update-ref` compare-and-swaps on the ledger, each retried until it lands. */
const GIT_RACER = `
for i in 1 2 3 4 5; do
  while :; do
    old=$(git rev-parse ${REF})
    new=$(git commit-tree "$old^{tree}" -p "$old" -m "racer $1 $i")
    git update-ref -m racer ${REF} "$new" "$old" 2>/dev/null && break
  done
done`;

describe('writers racing on the ledger ref', () => {
  it('through this path, through git update-ref and from a linked worktree, lose no update', async () => {
    const root = await makeRepo();
    const ids: string[] = [];
    // Four writers (one from the linked worktree): with the old-value check removed, 20 runs of
    // 20 lost updates (three writers: 19 of 20).
    for (let i = 0; i < 4; i++)
      ids.push(await createFlag(root, '@a.one', 'change', '--to', '@b.two'));
    const linked = join(tempDir(), 'linked');
    git(root, 'worktree', 'add', '-q', '-b', 'other', linked);
    const start = Number(git(root, 'rev-list', '--count', REF).trim());
    const writers = ids.map((id, i) =>
      spawnCli(i % 3 === 2 ? linked : root, ['lock', id, '--by', '@b.two']),
    );
    const racers = [1, 2].map((n) =>
      run('sh', ['-c', GIT_RACER, 'racer', String(n)], { cwd: root }),
    );
    const results = await Promise.all(writers);
    await Promise.all(racers);
    expect(results.map((r) => r.code)).toEqual(ids.map(() => 0));
    expect(Number(git(root, 'rev-list', '--count', REF).trim())).toBe(start + ids.length + 10);
    const subjects = git(root, 'log', '--format=%s', REF);
    for (const n of [1, 2])
      for (let i = 1; i <= 5; i++) expect(subjects).toContain(`racer ${n} ${i}`);
    // Read in this process: the writers above are the processes under test, not this read.
    for (const id of ids) {
      const shown = await cli(root, ['--json', 'show', id]);
      expect(shown.json<{ flag: { locked_by: string } }>().flag.locked_by).toBe('@b.two');
    }
    git(root, 'fsck', '--strict', '--no-progress');
  });
});
