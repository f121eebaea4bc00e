/**
 * The answer cache (src/cli/answer.ts) in front of the hot commands, through the real binary on
 * real repositories: a kept answer is printed byte for byte as the commands print it, and is
 * never used once anything it depends on changed (writes by other processes and worktrees,
 * checkouts and pulls, hand edits, new files, an expiring lock, the configuration, the agent).
 */
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { cli, createFlag, git, tempDir, type CliResult } from './helpers.js';
import {
  AGENT,
  expected,
  expectFresh,
  LIST,
  LONG_AGO,
  outcome,
  run,
  warm,
  withoutIndexChecksum,
  writeFlag,
} from './answer-helpers.js';
import { seededCopy } from './answer-seeded.js';

describe('answer cache', () => {
  it('prints exactly what the commands print, for every hot spelling; not after FLAGSTORE_AGENT changes', async () => {
    const repo = await seededCopy();
    const env = { FLAGSTORE_AGENT: AGENT };
    const lines = [
      ['get-agent-flags', AGENT],
      ['list'],
      ['list', '--for', AGENT],
      LIST,
      ['brief', '--agent', AGENT],
      ['brief', '--json', '--agent', AGENT],
      ['brief'],
    ];
    await sleep(200);
    let cached: CliResult | undefined;
    for (const args of lines) {
      await run(repo, args, env);
      const now = await run(repo, args, env);
      expect(now.trace).toEqual(['hit']);
      expect(outcome(now)).toEqual(outcome(await expected(repo, args, env)));
      cached = now;
    }
    // The last line, `brief` for the agent FLAGSTORE_AGENT names, is kept: another agent's
    // brief must not be read from it.
    expect(lines.at(-1)).toEqual(['brief']);
    const other = { FLAGSTORE_AGENT: '@frontend.react' };
    await expectFresh(repo, ['brief'], cached as CliResult, other);
  });

  it('is not used after writes by another process (create, lock, complete)', async () => {
    const repo = await seededCopy();
    const by = ['--by', AGENT];
    let before = await warm(repo, LIST);
    await createFlag(repo, '@ops.cicd', 'change', '--to', AGENT);
    before = await expectFresh(repo, LIST, before);
    before = await warm(repo, LIST);
    expect((await cli(repo, ['lock', '01JD3ZQ8XKQ5V7W9Y2B4C6D8A1', ...by])).code).toBe(0);
    before = await expectFresh(repo, LIST, before);
    before = await warm(repo, LIST);
    const done = ['complete', '01JD3ZQ8XKQ5V7W9Y2B4C6D8A1', '--notes', 'Done.', ...by];
    expect((await cli(repo, done)).code).toBe(0);
    await expectFresh(repo, LIST, before);
  });

  it('is not used after a write from another worktree (the ledger moved)', async () => {
    const repo = await seededCopy();
    const other = join(tempDir(), 'other');
    git(repo, 'worktree', 'add', '-q', other, '-b', 'other');
    const before = await warm(repo, LIST);
    await createFlag(other, '@ops.cicd', 'change', '--to', AGENT);
    await expectFresh(repo, LIST, before);
    // And the other way round: answers kept in the linked worktree (its .git is a file).
    const there = await warm(other, LIST);
    await createFlag(repo, '@ops.cicd', 'change', '--to', AGENT);
    await expectFresh(other, LIST, there);
  });

  it('is not used after a checkout or a pull that changes flag files', async () => {
    const repo = await seededCopy();
    git(repo, 'checkout', '-q', '-b', 'feature');
    writeFlag(repo, '01JD3ZQ8XKQ5V7W9Y2B4C6D8B1');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'one more');
    git(repo, 'checkout', '-q', 'main');
    let before = await warm(repo, LIST);
    git(repo, 'checkout', '-q', 'feature');
    before = await expectFresh(repo, LIST, before);

    const clone = join(tempDir(), 'clone');
    git(repo, 'clone', '-q', '--branch', 'main', repo, clone);
    before = await warm(clone, LIST);
    git(repo, 'checkout', '-q', 'main');
    git(repo, 'merge', '-q', '--ff-only', 'feature');
    git(clone, 'pull', '-q', '--ff-only');
    await expectFresh(clone, LIST, before);
  });

  it('is not used after a checkout in an index without a checksum (index.skipHash)', async () => {
    const repo = await seededCopy();
    const id = '01JD3ZQ8XKQ5V7W9Y2B4C6D8A1';
    git(repo, 'checkout', '-q', '-b', 'feature');
    writeFlag(repo, id, { impact_level: 'low' }); // 'medium' before: another size, same path
    git(repo, 'commit', '-q', '--no-verify', '-am', 'lower');
    git(repo, 'checkout', '-q', 'main');
    withoutIndexChecksum(repo);
    const before = await warm(repo, LIST);
    const tail = readFileSync(join(repo, '.git', 'index')).subarray(-32);
    git(repo, 'checkout', '-q', 'feature');
    withoutIndexChecksum(repo);
    expect(readFileSync(join(repo, '.git', 'index')).subarray(-32)).toEqual(tail);
    await expectFresh(repo, LIST, before);
  });

  it('is not used after a hand edit in place (same size, same second, even same mtime)', async () => {
    const repo = await seededCopy();
    const path = join(repo, 'flags', '01JD3ZQ8XKQ5V7W9Y2B4C6D8A1.md');
    let before = await warm(repo, LIST);
    const edit = (from: string, to: string) => {
      const text = readFileSync(path, 'utf8');
      writeFileSync(path, text.replace(from, to));
      expect(readFileSync(path).length).toBe(Buffer.byteLength(text));
    };
    edit('"owner"', '"OWNER"');
    before = await expectFresh(repo, LIST, before);
    // A tool that sets modification times (to a whole second, which node can set exactly):
    // an edit that keeps the size and puts the same time back leaves only the change time.
    const time = Math.floor(Date.now() / 1000) - 10;
    utimesSync(path, time, time);
    before = await warm(repo, LIST);
    edit('"OWNER"', '"Owner"');
    utimesSync(path, time, time);
    expect(statSync(path).mtimeMs).toBe(time * 1000);
    await expectFresh(repo, LIST, before);
  });

  it('is not used after a new untracked flag file appears', async () => {
    const repo = await seededCopy();
    const before = await warm(repo, LIST);
    writeFlag(repo, '01JD3ZQ8XKQ5V7W9Y2B4C6D8C1', { impact_level: 'critical' });
    await expectFresh(repo, LIST, before);
  });

  it('is not used once a lock it shows as held has expired', async () => {
    const args = ['get-agent-flags', AGENT];
    const locked = (r: CliResult) =>
      r.json<{ id: string; locked: boolean }[]>().find((f) => f.id.endsWith('D1'))?.locked;
    // The answer must be kept and used before the lock expires: on a loaded machine the window
    // may close first, also between the two runs of `warm` (the second then rightly misses),
    // and then it is tried again, twice as long.
    for (let window = 4000; ; window *= 2) {
      const repo = await seededCopy();
      const expires = Date.now() + window;
      const closed = () => Date.now() >= expires && window < 32_000;
      writeFlag(repo, '01JD3ZQ8XKQ5V7W9Y2B4C6D8D1', {
        locked: true,
        locked_by: '@frontend.react',
        locked_at: LONG_AGO,
        lock_expires_at: new Date(expires).toISOString(),
      });
      const before = await warm(repo, args).catch((error: unknown) => {
        if (closed()) return null;
        throw error;
      });
      if (before === null || closed()) continue;
      expect(locked(before)).toBe(true);
      await sleep(Math.max(0, expires - Date.now()) + 100);
      expect(locked(await expectFresh(repo, args, before))).toBe(false);
      return;
    }
  });

  it('is not used after the configuration changes', async () => {
    const repo = await seededCopy();
    mkdirSync(join(repo, 'other'));
    writeFlag(repo, '01JD3ZQ8XKQ5V7W9Y2B4C6D8E1', { impact_level: 'low' }, 'other');
    const before = await warm(repo, LIST);
    const config = join(repo, '.flagstore.yml');
    const text = readFileSync(config, 'utf8');
    expect(text).toMatch(/^flags_dir: flags$/m);
    writeFileSync(config, text.replace(/^flags_dir: flags$/m, 'flags_dir: other'));
    await expectFresh(repo, LIST, before);
  });

  it('stays out of the way when brief takes the agent from git config', async () => {
    const repo = await seededCopy();
    // `--agent ""` means no agent too: brief then reads git config as well.
    for (const args of [['brief'], ['brief', '--agent', '']]) {
      git(repo, 'config', 'flagstore.agent', AGENT);
      await sleep(200);
      const before = await run(repo, args);
      const again = await run(repo, args);
      git(repo, 'config', 'flagstore.agent', '@frontend.react');
      const after = await run(repo, args);
      expect(outcome(after)).toEqual(outcome(await expected(repo, args)));
      expect(after.stdout).not.toBe(before.stdout);
      expect(again.stdout).toBe(before.stdout);
      expect(again.trace).not.toContain('hit');
    }
  });

  it('does not keep an answer when a write lands while it is being computed', async () => {
    const repo = await seededCopy();
    // Any other FLAGSTORE_* value names another entry, so this run computes its answer.
    const env = { FLAGSTORE_TEST_KEY: 'paused' };
    const pause = join(tempDir('flagstore-pause-'), 'go');
    await sleep(200);
    const slow = run(repo, LIST, { ...env, FLAGSTORE_TEST_ANSWER_PAUSE: pause });
    await vi.waitFor(() => statSync(`${pause}.ready`), { timeout: 30_000, interval: 20 });
    const lock = ['lock', '01JD3ZQ8XKQ5V7W9Y2B4C6D8A1', '--by', AGENT];
    // The worker is another process than the paused binary: the write runs in it.
    expect((await cli(repo, lock)).code).toBe(0);
    await sleep(200);
    writeFileSync(pause, '');
    const paused = await slow;
    await expectFresh(repo, LIST, paused, env);
    expect(paused.trace).toEqual(['miss', 'not kept: changed']);
  });

  it('keeps at most 32 answers and 256 MB, dropping the oldest', async () => {
    const repo = await seededCopy();
    const dir = join(repo, '.git', 'flagstore', 'answers');
    mkdirSync(dir, { recursive: true });
    const old = Math.floor(Date.now() / 1000) - 3600;
    for (let i = 0; i < 40; i++) {
      const path = join(dir, `old-${String(i).padStart(2, '0')}`);
      writeFileSync(path, 'not an answer');
      utimesSync(path, old + i, old + i);
    }
    // A sparse file: 300 MB by its size, none on disk.
    const big = join(dir, 'old-big');
    writeFileSync(big, '');
    truncateSync(big, 300 * 1024 * 1024);
    utimesSync(big, old + 100, old + 100);
    // One run that keeps its answer prunes the folder; no hit needed.
    await sleep(200);
    expect((await run(repo, LIST)).trace).toEqual(['miss', 'kept']);
    const left = readdirSync(dir);
    expect(left).toHaveLength(32);
    expect(left).not.toContain('old-big');
    expect(left).not.toContain('old-08');
    expect(left).toContain('old-39');
  });
});
