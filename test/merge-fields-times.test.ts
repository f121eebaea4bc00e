import { describe, expect, it } from 'vitest';
import { mergeFrontMatter } from '../src/sync/merge-fields.js';
import { marksOf } from '../src/core/marks.js';
import { mergeTwo, mergeTwoMarks } from '../src/sync/merge-two.js';
import type { Flag } from '../src/core/types.js';
import { lockedAt, MERGE_BASE as BASE } from './answer-helpers.js';

// Of two new locks (or completions) the earlier stands, by instants: the validator takes any
// ISO 8601 offset, so the texts of two times need not sort as the times do.

const doneBy = (by: string, at: string): Flag => ({
  ...BASE,
  status: 'completed',
  completed_by: by,
  completed_at: at,
});

describe('mergeFrontMatter: the earlier of two by instants', () => {
  it('keeps the lock taken at 07:00Z (written 12:00+05:00) over one at 10:00Z', () => {
    const early = lockedAt('@c.early', '2026-01-02T12:00:00+05:00');
    const late = lockedAt('@d.late', '2026-01-02T10:00:00.000Z');
    expect(mergeFrontMatter({ base: BASE, ours: late, theirs: early }).locked_by).toBe('@c.early');
    expect(mergeFrontMatter({ base: BASE, ours: early, theirs: late }).locked_by).toBe('@c.early');
  });

  it('keeps the completion at 07:00Z over one at 10:00Z', () => {
    const early = doneBy('@c.early', '2026-01-02T12:00:00+05:00');
    const late = doneBy('@d.late', '2026-01-02T10:00:00.000Z');
    expect(mergeFrontMatter({ base: BASE, ours: late, theirs: early }).completed_by).toBe(
      '@c.early',
    );
    expect(mergeFrontMatter({ base: BASE, ours: early, theirs: late }).completed_by).toBe(
      '@c.early',
    );
  });
});

describe('mergeTwo (ledger and work tree): the earlier completion by instants', () => {
  it('keeps the completion at 07:00Z (written 12:00+05:00) over one at 10:00Z, either side', () => {
    const early = doneBy('@c.early', '2026-01-02T12:00:00+05:00');
    const late = doneBy('@d.late', '2026-01-02T10:00:00.000Z');
    expect(mergeTwo(late, early).completed_by).toBe('@c.early');
    expect(mergeTwo(early, late).completed_by).toBe('@c.early');
  });
});

describe('mergeTwoMarks: the marks of mergeTwo', () => {
  it('takes the state of the same side as the whole merge, for every pair of states', () => {
    const states = [
      BASE,
      lockedAt('@c.early', '2026-01-02T12:00:00+05:00'),
      lockedAt('@d.late', '2026-01-02T10:00:00.000Z'),
      doneBy('@c.early', '2026-01-02T12:00:00+05:00'),
      doneBy('@d.late', '2026-01-02T10:00:00.000Z'),
    ];
    for (const ledger of states) {
      for (const work of states) {
        const merged = mergeTwoMarks(marksOf(ledger), marksOf(work));
        expect(marksOf(merged)).toEqual(marksOf(mergeTwo(ledger, work)));
      }
    }
  });
});
