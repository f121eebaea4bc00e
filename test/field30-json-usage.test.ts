import { describe, expect, it } from 'vitest';
import { makeRepo, spawnCli } from './helpers.js';

/**
 * An agent that asked for `--json` parses standard output. A command line commander refuses
 * (a missing argument or option, an unknown option) used to print its error as plain text on
 * standard error and nothing on standard output, so the agent read an empty answer; the docs
 * promise the JSON error object on standard output for every error.
 */
describe('usage errors answer in JSON when --json is given', () => {
  it.each([
    [['--json', 'show'], /missing required argument 'id'/, 'flagstore show --help'],
    [['--json', 'lock'], /missing required argument 'id'/, 'flagstore lock --help'],
    [['list', '--json', '--for'], /'--for <agent>' argument missing/, 'flagstore list --help'],
    [['--json', 'brief', '--bogus'], /unknown option '--bogus'/, 'flagstore brief --help'],
    [
      ['--json', 'create', 'change', '--by', '@a.one'],
      /--change <text>/,
      'flagstore create --help',
    ],
  ])('%j', async (args, message, fix) => {
    const repo = await makeRepo();
    const res = await spawnCli(repo, args);
    expect(res.code).toBe(2);
    const error = res.json<{ error: { code: string; message: string; fix: string } }>().error;
    expect(error.code).toBe('usage');
    expect(error.message).toMatch(message);
    expect(error.fix).toBe(fix);
  });

  it('without --json, or with --json only after --, the error stays plain text', async () => {
    const repo = await makeRepo();
    for (const args of [['show'], ['show', '--', '--json', 'x', 'y']]) {
      const res = await spawnCli(repo, args);
      expect(res.code).toBe(2);
      expect(res.stdout).toBe('');
      expect(res.stderr).toMatch(/^error: /);
    }
  });
});
