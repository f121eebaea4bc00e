/**
 * `validate --fix`: a flag an agent wrote by hand, with no id, no creation time or a name that is
 * not `<id>.md`, becomes a flag the store reads. Only those are given; every other byte is kept,
 * and a file that would still be invalid is left exactly as it was.
 */
import { existsSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeTime } from 'ulid';
import { describe, expect, it } from 'vitest';
import { adoptFlagFiles } from '../src/services/adopt.js';
import { validateFiles } from '../src/services/validate.js';
import { openWorkspace } from '../src/services/workspace.js';
import { cli, flagFiles, flagText, makeRepo, spawnCli } from './helpers.js';

const ID = '01JD0000000000000000000042';

/** flagText without the lines named. */
function without(text: string, ...keys: string[]): string {
  return text
    .split('\n')
    .filter((line) => !keys.some((key) => line.startsWith(`${key}:`)))
    .join('\n');
}

function write(repo: string, name: string, text: string): string {
  const path = join(repo, 'flags', name);
  writeFileSync(path, text);
  return path;
}

interface Fixed {
  fixed: { from: string; to: string; id: string; added: string[] }[];
  valid: boolean;
}

describe('validate --fix', () => {
  it('gives a hand-written flag its id, created_at and name, keeping every other byte (CR LF too)', async () => {
    const repo = await makeRepo();
    const text = without(flagText(ID), 'id', 'created_at').replace(/\n/g, '\r\n');
    write(repo, 'my-note.md', text);
    expect((await cli(repo, ['validate'])).code).toBe(3);
    const res = await cli(repo, ['--json', 'validate', '--fix']);
    expect(res.code).toBe(0);
    const { fixed, valid } = res.json<Fixed>();
    expect(valid).toBe(true);
    expect(fixed).toHaveLength(1);
    const [one] = fixed;
    expect(one?.from).toBe('flags/my-note.md');
    expect(one?.added).toEqual(['id', 'created_at']);
    expect(flagFiles(repo)).toEqual([`${one?.id}.md`]);
    const after = readFileSync(join(repo, one?.to ?? ''), 'utf8');
    const [head, ...rest] = after.split('\r\n');
    expect(head).toBe('---');
    expect(rest[0]).toBe(`id: ${one?.id}`);
    expect(rest[1]).toMatch(/^created_at: \d{4}-\d\d-\d\dT/);
    expect(rest.slice(2).join('\r\n')).toBe(text.slice('---\r\n'.length));
    const list = await cli(repo, ['--json', 'list']);
    expect(JSON.stringify(list.json())).toContain(one?.id ?? 'none');
  });

  it('takes the id time from a created_at the file has, and renames a file whose id is written', async () => {
    const repo = await makeRepo();
    write(repo, 'dated.md', without(flagText(ID), 'id'));
    write(repo, 'named-wrong.md', flagText('01JD0000000000000000000077'));
    const res = await cli(repo, ['--json', 'validate', '--fix']);
    const { fixed } = res.json<Fixed>();
    const dated = fixed.find((f) => f.from === 'flags/dated.md');
    expect(dated?.added).toEqual(['id']);
    expect(decodeTime(dated?.id ?? '')).toBe(Date.parse('2026-11-20T09:30:00Z'));
    const renamed = fixed.find((f) => f.from === 'flags/named-wrong.md');
    expect(renamed).toMatchObject({ id: '01JD0000000000000000000077', added: [] });
    expect(flagFiles(repo)).toHaveLength(2);
    expect(res.code).toBe(0);
  });

  it('leaves a file that would still be invalid, or whose id is taken by other text, exactly as it was; drops an identical copy', async () => {
    const repo = await makeRepo();
    const short = without(flagText(ID), 'id').replace(/Update the loaders[^\n]*/, 'Fix it.');
    const shortPath = write(repo, 'short.md', short);
    write(repo, `${ID}.md`, flagText(ID));
    const taken = `${flagText(ID)}\nMy own note.\n`;
    const takenPath = write(repo, 'taken.md', taken);
    write(repo, 'copy.md', flagText(ID));
    const res = await cli(repo, ['--json', 'validate', '--fix']);
    expect(res.code).toBe(3);
    const fixed = res.json<Fixed>().fixed.map((f) => `${f.from} -> ${f.to}`);
    expect(fixed).toEqual([`flags/copy.md -> flags/${ID}.md`]);
    expect(readFileSync(shortPath, 'utf8')).toBe(short);
    expect(readFileSync(takenPath, 'utf8')).toBe(taken);
    expect(flagFiles(repo)).toEqual([`${ID}.md`, 'short.md', 'taken.md']);
    expect(res.stdout).toContain(`merge flags/taken.md into ${ID}.md by hand`);
  });

  it("moves no file named for one flag that holds another id, taken or not: both are the user's", async () => {
    const repo = await makeRepo();
    const other = '01JD0000000000000000000077';
    const free = '01JD0000000000000000000099';
    write(repo, `${other}.md`, flagText(other));
    const texts = [
      [`${ID}.md`, `${flagText(other)}\nEdited.\n`],
      ['01JD0000000000000000000055.md', flagText(free)],
    ] as const;
    for (const [name, text] of texts) write(repo, name, text);
    const res = await cli(repo, ['--json', 'validate', '--fix']);
    expect(res.code).toBe(3);
    expect(res.json<Fixed>().fixed).toEqual([]);
    for (const [name, text] of texts)
      expect(readFileSync(join(repo, 'flags', name), 'utf8')).toBe(text);
    expect(flagFiles(repo)).toHaveLength(3);
    expect(res.stdout).toContain(`is named for flag ${ID} but holds id ${other}`);
    // A rename is offered only where the name it gives is free (the other flag has its file).
    expect(res.stdout).toContain(`rename it to ${free}.md`);
    expect(res.stdout).not.toContain(`rename it to ${other}.md`);
  });

  it('without --fix, validate writes nothing', async () => {
    const repo = await makeRepo();
    const path = write(repo, 'my-note.md', without(flagText(ID), 'id', 'created_at'));
    expect((await cli(repo, ['validate'])).code).toBe(3);
    expect(existsSync(path)).toBe(true);
    expect(flagFiles(repo)).toEqual(['my-note.md']);
  });

  it('gives a file two runs adopt at once one id: the second, reading it before the first moved it, finds the same flag', async () => {
    const repo = await makeRepo();
    const text = without(flagText(ID), 'id', 'created_at');
    const path = write(repo, 'my-note.md', text);
    const written = new Date('2026-12-01T10:00:00Z');
    utimesSync(path, written, written);
    const first = (await cli(repo, ['--json', 'validate', '--fix'])).json<Fixed>().fixed;
    // The second run read the file before the first removed it: the same bytes and time.
    write(repo, 'my-note.md', text);
    utimesSync(path, written, written);
    const second = (await cli(repo, ['--json', 'validate', '--fix'])).json<Fixed>().fixed;
    expect(second.map((f) => f.to)).toEqual(first.map((f) => f.to));
    expect(flagFiles(repo)).toEqual([`${first[0]?.id}.md`]);
    expect(decodeTime(first[0]?.id ?? '')).toBe(written.getTime());
    expect(readFileSync(join(repo, first[0]?.to ?? ''), 'utf8')).toContain(
      `created_at: ${written.toISOString()}`,
    );
  });

  it('skips a file another run moved between its listing and its read', async () => {
    const repo = await makeRepo();
    const path = write(repo, 'my-note.md', without(flagText(ID), 'id'));
    const ws = await openWorkspace(repo);
    const listed = validateFiles(ws, repo, []);
    rmSync(path);
    expect(adoptFlagFiles(ws, listed)).toEqual([]);
  });

  it('says when the fix cannot be written, where a file another run moved is skipped', async () => {
    const repo = await makeRepo();
    const path = write(repo, 'my-note.md', flagText(ID));
    // Where the file goes, a link to nothing: the create finds a name there, its read no file.
    symlinkSync(join(repo, 'gone.md'), join(repo, 'flags', `${ID}.md`));
    const res = await cli(repo, ['--json', 'validate', '--fix']);
    expect(res.code, res.stdout).toBe(9);
    const { error } = res.json<{ error: { message: string; fix: string } }>();
    expect(error.message).toContain('could not write the fix of flags/my-note.md: ENOENT');
    expect(error.fix).toContain('flagstore validate --fix');
    expect(readFileSync(path, 'utf8')).toBe(flagText(ID));
  });

  it('two real validate --fix processes at once: every hand-written file one flag, both succeed', async () => {
    const repo = await makeRepo();
    for (let i = 0; i < 8; i++) {
      write(
        repo,
        `note-${i}.md`,
        without(flagText(ID), 'id', 'created_at').replace('gained', `gained (${i})`),
      );
    }
    const runs = await Promise.all([0, 1].map(() => spawnCli(repo, ['validate', '--fix'])));
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    expect(flagFiles(repo)).toHaveLength(8);
  });
});
