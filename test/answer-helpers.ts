/** Helpers of the answer cache tests: hand-written flags, traced runs, warm and fresh checks. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import type { Flag } from '../src/core/types.js';
import { renderFlagFile } from '../src/store/flag-file.js';
import { cli, git, makeRepo, spawnCli, tempDir, type CliResult } from './helpers.js';

/** The agent the tests read for. */
export const AGENT = '@backend.api';
/** A creation time long past: ages then read in days, which hold for hours. */
export const LONG_AGO = '2026-01-02T03:04:05.000Z';

/** A valid flag targeted at AGENT, with `fields` over it. */
export function flag(id: string, fields: Partial<Flag> = {}): Flag {
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
    unlocked_at: null,
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
export function writeFlag(
  repo: string,
  id: string,
  fields: Partial<Flag> = {},
  dir = 'flags',
): string {
  const path = join(repo, dir, `${id}.md`);
  writeFileSync(path, renderFlagFile(flag(id, fields)));
  return path;
}

export interface Run extends CliResult {
  /** What the answer cache did: hit, miss, kept, not kept: ... */
  trace: string[];
}

/** Runs the binary with its output to a pipe (the answer cache's case) and what it did. */
export async function run(
  repo: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<Run> {
  const file = join(tempDir('flagstore-trace-'), 'trace');
  writeFileSync(file, '');
  const result = await spawnCli(repo, args, { ...env, FLAGSTORE_ANSWER_TRACE: file });
  return { ...result, trace: readFileSync(file, 'utf8').split('\n').filter(Boolean) };
}

/**
 * What the full CLI prints for the command line: `runCommand` in this process (the answer cache
 * lives in bin/flagstore.js, in front of it), the reference a kept answer must equal.
 */
export function expected(repo: string, args: string[], env: Record<string, string> = {}) {
  return cli(repo, args, env);
}

/** The same command line without the answer cache, in a process of its own. */
export function plain(repo: string, args: string[], env: Record<string, string> = {}) {
  return spawnCli(repo, args, { ...env, FLAGSTORE_NO_ANSWER_CACHE: '1' });
}

/** What a run printed and returned, for comparisons. */
export function outcome(r: CliResult) {
  return { code: r.code, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Lets file times fall behind the clock (a file changed within the file system's clock tick is
 * never trusted by its identity), then runs until the answer is kept and read from it.
 */
export async function warm(repo: string, args: string[], env: Record<string, string> = {}) {
  await sleep(200);
  const first = await run(repo, args, env);
  // The previous run kept its answer already: this run was read from it, no need for another.
  if (first.trace[0] === 'hit') return first;
  expect(first.trace).toEqual(['miss', 'kept']);
  const second = await run(repo, args, env);
  expect(second.trace).toEqual(['hit']);
  expect(outcome(second)).toEqual(outcome(first));
  return second;
}

/**
 * The answer now equals the answer without the cache, which differs from `before`. Run once the
 * change's file times have settled, so the miss comes from the state key, not from a racy file
 * time, and the run keeps its answer: a `warm` after it needs a single run, a hit.
 */
export async function expectFresh(
  repo: string,
  args: string[],
  before: CliResult,
  env: Record<string, string> = {},
) {
  await sleep(200);
  const now = await run(repo, args, env);
  expect(now.trace[0]).toBe('miss');
  expect(outcome(now)).toEqual(outcome(await expected(repo, args, env)));
  expect(now.stdout).not.toBe(before.stdout);
  return now;
}

/** The command line most tests read with. */
export const LIST = ['list', '--for', AGENT, '--json'];

/** A repository with committed hand-written flags: plain, locked, critical, broken. */
export async function seeded(): Promise<string> {
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

/**
 * Rewrites the git index as `index.skipHash` (which `feature.manyFiles` turns on) leaves it: no
 * trailing checksum (20 zero bytes, which git accepts), and here no extensions either, so two
 * indexes with the same paths end in the same bytes whatever their blob ids.
 */
export function withoutIndexChecksum(repo: string): void {
  const path = join(repo, '.git', 'index');
  const index = readFileSync(path);
  expect(index.readUInt32BE(4)).toBe(2);
  let at = 12;
  for (let n = index.readUInt32BE(8); n > 0; n--) {
    const nameLength = index.readUInt16BE(at + 60) & 0xfff;
    at += Math.floor((62 + nameLength + 8) / 8) * 8;
  }
  writeFileSync(path, Buffer.concat([index.subarray(0, at), Buffer.alloc(20)]));
}

/** A pending flag, created on 1 January 2026, the base the merge tests change. */
export const MERGE_BASE: Flag = flag('01JD3ZQ8X5K2M4N6P8R0T2V4W6', {
  created_at: '2026-01-01T00:00:00.000Z',
});

/** {@link MERGE_BASE} locked by `by` at `at`, expiring on 3 January. */
export function lockedAt(by: string, at: string): Flag {
  return {
    ...MERGE_BASE,
    locked: true,
    locked_by: by,
    locked_at: at,
    lock_expires_at: '2026-01-03T00:00:00.000Z',
  };
}
