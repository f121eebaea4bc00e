/**
 * Round mend37a, item 1: an error about what a user typed names what they typed. `create`'s
 * texts were refused as `change_description must be at least 50 characters` with no fix line,
 * though the user typed `--change`; over MCP a text too long for a flag file was refused as an
 * "invalid flag file" to "fix by hand", a file that was never written.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION, CHANGE, cli, createFlag, flagFiles, makeRepo } from './helpers.js';
import { call, closeAll, connectInProcess, errorOf } from './mcp-helpers.js';

afterEach(closeAll);

const BY = ['--by', '@a.one', '--to', '@b.two'];

describe('a refused input is named as the command takes it, with a fix', () => {
  it('create: --change and --action too short', async () => {
    const repo = await makeRepo();
    const res = await cli(repo, ['create', 'change', ...BY, '--change', 'x', '--action', 'do']);
    expect(res.code).toBe(3);
    expect(res.stderr).toContain('error: --change must be at least 50 characters (has 1)');
    expect(res.stderr).toContain('--action must be at least 100 characters (has 2)');
    expect(res.stderr).not.toMatch(/change_description|action_required/);
    expect(res.stderr).toContain(
      'fix: write at least 50 characters in --change; write at least 100 characters in --action; then run the command again',
    );
    expect(flagFiles(repo)).toEqual([]);
  });

  it('create --json keeps each problem field and adds the option', async () => {
    const repo = await makeRepo();
    const args = ['--json', 'create', 'change', ...BY, '--change', CHANGE, '--action', 'do'];
    const res = await cli(repo, args);
    expect(res.code).toBe(3);
    const error = res.json<{
      error: { fix: string; details: { problems: { field: string; option: string }[] } };
    }>().error;
    expect(error.details.problems).toEqual([
      expect.objectContaining({ field: 'action_required', option: '--action' }),
    ]);
    expect(error.fix).toContain('--action');
  });

  it('reply: its answer is --change, its type --type', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const short = await cli(repo, ['reply', id, '--by', '@b.two', '--change', 'yes']);
    expect(short.stderr).toContain('error: --change must be at least 50 characters (has 3)');
    expect(short.stderr).toContain('fix: write at least 50 characters in --change');
    const args = ['reply', id, '--by', '@b.two', '--change', CHANGE, '--type', 'answer'];
    expect((await cli(repo, args)).stderr).toContain('error: --type must be one of');
  });
});

describe('a text too long for a flag file', () => {
  it('over MCP names the argument to shorten, not a file to fix by hand', async () => {
    const repo = await makeRepo();
    const client = await connectInProcess(repo, { by: '@a.one' });
    const answer = await call(client, 'create_flag', {
      flag_type: 'change',
      target_agent: '@b.two',
      change_description: 'c'.repeat(1100 * 1024),
      action_required: ACTION,
    });
    const error = errorOf(answer);
    expect(error.code).toBe('invalid');
    expect(error.message).toMatch(/^change_description is too long: the flag's file would be \d+/);
    expect(error.fix).toContain('shorten change_description');
    expect(`${error.message} ${error.fix}`).not.toMatch(/by hand|flagstore validate/);
    expect(flagFiles(repo)).toEqual([]);
  });

  it('completing with notes that would take the file over names the notes, and writes nothing', async () => {
    const repo = await makeRepo();
    const client = await connectInProcess(repo, { by: '@a.one' });
    const created = await call(client, 'create_flag', {
      flag_type: 'change',
      target_agent: '@b.two',
      change_description: 'c'.repeat(1000 * 1024),
      action_required: ACTION,
    });
    expect(created.isError, JSON.stringify(created).slice(0, 300)).toBeFalsy();
    const [name = ''] = flagFiles(repo);
    const file = join(repo, 'flags', name);
    const before = readFileSync(file, 'utf8');
    const id = basename(name, '.md');
    const answer = await call(client, 'complete_flag', { id, notes: 'n'.repeat(100 * 1024) });
    const error = errorOf(answer);
    expect(error.code).toBe('invalid');
    expect(error.message).toMatch(/^notes is too long: the flag's file would be \d+/);
    expect(`${error.message} ${error.fix}`).not.toMatch(/by hand|flagstore validate/);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });
});
