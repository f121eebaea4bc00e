import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalText, parseSections, sectionOf } from '../src/store/sections.js';

/** A line as the reader before round perf31 unescaped it. */
function unescaped(line: string): string {
  const match = /^\\(\\*##[ \t].*)$/.exec(line);
  return match && sectionOf((match[1] as string).replace(/^\\+/, '')) ? (match[1] as string) : line;
}

/**
 * parseSections as it was before round perf31: every line split out, unescaped and joined again.
 * The sliced reading must give the same texts, in the same key order, for any body.
 */
function byLines(body: string): Record<string, string> {
  const result: Record<string, string[]> = {};
  let current: string[] | undefined;
  for (const line of body.replace(/\r\n?/g, '\n').split('\n')) {
    const field = sectionOf(line);
    if (field) current = result[field] = [];
    else current?.push(unescaped(line));
  }
  const texts: Record<string, string> = {};
  for (const [field, lines] of Object.entries(result))
    texts[field] = canonicalText(lines.join('\n'));
  return texts;
}

const line = fc.oneof(
  fc.constantFrom(
    '## Change description',
    '## Action required',
    '## Notes',
    '##\tNotes  ',
    '## notes',
    '## Example usage',
    '## Other heading',
    '##Notes',
    '# Notes',
    '',
    ' ',
    '\t',
    'text',
    '  indented ## Notes',
    '\\## Notes',
    '\\\\## Action required',
    '\\text',
  ),
  fc.string({ maxLength: 12 }),
);
const ending = fc.constantFrom('\n', '\r\n', '\r');

describe('parseSections cuts each text from the body', () => {
  it('gives the texts a line-by-line reading gives, escaped headings and all', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(line, ending), { maxLength: 14 }),
        fc.boolean(),
        (lines, last) => {
          const body = lines
            .map(([text, end], i) => (i < lines.length - 1 || last ? text + end : text))
            .join('');
          const parsed = parseSections(body);
          expect(parsed).toEqual(byLines(body));
          expect(Object.keys(parsed)).toEqual(Object.keys(byLines(body)));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('keeps the last text of a heading seen twice, and empty texts between adjacent headings', () => {
    const body = '## Notes\nfirst\n## Action required\n## Notes\n\nsecond  \n\n## Other\nkept\n';
    expect(parseSections(body)).toEqual({
      notes: 'second  \n\n## Other\nkept',
      action_required: '',
    });
    expect(Object.keys(parseSections(body))).toEqual(['notes', 'action_required']);
    expect(parseSections('## Notes')).toEqual({ notes: '' });
    expect(parseSections('## Notes\n')).toEqual({ notes: '' });
    expect(parseSections('prose\n## Notes\n\nlast line')).toEqual({ notes: 'last line' });
  });
});
