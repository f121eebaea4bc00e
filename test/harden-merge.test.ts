/**
 * Hardening (issue 14): notes edited by hand on one branch merge cleanly or as a conflict. The
 * merge driver is the subject, not the hook: commits and merges pass --no-verify (a hook run is
 * a node process), the driver still runs as git starts it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeNotes } from '../src/sync/merge-fields.js';
import { notesOfTwo } from '../src/sync/merge-two.js';
import { cli, createFlag, git, makeRepo, readFlag } from './helpers.js';
import { copyOfOnce } from './template-copy.js';

const NOTE = 'Checked the loaders on staging; the serializer still drops null values.';

/**
 * A committed flag with a Notes section, and a branch `other` at the same commit: a copy of one
 * built once in this file.
 */
function forkedWithNotes(): Promise<{ repo: string; id: string }> {
  return copyOfOnce('forked-with-notes', buildForkedWithNotes);
}

async function buildForkedWithNotes(): Promise<{ repo: string; id: string }> {
  const repo = await makeRepo();
  const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
  const path = join(repo, 'flags', `${id}.md`);
  writeFileSync(path, `${readFileSync(path, 'utf8').trimEnd()}\n\n## Notes\n\n${NOTE}\n`);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '--no-verify', '-m', 'flag with notes');
  git(repo, 'branch', 'other');
  return { repo, id };
}

function editNotes(repo: string, id: string, from: string, to: string): void {
  const path = join(repo, 'flags', `${id}.md`);
  const text = readFileSync(path, 'utf8');
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
  git(repo, 'commit', '-q', '--no-verify', '-am', 'edit the notes by hand');
}

async function notes(repo: string, id: string): Promise<string | null> {
  const res = await cli(repo, ['--json', 'show', id]);
  expect(res.code, res.stderr).toBe(0);
  return res.json<{ flag: { notes: string | null } }>().flag.notes;
}

describe('merging notes', () => {
  for (const side of ['main', 'other'] as const) {
    it(`a hand edit (on ${side}) and a completion merge cleanly, the edit whole`, async () => {
      const { repo, id } = await forkedWithNotes();
      const edited = NOTE.replace('still drops null values', 'now keeps null values');
      git(repo, 'checkout', '-q', side);
      editNotes(repo, id, NOTE, edited);
      git(repo, 'checkout', '-q', side === 'main' ? 'other' : 'main');
      const done = await cli(repo, ['complete', id, '--by', '@b.two', '--notes', 'fixed it']);
      expect(done.code, done.stderr).toBe(0);
      git(repo, 'commit', '-q', '--no-verify', '-am', 'complete');
      git(repo, 'checkout', '-q', 'main');
      git(repo, 'merge', '-q', '--no-verify', '--no-edit', 'other');
      expect(await notes(repo, id)).toBe(`${edited}\n\nfixed it`);
      expect(readFlag(repo, id)).not.toContain('still drops');
      expect((await cli(repo, ['validate'])).code).toBe(0);
    });
  }

  it('an edit that keeps the old line as a prefix is an edit, not an addition', async () => {
    const { repo, id } = await forkedWithNotes();
    editNotes(repo, id, NOTE, `${NOTE} Fixed in api/serialize.ts:42.`);
    git(repo, 'checkout', '-q', 'other');
    await cli(repo, ['complete', id, '--by', '@b.two', '--notes', 'done']);
    git(repo, 'commit', '-q', '--no-verify', '-am', 'complete');
    git(repo, 'checkout', '-q', 'main');
    git(repo, 'merge', '-q', '--no-verify', '--no-edit', 'other');
    expect(await notes(repo, id)).toBe(`${NOTE} Fixed in api/serialize.ts:42.\n\ndone`);
  });

  it('two edits of the same line are a reported conflict, which validate and check refuse', async () => {
    const { repo, id } = await forkedWithNotes();
    editNotes(repo, id, 'on staging', 'on production');
    git(repo, 'checkout', '-q', 'other');
    editNotes(repo, id, 'on staging', 'on a laptop');
    git(repo, 'checkout', '-q', 'main');
    expect(() => git(repo, 'merge', '-q', '--no-edit', 'other')).toThrow();
    const text = readFlag(repo, id);
    expect(text).toContain('<<<<<<< ours');
    expect(text).toContain('on production');
    expect(text).toContain('on a laptop');
    expect((await cli(repo, ['validate'])).code).toBe(3);
    expect((await cli(repo, ['check'])).code).toBe(3);
  });
});

describe('mergeNotes (property)', () => {
  const line = fc
    .string({ minLength: 1, maxLength: 20 })
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s !== '');
  it('keeps an edited side whole and appends the other side, never splitting a line', () => {
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 4 }),
        line,
        line,
        (lines, extra, add) => {
          const base = lines.join('\n');
          const edited = [...lines.slice(0, -1), `${lines.at(-1)}${extra}`].join('\n');
          const appendedSide = `${base}\n\n${add}`;
          for (const [ours, theirs] of [
            [edited, appendedSide],
            [appendedSide, edited],
          ] as const) {
            expect(mergeNotes(base, ours, theirs)).toBe(`${edited}\n\n${add}`);
          }
        },
      ),
    );
  });
});

describe('notesOfTwo (the ledger copy and the work-tree copy, no base)', () => {
  const edited = NOTE.replace('still drops', 'now keeps');
  it('keeps a hand edit of the work tree and the additions of the ledger, in place', () => {
    expect(notesOfTwo(`${NOTE}\n\nfixed it`, `${edited}\n\nfixed it`)).toBe(
      `${edited}\n\nfixed it`,
    );
    expect(notesOfTwo(`${NOTE}\n\nfixed it`, edited)).toBe(`${edited}\n\nfixed it`);
    expect(notesOfTwo(`a\n\n${NOTE}\n\nb`, `a\n\n${edited}`)).toBe(`a\n\n${edited}\n\nb`);
    expect(notesOfTwo(`${NOTE}\n\ndone`, `${NOTE} Really.\n\ndone`)).toBe(
      `${NOTE} Really.\n\ndone`,
    );
  });

  it('loses no paragraph only one copy added, and takes the longer copy of an extension', () => {
    expect(notesOfTwo(`${NOTE}\n\nfixed by B`, `${NOTE}\n\nchecked by A`)).toBe(
      `${NOTE}\n\nchecked by A\n\nfixed by B`,
    );
    expect(notesOfTwo('a\n\nb\n\nc', 'a\n\nc')).toBe('a\n\nb\n\nc');
    expect(notesOfTwo('a', 'a\n\nb')).toBe('a\n\nb');
    expect(notesOfTwo('a\n\nb', 'a')).toBe('a\n\nb');
    expect(notesOfTwo(null, 'a')).toBe('a');
    expect(notesOfTwo('a', null)).toBe('a');
  });
});

describe('merging CRLF files', () => {
  it('a lock and a completion of a flag committed with CRLF merge field by field, CRLF kept', async () => {
    const repo = await makeRepo();
    // Attributes from before init's `text eol=lf` (which has git store flags LF): CRLF is
    // committed as it is, and the merge driver is given CRLF files.
    writeFileSync(join(repo, '.gitattributes'), '/flags/*.md merge=flagstore\n');
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const path = join(repo, 'flags', `${id}.md`);
    writeFileSync(path, readFileSync(path, 'utf8').replace(/\n/g, '\r\n'));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'a CRLF flag');
    expect(git(repo, 'show', `HEAD:flags/${id}.md`)).toContain('\r\n');
    git(repo, 'branch', 'other');
    expect((await cli(repo, ['lock', id, '--by', '@b.two'])).code).toBe(0);
    git(repo, 'commit', '-q', '--no-verify', '-am', 'lock');
    git(repo, 'checkout', '-q', 'other');
    // The ledger shares the lock with every branch: --force completes past it, so `other`
    // commits a completion while `main` commits the lock, and the merge meets both.
    const done = await cli(repo, ['complete', id, '--by', '@c.three', '--notes', 'ok', '--force']);
    expect(done.code, done.stderr).toBe(0);
    git(repo, 'commit', '-q', '--no-verify', '-am', 'complete');
    git(repo, 'checkout', '-q', 'main');
    git(repo, 'merge', '-q', '--no-verify', '--no-edit', 'other');
    const text = readFlag(repo, id);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    const shown = await cli(repo, ['--json', 'show', id]);
    expect(shown.json<{ flag: Record<string, unknown> }>().flag).toMatchObject({
      status: 'completed',
      completed_by: '@c.three',
      locked_by: null,
      notes: 'ok',
    });
  });
});
