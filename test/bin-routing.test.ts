/**
 * Which entry bin/flagstore.js loads for each kind of command line, seen from outside: a module
 * hook preloaded into the real process records every dist/bundle/ file it resolves. The other
 * entry tests compare outputs, which would match even if bin sent everything to main.js.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, createFlag, makeRepo, spawnCli, tempDir } from './helpers.js';

let repo: string;
let id: string;

beforeAll(async () => {
  repo = await makeRepo();
  id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
});

/** The bundle files a real run of `args` loaded, in order, and its exit code. */
async function loaded(args: string[], env: Record<string, string> = {}): Promise<string[]> {
  const log = join(tempDir(), 'entries.log');
  writeFileSync(log, '');
  const preload = pathToFileURL(join(FIXTURES, 'entry-trace.mjs')).href;
  const res = await spawnCli(repo, args, {
    ...env,
    NODE_OPTIONS: `--import=${preload}`,
    FLAGSTORE_TEST_ENTRY_LOG: log,
  });
  expect(res.stderr).not.toContain('Error');
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

const NO_CACHE = { FLAGSTORE_NO_ANSWER_CACHE: '1' };

describe('bin/flagstore.js routes each command line to its entry', () => {
  it('hot reads go to the answer cache when piped, to hot.js without it, never to main.js', async () => {
    for (const args of [['get-agent-flags', '@b.two'], ['list', '--for', '@b.two'], ['brief']]) {
      const piped = await loaded(args);
      expect(piped[0]).toBe('answer.js');
      expect(piped).not.toContain('main.js');
      const direct = await loaded(args, NO_CACHE);
      expect(direct).toContain('hot.js');
      expect(direct).not.toContain('main.js');
    }
  });

  it('writes go to write.js, the commit hook to hook.js, anything else to main.js', async () => {
    const lock = await loaded(['lock', id, '--by', '@b.two']);
    expect(lock).toContain('write.js');
    expect(lock).not.toContain('main.js');
    const hook = await loaded(['gate', 'pre-commit']);
    expect(hook).toContain('hook.js');
    expect(hook).not.toContain('main.js');
    expect(await loaded(['show', id])).toContain('main.js');
    expect(await loaded(['list', '--status', 'all'], NO_CACHE)).toContain('main.js');
  });
});
