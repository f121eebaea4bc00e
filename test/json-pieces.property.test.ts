/**
 * Printed JSON comes in pieces (src/core/json-pieces.ts) so a long listing is never one string;
 * joined, the pieces are the very text `JSON.stringify(value, null, 2)` gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapedLines, JsonRows, jsonChunks, jsonPieces } from '../src/core/json-pieces.js';
import { unicodeStringArb } from './unicode-arb.js';

const joined = (value: unknown, space: 0 | 2 = 2): string => [...jsonPieces(value, space)].join('');

describe('JSON in pieces', () => {
  it('joins to exactly what JSON.stringify(value, null, 2) prints', () => {
    const leaf = fc.oneof(
      fc.string(),
      fc.constantFrom('a\nb', '"q"', '\u2028', '##[x]', '', '  - x'),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
      array: fc.array(tie('node'), { maxLength: 4 }),
      object: fc.dictionary(
        fc.constantFrom('id', 'flags', 'a b', '"k"', '__x', '0', '10'),
        tie('node'),
        {
          maxKeys: 4,
        },
      ),
    }));
    fc.assert(
      fc.property(value.node, (v) => {
        expect(joined(v)).toBe(String(JSON.stringify(v, null, 2)));
        expect(joined(v, 0)).toBe(String(JSON.stringify(v)));
        expect([...jsonChunks(v, 2, 7)].join('')).toBe(String(JSON.stringify(v, null, 2)));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps what JSON.stringify does with odd values', () => {
    const odd = [
      { a: () => 1, b: Symbol('s'), c: undefined, d: [undefined, () => 1] },
      { when: new Date(0), list: [new Date(0)] },
      Object.assign(Object.create(null) as object, { x: [1, { y: [] }], z: {} }),
      { toJSON: () => ['x'] },
      [],
      {},
      'text',
      7,
      null,
    ];
    for (const v of odd) {
      expect(joined(v)).toBe(String(JSON.stringify(v, null, 2)));
      expect(joined(v, 0)).toBe(String(JSON.stringify(v)));
    }
  });

  it('gives the items of a long listing one by one', () => {
    const items = Array.from({ length: 50 }, (_, i) => ({ id: i, tags: ['a', 'b'] }));
    expect([...jsonPieces(items)].length).toBeGreaterThan(50);
    expect([...jsonPieces({ schema_version: 1, flags: items })].length).toBeGreaterThan(50);
    const rows = new JsonRows(items, (item) => item);
    expect([...jsonPieces({ schema_version: 1, flags: rows })].length).toBeGreaterThan(50);
    const chunks = [...jsonChunks(items, 0, 100)];
    expect(chunks.slice(0, -1).every((chunk) => chunk.length >= 100)).toBe(true);
  });

  it('gives a compact listing a batch of 256 items at a time, never whole', () => {
    const items = Array.from({ length: 2000 }, (_, i) => ({ id: i, tags: ['a', 'b'] }));
    const pieces = [...jsonPieces(items, 0)];
    expect(pieces.length).toBe(10);
    expect(pieces.join('')).toBe(JSON.stringify(items));
    const rows = new JsonRows(items, (item) => ({ ...item, more: undefined, row: true }));
    const record = { schema_version: 1, flags: rows, gone: undefined };
    expect([...jsonPieces(record, 0)].join('')).toBe(JSON.stringify(record));
  });
  it('prints rows made as they are written as the array they stand for', () => {
    const items = fc.array(fc.oneof(fc.integer(), fc.string(), fc.constant(null)), {
      maxLength: 6,
    });
    fc.assert(
      fc.property(items, fc.boolean(), (list, nested) => {
        const made: unknown[] = [];
        const map = (item: unknown) => (
          made.push(item),
          typeof item === 'number' ? undefined : { item, tags: [item] }
        );
        const rows = new JsonRows(list, map);
        const value = nested ? { schema_version: 1, flags: rows, invalid: [] } : rows;
        const expected = JSON.stringify(
          nested ? { ...value, flags: list.map(map) } : list.map(map),
          null,
          2,
        );
        made.length = 0;
        const pieces = jsonPieces(value);
        expect(made).toEqual([]);
        expect([...pieces].join('')).toBe(expected);
        expect(made).toEqual(list);
        expect(JSON.stringify(value, null, 2)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('escapes batches of lines that join to the joined string', () => {
    const item = fc.oneof(
      unicodeStringArb({ loneSurrogates: true }),
      fc.constantFrom('\ud800', '\udc00', 'a\tb', '"', '\\', '', '\u2028'),
    );
    const whole = (list: string[]): string => JSON.stringify(list.join('\n')).slice(1, -1);
    fc.assert(
      fc.property(
        fc.array(fc.array(item, { minLength: 1, maxLength: 40 }), { maxLength: 20 }),
        (batches) => {
          const joinedBatches = batches.map((batch) => escapedLines(batch)).join('\\n');
          expect(joinedBatches).toBe(whole(batches.flat()));
        },
      ),
      { numRuns: 300 },
    );
    // Surrogate halves as the last and first lines of two batches.
    const halves = ['\udc00', '\ud800'];
    expect(`${escapedLines(halves.slice(0, 1))}\\n${escapedLines(halves.slice(1))}`).toBe(
      whole(halves),
    );
  });
});
