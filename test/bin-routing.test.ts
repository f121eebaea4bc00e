/**
 * Which entry bin/flagstore.js loads for each kind of command line, seen from outside: a module
 * hook preloaded into the real process records every dist/bundle/ file it loads. The other
 * entry tests compare outputs, which would match even if bin sent everything to main.js.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { codeCacheOn } from '../src/cli/code-cache.js';
import { entryFor } from '../src/cli/route.js';
import { FIXTURES, cli, createFlag, makeRepo, spawnCli, tempDir } from './helpers.js';

let repo: string;
let id: string;

beforeAll(async () => {
  repo = await makeRepo();
  id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
});

/**
 * The bundle files a real run of `args` loaded, in order. The log's name is a FLAGSTORE_*
 * variable, part of the answer cache's key: runs that should share answers share a log.
 */
async function loaded(
  args: string[],
  env: Record<string, string> = {},
  { cwd = repo, log = join(tempDir(), 'entries.log') } = {},
): Promise<string[]> {
  writeFileSync(log, '');
  const preload = pathToFileURL(join(FIXTURES, 'entry-trace.mjs')).href;
  const res = await spawnCli(cwd, args, {
    ...env,
    NODE_OPTIONS: `--import=${preload}`,
    FLAGSTORE_TEST_ENTRY_LOG: log,
  });
  expect(res.stderr).not.toContain('Error');
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

const NO_CACHE = { FLAGSTORE_NO_ANSWER_CACHE: '1' };
/** The file of an entry: its CommonJS build where the code cache loads it (Node 20). */
const file = (entry: string) => (codeCacheOn() ? `${entry}.cjs` : `${entry}.js`);

describe('bin/flagstore.js routes each command line to its entry', () => {
  it('hot reads go to the answer cache when piped, to hot.js without it, never to main.js', async () => {
    for (const args of [['get-agent-flags', '@b.two'], ['list', '--for', '@b.two'], ['brief']]) {
      const piped = await loaded(args);
      expect(piped.slice(0, 2)).toEqual(['route.cjs', 'answer.cjs']);
      expect(piped).not.toContain(file('main'));
      const direct = await loaded(args, NO_CACHE);
      expect(direct).toContain(file('hot'));
      expect(direct).not.toContain('answer.cjs');
      expect(direct).not.toContain(file('main'));
    }
  });

  it('a kept answer is printed from the two CommonJS files alone, without child_process', async () => {
    const args = ['list', '--for', '@b.two', '--json'];
    const log = join(tempDir(), 'entries.log');
    await sleep(200);
    await loaded(args, {}, { log });
    expect(await loaded(args, {}, { log })).toEqual(['route.cjs', 'answer.cjs']);
  });

  it('writes go to write.js, after global options too; the hook to hook.js; else main.js', async () => {
    const lock = await loaded(['lock', id, '--by', '@b.two']);
    expect(lock).toContain(file('write'));
    expect(lock).not.toContain(file('main'));
    const elsewhere = join(repo, 'flags');
    const unlock = await loaded(
      ['-C', repo, '--by', '@b.two', 'unlock', id],
      {},
      { cwd: elsewhere },
    );
    expect(unlock).toContain(file('write'));
    expect(unlock).not.toContain(file('main'));
    const hook = await loaded(['gate', 'pre-commit']);
    expect(hook).toContain(file('hook'));
    expect(hook).not.toContain(file('main'));
    // Its report pads gate names by columns (src/cli/columns.ts): ASCII names need no width table.
    expect(hook).not.toContain('string-width.cjs');
    expect(await loaded(['show', id])).toContain(file('main'));
    expect(await loaded(['-C', repo, 'show', id])).toContain(file('main'));
    expect(await loaded(['list', '--status', 'all'], NO_CACHE)).toContain(file('main'));
  });

  it('loads the width library for a table or prose of non-ASCII text only, never for JSON', async () => {
    const wide = { ...NO_CACHE, COLUMNS: '80' };
    for (const args of [
      ['list', '--for', '@b.two'],
      ['brief', '--agent', '@b.two'],
    ])
      expect(await loaded(args, wide)).not.toContain('string-width.cjs');
    const other = await makeRepo();
    await createFlag(
      other,
      '@a.one',
      'change',
      '--to',
      '@b.two',
      '--change',
      `${'用户表 '.repeat(20)}👍🏽`,
    );
    for (const args of [
      ['list', '--for', '@b.two'],
      ['brief', '--agent', '@b.two'],
    ])
      expect(await loaded(args, wide, { cwd: other })).toContain('string-width.cjs');
    const json = await loaded(['--json', 'list', '--for', '@b.two'], wide, { cwd: other });
    expect(json).toContain(file('hot'));
    expect(json).not.toContain('string-width.cjs');
  });

  it('loads the ES module entries when the code cache is off', async () => {
    const off = { ...NO_CACHE, NODE_DISABLE_COMPILE_CACHE: '1' };
    const read = await loaded(['list', '--for', '@b.two'], off);
    expect(read).toContain('hot.js');
    expect(read).not.toContain('hot.cjs');
    const show = await loaded(['show', id], off);
    expect(show).toContain('main.js');
    expect(show).not.toContain('main.cjs');
    const write = await loaded(['lock', id, '--by', '@b.two'], off);
    expect(write).toContain('write.js');
    expect(write).not.toContain('write.cjs');
    // Leaves the flag unlocked as it found it; which entry unlocks is not asked here.
    expect((await cli(repo, ['unlock', id, '--by', '@b.two'])).code).toBe(0);
  });

  it('names the entry by the command after the global options', () => {
    const start = { piped: true, cache: true };
    expect(entryFor(['-C', 'lock', 'show', 'X'], start)).toBe('main');
    expect(entryFor(['--directory', 'x', 'complete', 'X'], start)).toBe('write');
    expect(entryFor(['--json', 'create', 'change'], start)).toBe('write');
    expect(entryFor(['--json', 'list'], start)).toBe('answer');
    expect(entryFor(['--json', 'list'], { piped: false, cache: true })).toBe('hot');
    expect(entryFor(['--json', 'list'], { piped: true, cache: false })).toBe('hot');
    expect(entryFor(['gate', 'pre-commit'], start)).toBe('hook');
    expect(entryFor(['gate', 'pre-commit', '--json'], start)).toBe('main');
  });
});
