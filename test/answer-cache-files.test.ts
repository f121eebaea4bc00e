/**
 * The answer cache (src/cli/answer.ts) and the flags folder's files git does not track: a hit
 * trusts the untracked files kept with the answer while the folder's identity is unchanged, so
 * these tests change untracked and ignored files in every way a hand or a tool can.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { BIN, git, tempDir } from './helpers.js';
import {
  AGENT,
  expected,
  expectFresh,
  LIST,
  outcome,
  run,
  warm,
  writeFlag,
} from './answer-helpers.js';
import { seededCopy } from './answer-seeded.js';

/** Rewrites a file in place with one word swapped for another of the same length. */
function sameSizeEdit(path: string, from: string, to: string): void {
  const text = readFileSync(path, 'utf8');
  expect(from.length).toBe(to.length);
  writeFileSync(path, text.replace(from, to));
}

describe('answer cache and untracked flag files', () => {
  it('is not used after an untracked flag file is edited in place or removed', async () => {
    const repo = await seededCopy();
    const path = writeFlag(repo, '01JD3ZQ8XKQ5V7W9Y2B4C6D8C1');
    let before = await warm(repo, LIST);
    sameSizeEdit(path, '"owner"', '"OWNER"');
    before = await expectFresh(repo, LIST, before);
    // Kept again from the new state, then a removal.
    before = await warm(repo, LIST);
    rmSync(path);
    await expectFresh(repo, LIST, before);
  });

  it('is not used after a tracked flag file is deleted from the work tree', async () => {
    const repo = await seededCopy();
    const before = await warm(repo, LIST);
    rmSync(join(repo, 'flags', '01JD3ZQ8XKQ5V7W9Y2B4C6D8A1.md'));
    await expectFresh(repo, LIST, before);
  });

  it('is not used after an ignored flag file appears, or is edited', async () => {
    const repo = await seededCopy();
    writeFileSync(join(repo, '.gitignore'), 'flags/01JD3ZQ8XKQ5V7W9Y2B4C6D8F*.md\n');
    git(repo, 'add', '.gitignore');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'ignore');
    let before = await warm(repo, LIST);
    const path = writeFlag(repo, '01JD3ZQ8XKQ5V7W9Y2B4C6D8F1', { impact_level: 'high' });
    // Ignored indeed (asked without a `git status`, which could rewrite the index).
    expect(git(repo, 'check-ignore', path).trim()).toBe(path);
    before = await expectFresh(repo, LIST, before);
    before = await warm(repo, LIST);
    sameSizeEdit(path, '"owner"', '"OWNER"');
    await expectFresh(repo, LIST, before);
  });

  it('is not used after a flag file appears in a flags folder that was missing', async () => {
    const repo = await seededCopy();
    git(repo, 'mv', 'flags', 'old-flags');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'moved');
    const brief = ['brief', '--agent', AGENT];
    const before = await warm(repo, brief);
    mkdirSync(join(repo, 'flags'));
    writeFlag(repo, '01JD3ZQ8XKQ5V7W9Y2B4C6D8C1');
    await expectFresh(repo, brief, before);
  });
});

describe('answer cache without a folder to keep answers in', () => {
  it('prints the answer as without the cache and keeps nothing', async () => {
    const repo = await seededCopy();
    mkdirSync(join(repo, '.git', 'flagstore'), { recursive: true });
    // A file where the answers folder goes: neither answers nor git's listing can be written.
    writeFileSync(join(repo, '.git', 'flagstore', 'answers'), '');
    for (let i = 0; i < 2; i++) {
      const now = await run(repo, LIST);
      expect(now.trace).toEqual(['miss', 'not kept: no state key']);
      expect(outcome(now)).toEqual(outcome(await expected(repo, LIST)));
    }
  });
});

describe('answer cache and an untracked file that appears during a run', () => {
  it('keeps no answer: the second key reuses the first key listing only while the folder is the same', async () => {
    const repo = await seededCopy();
    const env = { FLAGSTORE_TEST_KEY: 'untracked-during' };
    const pause = join(tempDir('flagstore-pause-'), 'go');
    await sleep(200);
    const slow = run(repo, LIST, { ...env, FLAGSTORE_TEST_ANSWER_PAUSE: pause });
    await vi.waitFor(() => statSync(`${pause}.ready`), { timeout: 30_000, interval: 20 });
    writeFlag(repo, '01JD3ZQ8XKQ5V7W9Y2B4C6D8C2');
    await sleep(200);
    writeFileSync(pause, '');
    const paused = await slow;
    expect(paused.trace).toEqual(['miss', 'not kept: changed']);
    await expectFresh(repo, LIST, paused, env);
  });
});

describe('answer cache and brief spelled with --json first', () => {
  it('keys on the catalog, and stays out of the way without an agent', async () => {
    const repo = await seededCopy();
    mkdirSync(join(repo, 'agents'), { recursive: true });
    const agent = join(repo, 'agents', 'reviewer.md');
    writeFileSync(agent, '---\nname: reviewer\ndescription: Reviews.\n---\n\nYou review.\n');
    const args = ['--json', 'brief', '--agent', AGENT];
    const before = await warm(repo, args);
    writeFileSync(agent, '---\nname: Not A Valid Name!\n---\n');
    await expectFresh(repo, args, before);
    git(repo, 'config', 'flagstore.agent', AGENT);
    expect((await run(repo, ['--json', 'brief'])).trace).toEqual(['off']);
  });
});

/**
 * A hit's output through a pipe another node process made non-blocking (its stream object does
 * that; it stays so until done) and nobody reads until the hit began: the pipe fills at once,
 * and what it does not take must not be overtaken by the next piece. Standard error goes into
 * the same pipe (2>&1, as an agent's shell often runs it): after the output, never inside it.
 */
function slowPipe(repo: string, env: NodeJS.ProcessEnv): string {
  const d = tempDir('flagstore-slow-');
  const files = { ready: join(d, 'ready'), done: join(d, 'done'), trace: join(d, 'trace') };
  const wait = (file: string): string => `until [ -s '${file}' ]; do sleep 0.02; done`;
  const js = `process.stdout.write('');require('fs').writeFileSync('${files.ready}','1');setInterval(()=>require('fs').existsSync('${files.done}')&&process.exit(),20)`;
  const line = [process.execPath, BIN, ...LIST].map((word) => `"${word}"`).join(' ');
  const writers = `"${process.execPath}" -e "${js}" & ${wait(files.ready)}; ${line} 2>&1; echo 1 > '${files.done}'`;
  const reader = `${wait(files.trace)}; sleep 0.2; cat`;
  const slow = spawnSync('sh', ['-c', `{ ${writers}; } | { ${reader}; }`], {
    cwd: repo,
    env: { ...env, FLAGSTORE_ANSWER_TRACE: files.trace },
    maxBuffer: 1 << 26,
  });
  expect(readFileSync(files.trace, 'utf8')).toBe('hit\n');
  return slow.stdout.toString('latin1');
}

describe('answer cache files themselves', () => {
  it('prints a kept answer of megabytes byte for byte, and never one cut short', async () => {
    const repo = await seededCopy();
    await warm(repo, LIST);
    const path = keptFile(repo);
    const text = readFileSync(path, 'latin1');
    const header = JSON.parse(text.slice(0, text.indexOf('\n'))) as { stamp: number };
    // Several of the megabyte pieces a kept answer is printed in, each line its own.
    const out = Array.from({ length: 300_000 }, (_, i) => `line ${i}\n`).join('');
    const err = 'warning: kept by hand\n';
    const body = { out: out.length, err: err.length };
    writeFileSync(path, `${JSON.stringify({ ...header, ...body })}\n${out}${err}`);
    utimesSync(path, header.stamp, header.stamp);
    // Through a pipe, read whole (execFile, as `run`, stops a child at 1 MB).
    const trace = join(tempDir('flagstore-trace-'), 'trace');
    const env = { ...process.env, NO_COLOR: '1', FLAGSTORE_ANSWER_TRACE: trace };
    const hit = spawnSync(process.execPath, [BIN, ...LIST], { cwd: repo, env, maxBuffer: 1 << 26 });
    expect(readFileSync(trace, 'utf8')).toBe('hit\n');
    expect(hit.stdout.length).toBe(out.length);
    expect(hit.stdout.toString('latin1') === out).toBe(true);
    expect(hit.stderr.toString('latin1')).toBe(err);
    // A pipe another node process made non-blocking, made blocking again by the hit; and, where
    // that cannot be done, written through node's stream.
    for (const keep of [{}, { FLAGSTORE_TEST_KEEP_NONBLOCKING: '1' }]) {
      expect(slowPipe(repo, { ...env, ...keep }) === out + err).toBe(true);
    }
    // A file shorter than its header says is not printed from, not even in part.
    truncateSync(path, statSync(path).size - 1);
    utimesSync(path, header.stamp, header.stamp);
    await expectRecomputed(repo);
  });

  it('recomputes a kept answer cut short, corrupted in place or counted wrong, and keeps it anew', async () => {
    const repo = await seededCopy();
    await warm(repo, LIST);
    const path = keptFile(repo);
    const kept = readFileSync(path, 'latin1');
    // Cut short by hand: the command still prints the whole answer and succeeds.
    truncateSync(path, kept.length - 10);
    await expectRecomputed(repo);
    // Corrupted in place, its length unchanged: the first byte printed is not the one kept.
    const eol = kept.indexOf('\n');
    writeFileSync(path, `${kept.slice(0, eol + 1)}#${kept.slice(eol + 2)}`, 'latin1');
    await expectRecomputed(repo);
    // Counts that add up to the file's length but cannot be (the file's time as written).
    const header = JSON.parse(kept.slice(0, eol)) as { out: number; err: number; stamp: number };
    const counts = { out: -1, err: header.out + header.err + 1 };
    writeFileSync(path, `${JSON.stringify({ ...header, ...counts })}${kept.slice(eol)}`, 'latin1');
    utimesSync(path, header.stamp, header.stamp);
    await expectRecomputed(repo);
  });
});

/** The one kept answer's file. */
function keptFile(repo: string): string {
  const dir = join(repo, '.git', 'flagstore', 'answers');
  const names = readdirSync(dir).filter((name) => !name.startsWith('.'));
  expect(names).toHaveLength(1);
  return join(dir, names[0] ?? '');
}

/** Runs LIST with a kept answer that must not be used: a miss printing the uncached answer. */
async function expectRecomputed(repo: string): Promise<void> {
  const now = await run(repo, LIST);
  expect(now.trace[0]).toBe('miss');
  expect(now.code).toBe(0);
  expect(outcome(now)).toEqual(outcome(await expected(repo, LIST)));
}
