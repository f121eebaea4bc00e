/**
 * The write entry (dist/bundle/write.js: create, lock, unlock, complete with only their own
 * commands registered), run as the binary, against the full CLI (`runCommand`, in this process as
 * `cli()` runs it) on the same repository: standard output, standard error and exit code must be
 * the same, for failures and (ids and times aside) for successes.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { isWriteCommand } from '../src/cli/write.js';
import { ACTION, BIN, CHANGE, cli, createFlag, makeRepo } from './helpers.js';

const execFileAsync = promisify(execFile);

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function runNode(cwd: string, args: string[], agent?: string): Promise<Outcome> {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' };
  if (agent === undefined) delete env.FLAGSTORE_AGENT;
  else env.FLAGSTORE_AGENT = agent;
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, args, { cwd, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: Number(e.code ?? 1), stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** The full CLI's outcome for a command line, with the identity as runNode gives it. */
async function runFull(cwd: string, args: string[], agent?: string): Promise<Outcome> {
  const { code, stdout, stderr } = await cli(cwd, args, agent ? { FLAGSTORE_AGENT: agent } : {});
  return { code, stdout, stderr };
}

/** Ids and times differ between two successful writes; everything else must not. */
function shape(o: Outcome): Outcome {
  const clean = (s: string) =>
    s
      .replace(/[0-9A-HJKMNP-TV-Z]{26}/g, '<id>')
      .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<time>')
      .replace(/\b[0-9A-HJKMNP-TV-Z]{5,11}\b/g, '<short>');
  return { code: o.code, stdout: clean(o.stdout), stderr: clean(o.stderr) };
}

describe('the write entry', () => {
  let repo: string;
  const ids: string[] = [];

  beforeAll(async () => {
    repo = await makeRepo();
    for (let i = 0; i < 4; i++)
      ids.push(await createFlag(repo, '@a.one', 'change', '--to', '@b.two'));
  }, 60_000);

  it('takes the write commands only, and leaves help to the full CLI', () => {
    expect(isWriteCommand(['lock', 'X'])).toBe(true);
    expect(isWriteCommand(['create', 'change'])).toBe(true);
    expect(isWriteCommand(['lock', 'X', '--help'])).toBe(false);
    expect(isWriteCommand(['-C', '.', 'lock', 'X'])).toBe(true);
    expect(isWriteCommand(['list'])).toBe(false);
  });

  const failures: [string, string[], string | undefined][] = [
    ['an unknown id', ['lock', '01ZZZZZZZZZZZZZZZZZZZZZZZZ', '--by', '@b.two'], undefined],
    ['no identity', ['lock', 'FIRST'], undefined],
    ['an unknown option', ['complete', 'FIRST', '--bogus'], '@b.two'],
    ['a missing argument', ['lock'], '@b.two'],
    ['too many arguments', ['unlock', 'FIRST', 'extra'], '@b.two'],
    ['an unlock of a flag nobody locked', ['unlock', 'FIRST', '--json'], '@b.two'],
    ['a create missing its texts', ['create', 'change'], '@a.one'],
    [
      'an invalid create',
      ['create', 'nonsense', '--change', 'x', '--action', 'y', '--json'],
      '@a.one',
    ],
    ['help', ['lock', '--help'], undefined],
    // Plain spellings run without commander (src/cli/write-args.ts); the others through it.
    ['an invalid duration', ['lock', 'FIRST', '--ttl', 'soon', '--by', '@b.two'], undefined],
    ['a missing folder', ['lock', 'FIRST', '-C', 'no-such-folder', '--by', '@b.two'], undefined],
    ['an option of another command', ['lock', 'FIRST', '--notes', 'x'], '@b.two'],
    ['an option without its value', ['complete', 'FIRST', '--notes'], '@b.two'],
    ['a value spelt with =', ['unlock', 'FIRST', '--by=@b.two'], undefined],
    [
      'an invalid create target',
      ['create', 'change', '--change', CHANGE, '--action', ACTION, '--to', 'not a handle'],
      '@a.one',
    ],
  ];
  for (const [what, args, agent] of failures) {
    it(`prints what the full CLI prints for ${what}`, async () => {
      const line = args.map((a) => (a === 'FIRST' ? (ids[0] as string) : a));
      const write = await runNode(repo, [BIN, ...line], agent);
      const full = await runFull(repo, line, agent);
      expect(write).toEqual(full);
    });
  }

  it('prints what the full CLI prints for each write that succeeds', async () => {
    const [, a, b] = ids as [string, string, string];
    const lines = (id: string) => [
      ['lock', id, '--by', '@b.two', '--ttl', '30m', '--no-pager'],
      ['complete', id, '--notes', 'Done.', '--json', '-C', '.', '--by', '@b.two'],
    ];
    for (const [one, two] of [0, 1].map((i) => [lines(a)[i], lines(b)[i]] as const)) {
      const write = await runNode(repo, [BIN, ...(one as string[])]);
      const full = await runFull(repo, two as string[]);
      expect(write.code).toBe(0);
      expect(shape(write)).toEqual(shape(full));
    }
    const create = ['create', 'change', '--to', '@b.two', '--change', CHANGE, '--action', ACTION];
    const write = await runNode(repo, [BIN, ...create], '@a.one');
    const full = await runFull(repo, create, '@a.one');
    expect(write.code).toBe(0);
    expect(shape(write)).toEqual(shape(full));
  }, 60_000);
});
