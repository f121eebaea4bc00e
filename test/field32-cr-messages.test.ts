/**
 * A CR the user typed inside an argument (a CRLF line pasted from Windows) was shown as `\n` in
 * the message refusing it: create turned every CR into LF before validating, so `got
 * "bre\naking_change"` and `related_files holds a line break (U+000A LF)` named a character
 * never typed, and the handle and id messages quoted the text raw (a CR then vanished from the
 * terminal, an LF broke the line). One-line values now keep their CR and every such message
 * quotes the value as JSON does: `\r` for a CR, `\n` for an LF.
 */
import { describe, expect, it } from 'vitest';
import { cli, makeRepo } from './helpers.js';

const CHANGE = 'the flags table gained a column that readers must now fill in';
const ACTION = `${CHANGE}; update every reader of the table to fill the new column before the next release`;

interface Typed {
  type?: string;
  to?: string;
  change?: string;
}

/** `create` with the given type, target and change text, then any further arguments. */
function createAs(repo: string, typed: Typed, ...extra: string[]) {
  const { type = 'breaking_change', to = '@a', change = CHANGE } = typed;
  const args = ['create', type, '--change', change, '--action', ACTION];
  return cli(repo, [...args, '--from', '@me', '--to', to, ...extra]);
}

/** `create` of a breaking change to @a, then the given arguments. */
const create = (repo: string, ...extra: string[]) => createAs(repo, {}, ...extra);

describe('a CR typed inside an argument is shown as \\r', () => {
  it('in a flag type, a handle, a path and an id', async () => {
    const repo = await makeRepo();
    const type = await createAs(repo, { type: 'bre\raking_change' });
    expect(type.stderr).toContain('(got "bre\\raking_change")');
    expect((await create(repo, '--impact', 'hi\rgh')).stderr).toContain('(got "hi\\rgh")');
    const handle = await createAs(repo, { type: 'change', to: '@a\rb' });
    expect(handle.stderr).toContain('--to "@a\\rb" is not a handle');
    const files = await create(repo, '--files', 'a\rb.ts');
    expect(files.stderr).toContain('--files holds a line break or tab (U+000D CR) at character 2');
    expect(files.stderr).toContain('a path or code location is one line');
    expect((await create(repo, '--chain', 'ab\rcd')).stderr).toContain(
      '"ab\\rcd" is not a flag id',
    );
    expect((await cli(repo, ['show', 'fo\ro'])).stderr).toContain('"fo\\ro" is not a flag id');
    expect((await cli(repo, ['show', 'foo\n'])).stderr).toContain('"foo\\n" is not a flag id');
  });

  it('while a CRLF in the texts of several lines is still stored as LF', async () => {
    const repo = await makeRepo();
    const res = await createAs(
      repo,
      { type: 'change', change: `${CHANGE}\r\nsecond line` },
      '--json',
    );
    expect(res.code).toBe(0);
    const id = res.json<{ flag: { id: string } }>().flag.id;
    const shown = await cli(repo, ['--json', 'show', id]);
    expect(shown.json<{ flag: { change_description: string } }>().flag.change_description).toBe(
      `${CHANGE}\nsecond line`,
    );
  });
});
