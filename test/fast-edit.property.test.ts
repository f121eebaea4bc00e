/**
 * Front-matter edits without the YAML parser (src/store/fast-edit.ts) give the very text the
 * YAML path gives, whenever they answer; and they answer for the edits flagstore makes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastScalarText, fastSetFields } from '../src/store/fast-edit.js';
import { fastFrontMatter } from '../src/store/fast-frontmatter.js';
import { applyEdit, renderFlagFile } from '../src/store/flag-file.js';
import { setFields, splitFile, yamlScalarText, yamlSetFields } from '../src/store/frontmatter.js';
import { anyFlagArb, handleArb, isoArb, oddLineArb } from './flag-arb.js';

const word = fc.constantFrom(
  'pending',
  'completed',
  'Done.',
  'null',
  'True',
  'yes',
  '',
  ' x',
  'a b',
  'a: b',
  'a #b',
  '1e3',
  '0x1F',
  '.inf',
  '-x',
  '~',
  '[x]',
  '@backend.api',
  '@a.b-c_d',
  '@',
  '@a b',
  'src/api.ts',
  'x\ny',
  '2026-11-30T21:00:00.000Z',
  '2026-11-30',
  '"q"',
  "it's",
  '01M8Q4Y3XTGQKHJ5P4486AHV8K',
  '01E8Q4Y3XT000000000000000E',
  '00000000000000000000000001',
  '1E000000000000000000000000',
  'src/deploy.sh:42',
  'a:1',
  'a:b:1',
  '1a:2',
);
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const id = fc.string({ unit: fc.constantFrom(...CROCKFORD, 'E'), minLength: 26, maxLength: 26 });
const scalar = fc.oneof(
  word,
  id,
  fc.stringMatching(/^[a-z0-9_./-]{1,8}:[0-9]{1,3}$/),
  fc.string({ maxLength: 10 }),
  fc.stringMatching(/^[@A-Za-z0-9_./:#-]{1,10}$/),
  fc.constant(null),
  fc.boolean(),
);
const key = fc.constantFrom('status', 'locked', 'locked_by', 'locked_at', 'notes', 'extra_key');
const valueText = fc.oneof(
  fc.constantFrom('pending', 'false', 'null', '"@backend.api"', '2026-01-02T03:04:05.000Z'),
  fc.constantFrom('{"a": 1}', '[a, b]', '[]', 'a #comment', "'single'", '12'),
);
const line = fc.oneof(
  fc.tuple(key, valueText).map(([k, v]) => `${k}: ${v}`),
  key.map((k) => `${k}:\n  - src/a.ts\n  - b`),
);

describe('front-matter edits without YAML', () => {
  it('renders scalars as the YAML package does, whenever it answers', () => {
    let answered = 0;
    fc.assert(
      fc.property(scalar, (value) => {
        const fast = fastScalarText(value);
        if (fast === undefined) return;
        answered++;
        expect(fast).toBe(yamlScalarText(value));
      }),
      { numRuns: 3000 },
    );
    expect(answered).toBeGreaterThan(300);
  });

  it('answers for the values transitions write', () => {
    const values = ['@backend.api', '2026-11-30T21:00:00.000Z', 'completed', true, null];
    for (const value of [...values, '01M8Q4Y3XTGQKHJ5P4486AHV8K', 'src/a.ts:12', 'medium']) {
      expect(fastScalarText(value)).toBe(yamlScalarText(value));
    }
  });

  it('sets fields as the YAML path does, whenever it answers', () => {
    let answered = 0;
    fc.assert(
      fc.property(
        fc.uniqueArray(line, { maxLength: 6, selector: (l) => l.split(':')[0] }),
        fc.dictionary(key, scalar, { maxKeys: 3 }),
        (lines, fields) => {
          const text = `---\n${lines.join('\n')}\n---\n\nbody\n`;
          const file = splitFile(text);
          const fast = fastSetFields(text, file, fields);
          if (fast === undefined) return;
          answered++;
          expect(fast).toBe(yamlSetFields(text, file, fields));
        },
      ),
      { numRuns: 800 },
    );
    expect(answered).toBeGreaterThan(40);
  });

  const flagKey = fc.constantFrom(
    'status',
    'locked',
    'locked_by',
    'locked_at',
    'lock_expires_at',
    'completed_at',
    'completed_by',
    'code_location',
    'target_agent',
    'impact_level',
    'extra_key',
  );
  // Multi-line values included: the YAML path writes them quoted on one line.
  const flagValue = fc.oneof(
    scalar,
    handleArb,
    isoArb,
    oddLineArb,
    fc.constantFrom('completed', 'é "q" \'x\'', 'two\nlines', 'ends\n'),
  );
  /** What a YAML round trip says the edit must give: the old fields with these set. */
  function expectRoundTrip(before: string, after: string, fields: Record<string, unknown>): void {
    const old = splitFile(before);
    const edited = splitFile(after);
    expect(edited.data).toEqual({ ...old.data, ...fields });
    expect(edited.body).toBe(old.body);
  }

  /** What transitions set (lock, unlock, complete), and any other one-line fields. */
  const transition = fc.oneof(
    fc.record({ locked: fc.constant(true), locked_by: handleArb, locked_at: isoArb }),
    fc.constant({ locked: false, locked_by: null, locked_at: null, lock_expires_at: null }),
    fc.record({ status: fc.constant('completed'), completed_at: isoArb, completed_by: handleArb }),
  );
  const edit = fc.oneof(
    transition.map((fields) => ({ fields, transition: true })),
    fc
      .dictionary(flagKey, flagValue, { maxKeys: 4 })
      .map((fields) => ({ fields, transition: false })),
  );

  it('sets fields of rendered flag files as the YAML path does, and as a YAML round trip says', () => {
    let answered = 0;
    let fastTransitions = 0;
    fc.assert(
      fc.property(anyFlagArb, edit, (flag, { fields, transition }) => {
        const text = renderFlagFile(flag);
        const file = splitFile(text);
        const fast = fastSetFields(text, file, fields);
        // A transition on a file the fast reader reads never needs the YAML parser.
        if (transition && fastFrontMatter(file.raw) !== undefined) {
          fastTransitions++;
          expect(fast).toBeDefined();
        }
        if (fast !== undefined) {
          answered++;
          expect(fast).toBe(yamlSetFields(text, file, fields));
        }
        expectRoundTrip(text, setFields(text, fields), fields);
      }),
      { numRuns: 600 },
    );
    expect(answered).toBeGreaterThan(150);
    expect(fastTransitions).toBeGreaterThan(100);
  });

  it('edits CRLF flag files as their LF twins, with CRLF kept on every line', () => {
    fc.assert(
      fc.property(anyFlagArb, edit, (flag, { fields }) => {
        const lf = renderFlagFile(flag);
        const crlf = lf.replace(/\n/g, '\r\n');
        const after = applyEdit(crlf, { fields });
        expect(after).toBe(applyEdit(lf, { fields }).replace(/\n/g, '\r\n'));
        expect(after.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
        expectRoundTrip(lf, after.replace(/\r\n/g, '\n'), fields);
      }),
      { numRuns: 300 },
    );
  });
});
