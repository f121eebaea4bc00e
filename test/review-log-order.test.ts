/**
 * The order of a flag's log entries (src/review/log-order.ts): by the time the flag records for
 * each transition; entries with equal recorded times by their commit dates, then as they came in.
 */
import { describe, expect, it } from 'vitest';
import type { Flag } from '../src/core/types.js';
import type { ChangeKind } from '../src/review/changes.js';
import type { LogEntry } from '../src/review/log.js';
import { sortedByWhen } from '../src/review/log-order.js';

const CREATED = '2026-11-20T10:00:00.000Z';
const LOCKED = '2026-11-20T11:00:00.000Z';

/** An entry for a lock taken at LOCKED (or the creation), committed at `date`, named by `commit`. */
function entry(commit: string, date: string | null, kind: ChangeKind = 'locked'): LogEntry {
  const after = {
    created_at: CREATED,
    locked_at: kind === 'created' ? null : LOCKED,
    unlocked_at: null,
    completed_at: null,
  } as Flag;
  return {
    commit,
    author: null,
    date,
    subject: null,
    branches: [],
    agent: null,
    change: {
      id: 'X',
      kind,
      path: 'flags/X.md',
      before: null,
      after,
      fields: [],
      illegal: [],
      breaches: [],
      problems: [],
    },
  };
}

const commits = (entries: LogEntry[]): (string | null)[] => entries.map((e) => e.commit);

describe('sortedByWhen with equal recorded times', () => {
  it('puts the earlier commit date first, whatever order the entries came in', () => {
    const early = entry('early', '2026-11-21T09:00:00.000Z');
    const late = entry('late', '2026-11-22T09:00:00.000Z');
    expect(commits(sortedByWhen([late, early]))).toEqual(['early', 'late']);
    expect(commits(sortedByWhen([early, late]))).toEqual(['early', 'late']);
  });

  it('keeps the order they came in when the commit dates are equal too', () => {
    const date = '2026-11-21T09:00:00.000Z';
    const [a, b, c] = [entry('a', date), entry('b', date), entry('c', date)];
    expect(commits(sortedByWhen([a, b, c]))).toEqual(['a', 'b', 'c']);
    expect(commits(sortedByWhen([c, a, b]))).toEqual(['c', 'a', 'b']);
  });

  it('orders by recorded time before commit date: an earlier transition committed later comes first', () => {
    const created = entry('created', '2026-11-23T09:00:00.000Z', 'created');
    const locked = entry('locked', '2026-11-21T09:00:00.000Z');
    expect(commits(sortedByWhen([locked, created]))).toEqual(['created', 'locked']);
  });
});
