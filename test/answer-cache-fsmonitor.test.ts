/**
 * The answer cache with git's fsmonitor on (`core.fsmonitor`, git's own watchman hook, Debian's
 * watchman): `git diff-files` then asks watchman what changed instead of looking at every flag
 * file, and a kept answer must still never be used once a flag file was edited, added or
 * deleted by hand, or written by another process or worktree, nor after watchman restarted.
 * Every watchman client runs with TMPDIR set to a folder of this file, so it talks to a daemon of
 * its own, which is shut down at the end.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, createFlag, git, tempDir } from './helpers.js';
import { AGENT, expectFresh, LIST, warm, writeFlag } from './answer-helpers.js';
import { seededCopy } from './answer-seeded.js';

/** git's sample hook for watchman (protocol version 2), as Debian's git ships it. */
const SAMPLE = '/usr/share/git-core/templates/hooks/fsmonitor-watchman.sample';
const WATCHMAN = spawnSync('watchman', ['--version'], { encoding: 'utf8' }).status === 0;
const READY = WATCHMAN && existsSync(SAMPLE);

if (!READY)
  console.warn(
    `fsmonitor tests skipped: ${WATCHMAN ? `no ${SAMPLE}` : 'no watchman found (apt-get install -y watchman)'}`,
  );

/** The folder watchman keeps its socket, state and log in (TMPDIR/<user>-state). */
let state = '';

function watchman(...args: string[]) {
  const env = { ...process.env, TMPDIR: state };
  return spawnSync('watchman', ['--no-save-state', ...args], { env, encoding: 'utf8' });
}

/** The daemon's pid, from its pid file, if one is running. */
function daemonPid(): number | null {
  for (const dir of existsSync(state) ? readdirSync(state) : []) {
    const file = join(state, dir, 'pid');
    if (dir.endsWith('-state') && existsSync(file)) return Number(readFileSync(file, 'utf8'));
  }
  return null;
}

/** Stops this file's daemon: asked first, then its own pid if that is still a watchman. */
function stopWatchman(): void {
  const pid = daemonPid();
  watchman('shutdown-server');
  if (pid === null) return;
  spawnSync('sleep', ['0.2']);
  const command = join('/proc', String(pid), 'cmdline');
  if (existsSync(command) && readFileSync(command, 'utf8').includes('watchman'))
    process.kill(pid, 'SIGTERM');
}

/** The sample's query, and the same restricted to files (docs/performance.md says why). */
const ALL = '"expression": ["not", ["dirname", ".git"]]';
const FILES = '"expression": ["allof", ["type", "f"], ["not", ["dirname", ".git"]]]';

/** The hook's script: git's sample as it is, or asking watchman about files only. */
function hookScript(query: string): string {
  const text = readFileSync(SAMPLE, 'utf8');
  expect(text).toContain(ALL);
  const path = join(state, `query-watchman-${query === ALL ? 'all' : 'files'}`);
  writeFileSync(path, text.replace(ALL, query));
  return path;
}

/**
 * Turns fsmonitor on as a user would (the hook, `core.fsmonitor`, a `git status` that writes the
 * first token into the index). The hook is a wrapper that fixes TMPDIR, so every git (also the
 * ones flagstore starts in this process) reaches this file's daemon, and counts its runs.
 */
function fsmonitorOn(repo: string, query: string): string {
  const log = join(repo, '.git', 'hook-runs');
  const hook = join(repo, '.git', 'hooks', 'query-watchman');
  const script = hookScript(query);
  writeFileSync(
    hook,
    `#!/bin/sh\necho run >>'${log}'\nTMPDIR='${state}' exec perl '${script}' "$@"\n`,
  );
  chmodSync(hook, 0o755);
  git(repo, 'config', 'core.fsmonitor', hook);
  git(repo, 'status', '--short');
  return log;
}

/** `git diff-files` of the flags folder got its answer from watchman (git's own trace says so). */
function askedWatchman(repo: string): boolean {
  const trace = join(tempDir('flagstore-trace-fsmonitor-'), 'trace');
  spawnSync('git', ['diff-files', '--quiet', '--', 'flags'], {
    cwd: repo,
    env: { ...process.env, GIT_TRACE_FSMONITOR: trace },
  });
  return /fsmonitor process .* returned success/.test(readFileSync(trace, 'utf8'));
}

/** Each test runs the binary a dozen times, git's hook and watchman with each: slow on a loaded CI. */
const SLOW = 240_000;

const hookRuns = (log: string) => readFileSync(log, 'utf8').split('\n').filter(Boolean).length;

/** A watchman of the describe block's own, started before its tests and stopped after them. */
function withWatchman(): void {
  beforeAll(() => {
    state = tempDir('flagstore-watchman-');
    expect(watchman('version').status).toBe(0);
  });

  afterAll(() => {
    stopWatchman();
    rmSync(state, { recursive: true, force: true });
  });
}

describe.skipIf(!READY).each([
  ['as git ships it', ALL],
  ['asking about files only', FILES],
])('answer cache with git fsmonitor (watchman), the hook %s', (_, query) => {
  withWatchman();

  it(
    'sees hand edits, saves by rename, new files and deletions while git asks watchman',
    async () => {
      const repo = await seededCopy();
      const saved = writeFlag(repo, '01JD3ZQ8XKQ5V7W9Y2B4C6D8G1');
      git(repo, 'add', '-A');
      git(repo, 'commit', '-q', '--no-verify', '-m', 'one more');
      const log = fsmonitorOn(repo, query);
      let before = await warm(repo, LIST);
      expect(askedWatchman(repo)).toBe(true);
      const runs = hookRuns(log);
      before = await warm(repo, LIST);
      expect(hookRuns(log)).toBeGreaterThan(runs);

      const path = join(repo, 'flags', '01JD3ZQ8XKQ5V7W9Y2B4C6D8A1.md');
      writeFileSync(path, readFileSync(path, 'utf8').replace('"owner"', '"OWNER"'));
      before = await expectFresh(repo, LIST, before);
      before = await warm(repo, LIST);
      writeFlag(repo, '01JD3ZQ8XKQ5V7W9Y2B4C6D8C1', { impact_level: 'critical' });
      before = await expectFresh(repo, LIST, before);
      before = await warm(repo, LIST);
      // An editor's save: a new file renamed over the tracked one (the folder changes, the name
      // is the same; a hook asking about files only hears of the name).
      const swap = join(repo, 'flags', '.01JD3ZQ8XKQ5V7W9Y2B4C6D8G1.md.swp');
      writeFileSync(swap, readFileSync(saved, 'utf8').replace('"owner"', '"Owner"'));
      renameSync(swap, saved);
      before = await expectFresh(repo, LIST, before);
      before = await warm(repo, LIST);
      rmSync(join(repo, 'flags', '01JD3ZQ8XKQ5V7W9Y2B4C6D8A2.md'));
      await expectFresh(repo, LIST, before);
    },
    SLOW,
  );
});

// What the two hooks differ in is only which names they report for edits in the work tree.
describe.skipIf(!READY)('answer cache with git fsmonitor (watchman), other changes', () => {
  const query = FILES;
  withWatchman();

  it(
    'sees writes by another process and from another worktree',
    async () => {
      const repo = await seededCopy();
      fsmonitorOn(repo, query);
      const other = join(tempDir(), 'other');
      git(repo, 'worktree', 'add', '-q', other, '-b', 'other');
      let before = await warm(repo, LIST);
      const lock = ['lock', '01JD3ZQ8XKQ5V7W9Y2B4C6D8A1', '--by', AGENT];
      // Another process than the binary's runs: this worker (its git runs reach the daemon too).
      expect((await cli(repo, lock)).code).toBe(0);
      before = await expectFresh(repo, LIST, before);
      before = await warm(repo, LIST);
      await createFlag(other, '@ops.cicd', 'change', '--to', AGENT);
      await expectFresh(repo, LIST, before);
    },
    SLOW,
  );

  it(
    'sees an edit made while watchman was down, once it is back',
    async () => {
      const repo = await seededCopy();
      fsmonitorOn(repo, query);
      const before = await warm(repo, LIST);
      stopWatchman();
      const path = join(repo, 'flags', '01JD3ZQ8XKQ5V7W9Y2B4C6D8A1.md');
      writeFileSync(path, readFileSync(path, 'utf8').replace('"owner"', '"OWNER"'));
      // The hook starts a new daemon, whose first answer is "everything may have changed".
      await expectFresh(repo, LIST, before);
      await warm(repo, LIST);
    },
    SLOW,
  );
});
