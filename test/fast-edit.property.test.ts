/**
 * Front-matter edits without the YAML parser (src/store/fast-edit.ts) give the very text the
 * YAML path gives, whenever they answer; and they answer for the edits flagstore makes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastScalarText, fastSetFields } from '../src/store/fast-edit.js';
import { splitFile, yamlScalarText, yamlSetFields } from '../src/store/frontmatter.js';

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
});
