/**
 * The answer cache (src/cli/answer.ts) in front of the hot commands, through the real binary on
 * real repositories: a kept answer is printed byte for byte as the commands print it, and is
 * never used once anything it depends on changed (writes by other processes and worktrees,
 * checkouts and pulls, hand edits, new files, an expiring lock, the configuration, the agent).
 */
import { mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import type { Flag } from '../src/core/types.js';
import { statusPaths } from '../src/cli/answer-key.js';
import { renderFlagFile } from '../src/store/flag-file.js';
import { createFlag, git, makeRepo, spawnCli, tempDir, type CliResult } from './helpers.js';

const AGENT = '@backend.api';
const LONG_AGO = '2026-01-02T03:04:05.000Z';

function flag(id: string, fields: Partial<Flag> = {}): Flag {
  return {
    id,
    flag_type: 'change',
    source_agent: '@ops.cicd',
    target_agent: AGENT,
    impact_level: 'medium',
    status: 'pending',
    locked: false,
    locked_by: null,
    locked_at: null,
    lock_expires_at: null,
    related_files: ['src/api/items.ts'],
    code_location: null,
    chain_origin_id: null,
    context: null,
    legacy_id: null,
    created_at: LONG_AGO,
    completed_at: null,
    completed_by: null,
    change_description: 'The items endpoint gained a field "owner" that every client now receives.',
    action_required:
      'Read the new owner field in the items handler, show it in the list view, and extend the tests that cover the handler and the view.',
    example_usage: null,
    notes: null,
    ...fields,
  };
}

/** Writes a flag file by hand (not through flagstore: the ledger does not know it). */
function writeFlag(repo: string, id: string, fields: Partial<Flag> = {}, dir = 'flags'): string {
  const path = join(repo, dir, `${id}.md`);
  writeFileSync(path, renderFlagFile(flag(id, fields)));
  return path;
}

interface Run extends CliResult {
  /** What the answer cache did: hit, miss, kept, not kept: ... */
  trace: string[];
}

/** Runs the binary with its output to a pipe (the answer cache's case) and what it did. */
async function run(repo: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  const file = join(tempDir('flagstore-trace-'), 'trace');
  writeFileSync(file, '');
  const result = await spawnCli(repo, args, { ...env, FLAGSTORE_ANSWER_TRACE: file });
  return { ...result, trace: readFileSync(file, 'utf8').split('\n').filter(Boolean) };
}

/** The same command line without the answer cache. */
function plain(repo: string, args: string[], env: Record<string, string> = {}) {
  return spawnCli(repo, args, { ...env, FLAGSTORE_NO_ANSWER_CACHE: '1' });
}

function outcome(r: CliResult) {
  return { code: r.code, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Lets file times fall behind the clock (a file changed within the file system's clock tick is
 * never trusted by its identity), then runs until the answer is kept and once more from it.
 */
async function warm(repo: string, args: string[], env: Record<string, string> = {}) {
  await sleep(200);
  const first = await run(repo, args, env);
  // The previous run may have kept its answer already.
  if (first.trace[0] !== 'hit') expect(first.trace).toEqual(['miss', 'kept']);
  const second = await run(repo, args, env);
  expect(second.trace).toEqual(['hit']);
  expect(outcome(second)).toEqual(outcome(first));
  return second;
}

/** The answer now equals the answer without the cache, which differs from `before`. */
async function expectFresh(
  repo: string,
  args: string[],
  before: CliResult,
  env: Record<string, string> = {},
) {
  const now = await run(repo, args, env);
  expect(now.trace[0]).toBe('miss');
  expect(outcome(now)).toEqual(outcome(await plain(repo, args, env)));
  expect(now.stdout).not.toBe(before.stdout);
  return now;
}

const LIST = ['list', '--for', AGENT, '--json'];

async function seeded(): Promise<string> {
  const repo = await makeRepo();
  writeFlag(repo, '01JD3ZQ8XKQ5V7W9Y2B4C6D8A1');
  writeFlag(repo, '01JD3ZQ8XKQ5V7W9Y2B4C6D8A2', {
    impact_level: 'high',
    locked: true,
    locked_by: AGENT,
    locked_at: LONG_AGO,
    lock_expires_at: '2099-01-01T00:00:00.000Z',
  });
  writeFlag(repo, '01JD3ZQ8XKQ5V7W9Y2B4C6D8A3', { impact_level: 'critical', target_agent: null });
  writeFileSync(join(repo, 'flags', '01JD3ZQ8XKQ5V7W9Y2B4C6D8A5.md'), '---\nid: [broken\n---\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '--no-verify', '-m', 'flags');
  return repo;
}

describe('answer cache', () => {
  it('prints exactly what the commands print, for every hot spelling', async () => {
    const repo = await seeded();
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
    for (const args of lines) {
      await run(repo, args, env);
      const cached = await run(repo, args, env);
      expect(cached.trace).toEqual(['hit']);
      expect(outcome(cached)).toEqual(outcome(await plain(repo, args, env)));
    }
  });

  it('is not used after writes by another process (create, lock, complete)', async () => {
    const repo = await seeded();
    const by = ['--by', AGENT];
    let before = await warm(repo, LIST);
    await createFlag(repo, '@ops.cicd', 'change', '--to', AGENT);
    before = await expectFresh(repo, LIST, before);
    before = await warm(repo, LIST);
    expect((await spawnCli(repo, ['lock', '01JD3ZQ8XKQ5V7W9Y2B4C6D8A1', ...by])).code).toBe(0);
    before = await expectFresh(repo, LIST, before);
    before = await warm(repo, LIST);
    const done = ['complete', '01JD3ZQ8XKQ5V7W9Y2B4C6D8A1', '--notes', 'Done.', ...by];
    expect((await spawnCli(repo, done)).code).toBe(0);
    await expectFresh(repo, LIST, before);
  });

  it('is not used after a write from another worktree (the ledger moved)', async () => {
    const repo = await seeded();
    const other = join(tempDir(), 'other');
    git(repo, 'worktree', 'add', '-q', other, '-b', 'other');
    const before = await warm(repo, LIST);
    await createFlag(other, '@ops.cicd', 'change', '--to', AGENT);
    await expectFresh(repo, LIST, before);
  });

  it('is not used after a checkout or a pull that changes flag files', async () => {
    const repo = await seeded();
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

  it('is not used after a hand edit in place (same size, same second, even same mtime)', async () => {
    const repo = await seeded();
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
    const repo = await seeded();
    const before = await warm(repo, LIST);
    writeFlag(repo, '01JD3ZQ8XKQ5V7W9Y2B4C6D8C1', { impact_level: 'critical' });
    await expectFresh(repo, LIST, before);
  });

  it('is not used once a lock it shows as held has expired', async () => {
    const repo = await seeded();
    // Long enough for the answer to be kept and used on a loaded machine before it expires.
    const expires = Date.now() + 4000;
    writeFlag(repo, '01JD3ZQ8XKQ5V7W9Y2B4C6D8D1', {
      locked: true,
      locked_by: '@frontend.react',
      locked_at: LONG_AGO,
      lock_expires_at: new Date(expires).toISOString(),
    });
    const args = ['get-agent-flags', AGENT];
    const locked = (r: CliResult) =>
      r.json<{ id: string; locked: boolean }[]>().find((f) => f.id.endsWith('D1'))?.locked;
    const before = await warm(repo, args);
    expect(locked(before)).toBe(true);
    await sleep(Math.max(0, expires - Date.now()) + 100);
    expect(locked(await expectFresh(repo, args, before))).toBe(false);
  });

  it('is not used after the configuration changes', async () => {
    const repo = await seeded();
    mkdirSync(join(repo, 'other'));
    writeFlag(repo, '01JD3ZQ8XKQ5V7W9Y2B4C6D8E1', { impact_level: 'low' }, 'other');
    const before = await warm(repo, LIST);
    const config = join(repo, '.flagstore.yml');
    const text = readFileSync(config, 'utf8');
    expect(text).toMatch(/^flags_dir: flags$/m);
    writeFileSync(config, text.replace(/^flags_dir: flags$/m, 'flags_dir: other'));
    await expectFresh(repo, LIST, before);
  });

  it('is not used after FLAGSTORE_AGENT changes', async () => {
    const repo = await seeded();
    const before = await warm(repo, ['brief'], { FLAGSTORE_AGENT: AGENT });
    await expectFresh(repo, ['brief'], before, { FLAGSTORE_AGENT: '@frontend.react' });
  });

  it('stays out of the way when brief takes the agent from git config', async () => {
    const repo = await seeded();
    git(repo, 'config', 'flagstore.agent', AGENT);
    await sleep(200);
    const before = await run(repo, ['brief']);
    const again = await run(repo, ['brief']);
    git(repo, 'config', 'flagstore.agent', '@frontend.react');
    const after = await run(repo, ['brief']);
    expect(outcome(after)).toEqual(outcome(await plain(repo, ['brief'])));
    expect(after.stdout).not.toBe(before.stdout);
    expect(again).toMatchObject({ stdout: before.stdout, trace: ['off'] });
  });

  it('reads the paths of git status output, the origin of a rename included', () => {
    const out = 'R  flags/new.md\0flags/R  old.md\0?? flags/a b.md\0!! flags/x.md\0';
    expect(statusPaths(out)).toEqual([
      'flags/new.md',
      'flags/R  old.md',
      'flags/a b.md',
      'flags/x.md',
    ]);
  });

  it('does not keep an answer when a write lands while it is being computed', async () => {
    const repo = await seeded();
    // Any other FLAGSTORE_* value names another entry, so this run computes its answer.
    const env = { FLAGSTORE_TEST_KEY: 'paused' };
    const pause = join(tempDir('flagstore-pause-'), 'go');
    await sleep(200);
    const slow = run(repo, LIST, { ...env, FLAGSTORE_TEST_ANSWER_PAUSE: pause });
    await vi.waitFor(() => statSync(`${pause}.ready`), { timeout: 30_000, interval: 20 });
    const lock = ['lock', '01JD3ZQ8XKQ5V7W9Y2B4C6D8A1', '--by', AGENT];
    expect((await spawnCli(repo, lock)).code).toBe(0);
    await sleep(200);
    writeFileSync(pause, '');
    const paused = await slow;
    await expectFresh(repo, LIST, paused, env);
    expect(paused.trace).toEqual(['miss', 'not kept: changed']);
  });
});
