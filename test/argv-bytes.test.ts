/**
 * Arguments that are not UTF-8 (src/cli/argv-bytes.ts): node reads them with U+FFFD in place of
 * the bytes, so the binary compares with the bytes the system holds (/proc/self/cmdline) and
 * refuses, naming the argument, before anything is written. Real processes only: the bytes must
 * reach the process as given, which node's own spawn (UTF-8 strings) cannot do, so a shell's
 * printf makes them.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ACTION,
  BIN,
  createFlag,
  flagFiles,
  git,
  makeRepo,
  spawnCli,
  type CliResult,
} from './helpers.js';

/** A description whose `é` is one Latin-1 byte (octal 351), as printf writes it. */
const LATIN1 = 'The caf\\351 table gained a preferences JSON column for personalisation.';

/**
 * Runs the binary with `args`, then one more argument: `printf` of `escaped` (octal escapes
 * become the bytes they name). Nothing of the test's text is a shell line: it goes as variables.
 */
function spawnWithBytes(repo: string, args: string[], escaped: string): Promise<CliResult> {
  const script = 'last=$(printf "$FLAGSTORE_TEST_BYTES"); exec "$@" "$last"';
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FLAGSTORE_TEST_BYTES: escaped };
  delete env.FLAGSTORE_AGENT;
  return new Promise((resolve) => {
    const argv = ['-c', script, 'sh', process.execPath, BIN, ...args];
    execFile('sh', argv, { cwd: repo, env }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr, json: <T>() => JSON.parse(stdout) as T });
    });
  });
}

/** What a write could change: the files and every ref (the ledger's too). */
function state(repo: string): string {
  return [git(repo, 'status', '--porcelain', '--untracked-files=all'), git(repo, 'for-each-ref')]
    .concat(flagFiles(repo))
    .join('\n');
}

const CREATE = ['create', 'change', '--action', ACTION, '--by', '@a.one', '--change'];

describe.runIf(existsSync('/proc/self/cmdline'))('arguments that are not UTF-8', () => {
  it('create, complete and the seed create-flag refuse, naming the argument; nothing written', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const before = state(repo);
    const create = await spawnWithBytes(repo, CREATE, LATIN1);
    expect(create.code).toBe(2);
    expect(create.stderr).toContain(
      'argument 8 is not valid UTF-8 (byte 0xe9 after "The caf"): it would be read with U+FFFD',
    );
    expect(create.stderr).toContain('fix: pass the text in UTF-8');
    const json = await spawnWithBytes(repo, ['--json', ...CREATE], LATIN1);
    expect(json.json()).toMatchObject({ error: { code: 'usage', details: { argument: 9 } } });
    const done = ['complete', id, '--by', '@b.two', '--notes'];
    expect((await spawnWithBytes(repo, done, 'Done at the caf\\351.')).stderr).toContain(
      'argument 6 is not valid UTF-8',
    );
    const seed = ['create-flag', '--flag_type', 'change', '--source_agent', '@a.one'];
    const seedArgs = [...seed, '--action_required', ACTION, '--change_description'];
    const refused = await spawnWithBytes(repo, seedArgs, LATIN1);
    expect(refused.json()).toMatchObject({ argument: 9 });
    expect(state(repo)).toBe(before);
  });

  it('takes U+FFFD itself when it was sent as UTF-8', async () => {
    const repo = await makeRepo();
    const text = 'The caf\uFFFD table gained a preferences JSON column for personalisation.';
    const res = await spawnCli(repo, [...CREATE, text]);
    expect(res.stderr).toBe('');
    const [file] = flagFiles(repo) as [string];
    expect(readFileSync(join(repo, 'flags', file), 'utf8')).toContain(text);
  });
});
