/**
 * carryEdit (src/core/carry-edit.ts): an edit made on a formatter's rendering lands on the
 * user's file as exactly the lines it adds, and taking it out again gives the file back byte
 * for byte, whatever the formatter rendered otherwise (lines dropped or rewritten), with any
 * line ends and with or without a last line end.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { carryEdit } from '../src/core/carry-edit.js';

/** A user's line: short text from a small alphabet (so lines repeat), and its line end. */
const userLine = fc.record({
  text: fc.stringMatching(/^[ a:#-]{0,6}$/),
  end: fc.constantFrom('\n', '\r\n'),
  /** What the formatter makes of it. */
  rendered: fc.constantFrom('kept', 'kept', 'dropped', 'rewritten'),
});

const file = fc.record({
  lines: fc.array(userLine, { maxLength: 12 }),
  unended: fc.boolean(),
  /** The lines the edit adds (distinct from every user line), and where in the rendering. */
  added: fc.array(fc.stringMatching(/^[a-z]{1,4}$/), { minLength: 1, maxLength: 4 }),
  at: fc.nat(),
});

type Case = typeof file extends fc.Arbitrary<infer T> ? T : never;

function texts(c: Case): { original: string; rendered: string[]; inserted: string[] } {
  const original = c.lines
    .map((l, i) => l.text + (c.unended && i === c.lines.length - 1 ? '' : l.end))
    .join('');
  const rendered = c.lines.flatMap((l) => {
    if (l.rendered === 'dropped') return [];
    return [l.rendered === 'rewritten' ? `${l.text.trim()}~` : l.text];
  });
  return { original, rendered, inserted: c.added.map((a) => `@${a}`) };
}

const joined = (lines: string[]): string => lines.map((l) => `${l}\n`).join('');

describe('carryEdit', () => {
  it('adds exactly the inserted lines, and removing them gives the original bytes back', () => {
    fc.assert(
      fc.property(file, (c) => {
        const { original, rendered, inserted } = texts(c);
        const at = c.at % (rendered.length + 1);
        const edited = [...rendered.slice(0, at), ...inserted, ...rendered.slice(at)];
        const carried = carryEdit({
          original,
          rendered: joined(rendered),
          edited: joined(edited),
        });
        expect(carried).not.toBeNull();
        const lines = (carried as string).split(/(?<=\n)/);
        const ours = lines.filter((l) => l.startsWith('@'));
        expect(ours.map((l) => l.replace(/\r?\n$/, ''))).toEqual(inserted);
        // The inserted lines come as one run.
        const first = lines.indexOf(ours[0] as string);
        expect(lines.slice(first, first + ours.length)).toEqual(ours);
        const back = carryEdit({
          original: carried as string,
          rendered: joined(edited),
          edited: joined(rendered),
        });
        expect(back).toBe(original);
      }),
      { numRuns: 500 },
    );
  });

  it('changes nothing when the edit changes nothing', () => {
    fc.assert(
      fc.property(file, (c) => {
        const { original, rendered } = texts(c);
        const text = joined(rendered);
        expect(carryEdit({ original, rendered: text, edited: text })).toBe(original);
      }),
    );
  });

  it('refuses to remove lines the user wrote otherwise than the rendering shows', () => {
    const original = 'a:  1\nb: 2\n';
    expect(carryEdit({ original, rendered: 'a: 1\nb: 2\n', edited: 'b: 2\n' })).toBeNull();
    expect(carryEdit({ original, rendered: 'a: 1\nb: 2\n', edited: 'a: 1\n' })).toBe('a:  1\n');
  });
});
