/** The ledger's fan-out paths (src/core/ledger-layout.ts): read back as written, nothing else taken. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  flatLedgerPath,
  ledgerEntry,
  ledgerPath,
  pickCopy,
  splitListing,
} from '../src/core/ledger-layout.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ID = fc
  .array(fc.constantFrom(...CROCKFORD), { minLength: 26, maxLength: 26 })
  .map((chars) => chars.join(''));
const rel = (path: string) => path.slice('flags/'.length);

describe('the ledger layout', () => {
  it('reads every id back from its flat and its fanned-out path, and nothing from a wrong folder', () => {
    fc.assert(
      fc.property(ID, ID, (id, other) => {
        expect(ledgerEntry(rel(ledgerPath('flags', id)))).toEqual({ id, flat: false });
        expect(ledgerEntry(rel(flatLedgerPath('flags', id)))).toEqual({ id, flat: true });
        const elsewhere = `${other.slice(-2, -1)}/${other.slice(-1)}/${id}.md`;
        if (other.slice(-2) !== id.slice(-2)) expect(ledgerEntry(elsewhere)).toBeNull();
      }),
    );
    for (const odd of ['README.md', 'x/y/z.md', `Q7/01ARZ3NDEKTSV4RRFFQ69G5FQ7.md`, '']) {
      expect(ledgerEntry(odd)).toBeNull();
    }
  });

  it('lists ids sorted; an id held flat and fanned out is listed apart, with its fanned-out copy', () => {
    fc.assert(
      fc.property(fc.uniqueArray(ID, { maxLength: 20 }), fc.array(fc.boolean()), (ids, flat) => {
        const [both, ...rest] = ids;
        const listing: [string, string][] = rest.map((id, i) => [
          rel(flat[i] === true ? flatLedgerPath('flags', id) : ledgerPath('flags', id)),
          `oid-${id}`,
        ]);
        // One id both flat and fanned out, in either order of the listing.
        if (both !== undefined) listing.push([rel(flatLedgerPath('flags', both)), 'flat']);
        if (both !== undefined) listing.push([rel(ledgerPath('flags', both)), 'fanned']);
        const read = splitListing(flat[0] === true ? listing.reverse() : listing);
        expect([...read.files.keys()]).toEqual([...ids].sort());
        if (both !== undefined) expect(read.files.get(both)).toBe('fanned');
        if (both !== undefined)
          expect(read.twice.get(both)).toEqual({ flat: 'flat', fanned: 'fanned' });
        expect(read.twice.size).toBe(both === undefined ? 0 : 1);
      }),
    );
  });

  it('picks the copy that changed since the move; else the fanned-out one, unless only the flat is completed', () => {
    const oid = fc.constantFrom('a', 'b', 'c', 'd');
    fc.assert(
      fc.property(
        oid,
        oid,
        fc.option(oid, { nil: undefined }),
        fc.boolean(),
        (f, n, base, done) => {
          fc.pre(f !== n);
          const completed = (o: string): boolean => done && o === f;
          const picked = pickCopy({ flat: f, fanned: n, base, completed });
          if (base === f) expect(picked).toBe(n);
          else if (base === n) expect(picked).toBe(f);
          else expect(picked).toBe(done ? f : n);
        },
      ),
    );
  });
});
