import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolvePrefix, shortIds } from '../src/core/ids.js';
import { applyEdit, parseFlagFile, renderFlagFile } from '../src/store/flag-file.js';
import { fastFrontMatter } from '../src/store/fast-frontmatter.js';
import { parseSections, renderSection } from '../src/store/sections.js';
import { flagArb, handleArb, idArb, isoArb, textArb } from './flag-arb.js';
import YAML from 'yaml';

describe('flag files round-trip', () => {
  it('render then parse gives back the same flag', () => {
    fc.assert(
      fc.property(flagArb, (flag) => {
        const parsed = parseFlagFile(renderFlagFile(flag));
        expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
        expect(parsed.flag).toEqual(flag);
      }),
      { numRuns: 300 },
    );
  });

  it('a transition changes only the lines of the fields it sets', () => {
    fc.assert(
      fc.property(flagArb, handleArb, isoArb, (flag, agent, at) => {
        const before = renderFlagFile(flag);
        const after = applyEdit(before, {
          fields: { locked: true, locked_by: agent, locked_at: at },
        });
        const a = before.split('\n');
        const b = after.split('\n');
        expect(b.length).toBe(a.length);
        const changed = a.flatMap((line, i) => (line === b[i] ? [] : [line.split(':')[0]]));
        expect(changed.sort()).toEqual(['locked', 'locked_at', 'locked_by']);
        expect(parseFlagFile(after).flag).toEqual({
          ...flag,
          locked: true,
          locked_by: agent,
          locked_at: at,
        });
      }),
      { numRuns: 200 },
    );
  });

  it('appending notes keeps earlier notes and every other section', () => {
    fc.assert(
      fc.property(flagArb, textArb(1), (flag, extra) => {
        const after = parseFlagFile(
          applyEdit(renderFlagFile(flag), { fields: {}, appendNotes: extra }),
        ).flag;
        expect(after?.notes).toBe(flag.notes === null ? extra : `${flag.notes}\n\n${extra}`);
        expect(after?.action_required).toBe(flag.action_required);
        expect(after?.example_usage).toBe(flag.example_usage);
      }),
      { numRuns: 200 },
    );
  });

  it('section text survives escaping, whatever headings it contains', () => {
    fc.assert(
      fc.property(textArb(0), (text) => {
        expect(parseSections(renderSection('notes', text)).notes).toBe(text);
      }),
    );
  });
});

/** What the full YAML parser makes of a text, or the string ERROR. */
function fullParse(raw: string): unknown {
  try {
    return YAML.parse(raw, { schema: 'core', uniqueKeys: true });
  } catch {
    return 'ERROR';
  }
}

describe('the fast front-matter reader', () => {
  it('answers for the related_files agents write (paths, globs, spaces), as the YAML parser does', () => {
    const part = fc.stringMatching(/^[A-Za-z0-9_.*?{},-]{1,8}$/);
    const path = fc
      .tuple(fc.constantFrom('src', 'docs', 'test', '_x', 'a b'), fc.array(part, { maxLength: 3 }))
      .map(([head, rest]) => [head, ...rest].join('/'));
    fc.assert(
      fc.property(flagArb, fc.array(path, { minLength: 1, maxLength: 3 }), (flag, files) => {
        const text = renderFlagFile({ ...flag, context: null, related_files: files });
        const raw = text.slice(3, text.indexOf('\n---\n', 3));
        const fast = fastFrontMatter(raw);
        expect(fast).toBeDefined();
        expect(fast).toEqual(fullParse(raw));
      }),
      { numRuns: 300 },
    );
  });

  it('answers for every file flagstore renders, exactly as the YAML parser does', () => {
    fc.assert(
      fc.property(flagArb, fc.array(fc.string(), { maxLength: 3 }), (flag, files) => {
        const text = renderFlagFile({
          ...flag,
          related_files: files.length > 0 ? files : flag.related_files,
        });
        const raw = text.slice(3, text.indexOf('\n---\n', 3));
        const fast = fastFrontMatter(raw);
        const simpleContext = flag.context === null || typeof flag.context === 'object';
        if (files.length === 0 && simpleContext) expect(fast).toBeDefined();
        if (fast !== undefined) expect(fast).toEqual(fullParse(raw));
      }),
      { numRuns: 300 },
    );
  });

  it('never disagrees with the YAML parser on arbitrary front matter: it answers the same or not at all', () => {
    const tricky = fc.constantFrom(
      'null',
      'Null',
      'True',
      'yes',
      '~',
      '"@x"',
      "'a'",
      "'it''s'",
      '{"a":1}',
      '{a: 1}',
      '[1,2]',
      '[]',
      '.inf',
      '-1',
      '0x1F',
      '1e3',
      '2026-01-01T00:00:00Z',
      'a: b',
      'a #c',
      '@x',
      'a:',
      '"a\\"b"',
      '',
      'src/*.ts',
      'docs/{a,b}.md',
      'src/a b.ts',
      'a  #b',
      'a#b',
      'x: y',
      'x :y',
      'a\\b',
      "it's",
      'a, b',
      'a]',
      'a ',
      'a\tb',
      'a|b>c',
    );
    const key = fc.constantFrom('id', 'status', 'locked', 'related_files', 'x_y');
    // Values in the subset flagstore writes, so the fast reader answers most samples; the
    // tricky values and arbitrary strings make sure it defers whenever it must.
    const subsetScalar = fc.oneof(
      fc.constantFrom(
        'null',
        'true',
        'false',
        '01JD3ZQ8XKQ5V7W9Y2B4C6D8EF',
        '2026-11-23T22:23:27.210Z',
        '"@a.b"',
        "'@a.b'",
      ),
      fc.stringMatching(/^[a-z][a-z0-9 ._/-]{0,20}[a-z0-9]$/),
    );
    const subset = fc.oneof(subsetScalar, fc.constantFrom('42', '{"ticket": 42}', '[]'));
    const mixed = (values: fc.Arbitrary<string>) =>
      fc.oneof(
        { arbitrary: values, weight: 20 },
        { arbitrary: tricky, weight: 2 },
        { arbitrary: fc.string(), weight: 1 },
      );
    const anyValue = mixed(subset);
    const anyItem = mixed(subsetScalar);
    const line = fc.oneof(
      { arbitrary: fc.tuple(key, anyValue).map(([k, v]) => `${k}: ${v}`), weight: 24 },
      {
        arbitrary: fc
          .tuple(key, fc.array(anyItem, { minLength: 1, maxLength: 3 }))
          .map(([k, items]) => [`${k}:`, ...items.map((i) => `  - ${i}`)].join('\n')),
        weight: 8,
      },
      { arbitrary: fc.constantFrom('# comment', '', '  indented: x', '---', 'key:'), weight: 1 },
    );
    let answered = 0;
    const runs = 2000;
    fc.assert(
      fc.property(
        fc.uniqueArray(line, { maxLength: 6, selector: (l) => l.split(':')[0] }),
        (lines) => {
          const raw = `\n${lines.join('\n')}`;
          const fast = fastFrontMatter(raw);
          if (fast === undefined) return;
          answered++;
          expect(fast).toEqual(fullParse(raw));
        },
      ),
      { numRuns: runs },
    );
    // The agreement is only checked where the fast reader answers: most samples, not a few.
    expect(answered / runs).toBeGreaterThan(0.5);
  });
});

describe('id prefixes', () => {
  it('every short id resolves to its own id, and every id prefix of a unique id resolves', () => {
    fc.assert(
      fc.property(fc.uniqueArray(idArb, { minLength: 1, maxLength: 30 }), (ids) => {
        for (const [id, short] of shortIds(ids, { min: 4 })) {
          const resolved = resolvePrefix(short.toLowerCase(), ids);
          expect(resolved.ok && resolved.value).toBe(id);
        }
      }),
    );
  });

  it('never accepts path-like input, even around a real id', () => {
    const forms = ['../ID', './ID', '/ID', 'ID/..', 'ID.md', 'flags/ID', 'ID\\x'];
    const decorate = fc.constantFrom(...forms).map((f) => (id: string) => f.replace('ID', id));
    fc.assert(
      fc.property(fc.uniqueArray(idArb, { minLength: 1, maxLength: 5 }), decorate, (ids, wrap) => {
        const raw = wrap(ids[0] as string);
        const result = resolvePrefix(raw, ids);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error.code).toBe('usage');
      }),
    );
  });
});
