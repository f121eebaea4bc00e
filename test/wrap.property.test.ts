/**
 * wrapLine (src/cli/wrap.ts) on any line of words: it only turns spaces into line breaks (the
 * words read back in order, none cut), a line is over the width only when it is one word after
 * its indent, and every continuation line carries the first line's hanging indent. Widths are
 * terminal columns (measured here with string-width itself): CJK and emoji take two, combining
 * marks none, a tab is expanded, never left in a line, and CJK prose breaks between characters.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { wrapLine } from '../src/cli/wrap.js';

/** A word starts with a letter or digit: a first word `-` or `>` would be a list mark, hung past. */
const word = fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9./@<>"-]{0,29}$/);
const line = fc.tuple(
  fc.constantFrom('', '- ', '  ', '  - ', '> '),
  fc.array(word, { minLength: 1, maxLength: 40 }),
);

describe('wrapLine', () => {
  it('breaks only at spaces, fits the width unless a word cannot, and hangs its indent', () => {
    fc.assert(
      fc.property(line, fc.integer({ min: 10, max: 140 }), ([lead, words], width) => {
        const text = lead + words.join(' ');
        const lines = wrapLine(text, width);
        const indent = ' '.repeat(lead.length);
        expect(lines.map((l) => l.trim()).join(' ')).toBe(text.trim());
        lines
          .slice(1)
          .forEach((l) => expect(l.startsWith(indent) && l[indent.length] !== ' ').toBe(true));
        for (const l of lines) {
          if (l.length > width)
            expect(l.slice(indent.length).replace(/^[-*>] /, '')).not.toContain(' ');
        }
      }),
    );
  });
});

describe('wrapLine on prose naming a command', () => {
  it('keeps a command whole, but breaks prose after a command mid-sentence to fit', () => {
    const prose =
      '  Run flagstore sync after pulling the branch and then restart every service that reads it';
    const lines = wrapLine(prose, 40);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(40);
    expect(lines.map((l) => l.trim()).join(' ')).toBe(prose.trim());
    const brief = '- then flagstore complete <id> --notes "..." when it is done';
    expect(wrapLine(brief, 40).some((l) => l.includes('flagstore complete <id> --notes'))).toBe(
      true,
    );
  });
});

describe('wrapLine at a run of spaces', () => {
  it('breaks there without pushing the next line past its indent', () => {
    expect(wrapLine('  aaaa bbbb.  cccc dddd', 12)).toEqual(['  aaaa bbbb.', '  cccc dddd']);
  });
});

/** Pieces of words that take 1, 2 or 0 extra columns: CJK, Hangul, emoji, combining marks. */
const piece = fc.constantFrom('a', 'Z', '7', '中', '文', '한', '👍🏽', '🎉', 'e\u0301', 'ﾞ');
const wideWord = fc.array(piece, { minLength: 1, maxLength: 12 }).map((p) => p.join(''));
const wideLine = fc.tuple(
  fc.constantFrom('', '- ', '  ', '\t', '> '),
  fc.array(fc.tuple(wideWord, fc.constantFrom(' ', ' ', '\t', '  ')), { maxLength: 30 }),
  wideWord,
);

describe('wrapLine on wide characters and tabs', () => {
  it('never exceeds the width in terminal columns but for a lone word, and leaves no tab', () => {
    fc.assert(
      fc.property(wideLine, fc.integer({ min: 10, max: 100 }), ([lead, pairs, last], width) => {
        const text = lead + pairs.map(([w, gap]) => w + gap).join('') + last;
        const lines = wrapLine(text, width);
        const indent = ' '.repeat(stringWidth(lead.replace('\t', ' '.repeat(8))));
        // Breaks at spaces, or between CJK characters: nothing else is added or taken away.
        const bare = (t: string) => t.replace(/\s+/g, '');
        expect(bare(lines.join(''))).toBe(bare(text));
        for (const l of lines) {
          expect(l).not.toContain('\t');
          if (stringWidth(l) > width)
            expect(l.slice(indent.length).replace(/^[-*>] /, '')).not.toContain(' ');
        }
        lines
          .slice(1)
          .forEach((l) => expect(l.startsWith(indent) && l[indent.length] !== ' ').toBe(true));
      }),
    );
  });
});

describe('wrapLine on CJK prose, which has no spaces', () => {
  it('breaks between its characters to fit, never before a closing mark', () => {
    const prose =
      '  用户表新增了偏好设置列，所有返回用户的处理程序都必须返回它。旧账户返回空值，新账户返回默认设置（见迁移说明）。';
    for (const width of [20, 31, 40]) {
      const lines = wrapLine(prose, width);
      expect(lines.length).toBeGreaterThan(1);
      expect(lines.join('').replace(/\s+/g, '')).toBe(prose.trim());
      for (const l of lines) {
        expect(stringWidth(l)).toBeLessThanOrEqual(width);
        expect(l).toMatch(/^ {2}[^\s，。）]/);
        expect(l).not.toMatch(/（$/);
      }
    }
  });
});
