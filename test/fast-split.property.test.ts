/**
 * The fast front-matter split agrees with gray-matter and the YAML parser on every file it
 * accepts, including closing lines and line ends a hand could write; it leaves the rest to them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFlagFile } from '../src/store/flag-file.js';
import { fastSplit, fullSplit, keyLines, yamlKeyLines } from '../src/store/frontmatter.js';

/** A flag file as flagstore writes it (one of the bench's generated flags). */
const FLAG = `---
id: 01KDVDNA046PZDX9XACTSZWBHZ
flag_type: breaking_change
source_agent: "@service.auth"
target_agent: "@backend.api"
impact_level: high
status: pending
locked: false
locked_by: null
locked_at: null
lock_expires_at: null
related_files:
  - src/module4/file4.ts
code_location: src/module4/file4.ts:4
chain_origin_id: null
context: {"ticket":4}
created_at: 2026-01-01T00:00:00.004Z
completed_at: null
completed_by: null
---

## Change description

Synthetic change number 4: the payload of endpoint /v1/items/4 gained a field.

## Action required

Update the handler for /v1/items/4 in src/module4/file4.ts to read the new field, then extend the tests that cover it.
`;

/** Both splits of a text: the full one, or the message it throws. */
function full(text: string): unknown {
  try {
    return fullSplit(text);
  } catch (error) {
    return (error as Error).message;
  }
}

describe('fast front-matter split', () => {
  it('splits a rendered flag exactly as gray-matter does', () => {
    expect(parseFlagFile(FLAG).flag?.target_agent).toBe('@backend.api');
    // `fast` only says the fast reader made the split (so it is not read again).
    expect({ ...fastSplit(FLAG), fast: undefined }).toEqual(fullSplit(FLAG));
  });

  it('agrees with gray-matter whenever it answers', () => {
    const good = fc.constantFrom('flags', '"@backend.api"', "'@a.b'", 'true', '12', '{"a": 1}');
    const odd = fc.constantFrom('a # b', '~', '[1, 2]', 'x: y', '', '---');
    const value = fc.oneof({ arbitrary: good, weight: 4 }, { arbitrary: odd, weight: 1 });
    const key = fc.constantFrom('id', 'target_agent', 'status', 'x_y', 'Key');
    const line = fc.oneof(
      { arbitrary: fc.tuple(key, value).map(([k, v]) => `${k}: ${v}`), weight: 6 },
      {
        arbitrary: fc
          .tuple(key, fc.array(value, { maxLength: 2 }))
          .map(([k, items]) => [`${k}:`, ...items.map((i) => `  - ${i}`)].join('\n')),
        weight: 2,
      },
      {
        arbitrary: fc.constantFrom('# comment', '', '  nested: x', '---', '----', '--- x', '...'),
        weight: 1,
      },
    );
    const head = fc.oneof(
      { arbitrary: fc.constant('---\n'), weight: 6 },
      {
        arbitrary: fc.constantFrom('---\r\n', '----\n', '--- \n', '---yaml\n', '\uFEFF---\n'),
        weight: 1,
      },
    );
    const tail = fc.constantFrom('', '\n', '\r\n', '\n\n', 'x\n', '-\n', '\r\r\n', '\n## Body\n');
    let answered = 0;
    fc.assert(
      fc.property(
        fc.tuple(head, fc.array(line, { maxLength: 4 }), tail, fc.string({ maxLength: 20 })),
        ([open, lines, after, rest]) => {
          const text = `${open}${lines.join('\n')}\n---${after}${rest}`;
          const fast = fastSplit(text);
          if (fast === undefined) return;
          answered++;
          expect({ ...fast, fast: undefined }).toEqual(full(text));
          const [quick, slow] = [keyLines(fast, text), yamlKeyLines(fast, text)];
          for (const key of ['id', 'target_agent', 'status', 'x_y', 'Key', 'absent']) {
            expect(quick(key)).toBe(slow(key));
          }
        },
      ),
      { numRuns: 3000 },
    );
    expect(answered).toBeGreaterThan(100);
  });
});
