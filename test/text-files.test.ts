// Long texts from a file or standard input (field trial 40): a note over 128 KiB as an argument
// fails in exec (E2BIG) before flagstore runs, so every write that takes long text has a file
// form, `--<option>-file <file>`, `-` for standard input.
import { execFileSync, spawnSync } from 'node:child_process';
import { openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cli, createFlag, makeRepo, readFlag } from './helpers.js';

const CHANGE = 'The users table gained a preferences JSON column for personalisation.';
const ACTION =
  'Read users.preferences in api/users.ts, return it from GET /users/:id and add tests for null values.';

describe('text options read from a file or standard input', () => {
  it('complete --notes-file takes a note too long for a command line; create and reply read theirs too', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'information_request', '--to', '@b.two');
    const note = `${'resolved; '.repeat(14_000)}end`; // 140 KiB: over the 128 KiB an argument may hold
    writeFileSync(join(repo, 'notes.txt'), `\uFEFF${note}\r\n`);
    const done = await cli(repo, ['complete', id, '--by', '@b.two', '--notes-file', 'notes.txt']);
    expect(done.code, done.stderr).toBe(0);
    expect(readFlag(repo, id)).toContain(`${'resolved; '.repeat(3)}`);
    const shown = await cli(repo, ['--json', 'show', id]);
    expect(shown.json<{ flag: { notes: string } }>().flag.notes).toBe(note);
    writeFileSync(join(repo, 'change.txt'), `${CHANGE}\n`);
    writeFileSync(join(repo, 'action.txt'), ACTION);
    const made = await cli(repo, [
      '--json',
      ...['create', 'change', '--to', '@b.two', '--by', '@a.one'],
      ...['--change-file', 'change.txt', '--action-file', 'action.txt'],
    ]);
    expect(made.code, made.stderr).toBe(0);
    const flag = made.json<{ flag: { change_description: string; action_required: string } }>();
    expect(flag.flag).toMatchObject({ change_description: CHANGE, action_required: ACTION });
    const q = await createFlag(repo, '@a.one', 'information_request', '--to', '@b.two');
    const replied = await cli(repo, ['reply', q, '--by', '@b.two', '--change-file', 'change.txt']);
    expect(replied.code, replied.stderr).toBe(0);
  });

  it('refuses both forms, a required text given neither way, an unreadable file, and an over-long one', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    writeFileSync(join(repo, 'change.txt'), CHANGE);
    const create = ['create', 'change', '--to', '@b.two', '--by', '@a.one', '--action', ACTION];
    // A text too short names the option typed, the file form, in the message and the fix.
    writeFileSync(join(repo, 'short.txt'), 'too short');
    const short = await cli(repo, [...create, '--change-file', 'short.txt']);
    expect(short.code).toBe(3);
    expect(short.stderr).toContain('--change-file must be at least 50 characters (has 9)');
    expect(short.stderr).toContain('fix: write at least 50 characters in --change-file');
    const both = await cli(repo, [...create, '--change', CHANGE, '--change-file', 'change.txt']);
    expect(both.stderr).toContain('give --change or --change-file, not both');
    expect(both.stderr).toContain('fix: keep one: --change <text> on the command line, or');
    const neither = await cli(repo, create);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('(or --change-file <file>, - for standard input)');
    const missing = await cli(repo, ['complete', id, '--by', '@b.two', '--notes-file', 'no.txt']);
    expect(missing.stderr).toContain('--notes-file: cannot read no.txt (ENOENT)');
    writeFileSync(join(repo, 'long.txt'), 'x'.repeat(1_200_000));
    const long = await cli(repo, ['complete', id, '--by', '@b.two', '--notes-file', 'long.txt']);
    expect(long.code).toBe(3);
    expect(long.stderr).toContain('fix: shorten --notes-file (a flag is a short message)');
    // A source with no end (a device, a pipe that never closes) is read no further than the bound.
    const zero = await cli(repo, ['complete', id, '--by', '@b.two', '--notes-file', '/dev/zero']);
    expect(zero.stderr).toContain('--notes-file: /dev/zero holds over 4 MiB');
    expect(zero.stderr).toContain('fix: shorten --notes-file (a flag is a short message)');
    const twice = await cli(repo, [
      ...create.slice(0, -2),
      '--change-file',
      '-',
      '--action-file',
      '-',
    ]);
    expect(twice.stderr).toContain('--change-file and --action-file both read standard input');
    // A file form promised a text: an empty file is not a note-less completion.
    writeFileSync(join(repo, 'empty.txt'), '\uFEFF\r\n');
    const empty = await cli(repo, ['complete', id, '--by', '@b.two', '--notes-file', 'empty.txt']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('--notes-file: empty.txt holds no text');
    expect(empty.stderr).toContain('fix: write the text in empty.txt, or leave out --notes-file');
    expect(readFlag(repo, id)).toMatch(/^status: pending$/m);
  });

  it('- reads standard input (the built binary, fed by a pipe)', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const note = 'n'.repeat(200_000);
    execFileSync(process.execPath, [BIN, 'complete', id, '--by', '@b.two', '--notes-file', '-'], {
      cwd: repo,
      input: `${note}\n`,
    });
    expect(readFlag(repo, id)).toContain(note);
  });

  it('- refuses standard input that is empty (closed, /dev/null) or a terminal (the built binary)', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const args = [BIN, 'complete', id, '--by', '@b.two', '--notes-file', '-'];
    const empty = spawnSync(process.execPath, args, { cwd: repo, input: '', encoding: 'utf8' });
    expect(empty.status).toBe(2);
    expect(empty.stderr).toContain('--notes-file: standard input holds no text');
    // Standard input with no end is read no further than the bound (4 MiB).
    const endless = spawnSync(process.execPath, args, {
      cwd: repo,
      stdio: [openSync('/dev/zero', 'r'), 'pipe', 'pipe'],
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(endless.stderr).toContain('--notes-file: standard input holds over 4 MiB');
    // script(1) runs the command with a terminal for its standard input: read, it waits for Ctrl-D.
    const line = [process.execPath, ...args].join(' ');
    const tty = spawnSync('script', ['-qec', line, '/dev/null'], {
      cwd: repo,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(tty.stdout).toContain('--notes-file -: standard input is a terminal, not a pipe');
    expect(readFlag(repo, id)).toMatch(/^status: pending$/m);
  });
});
