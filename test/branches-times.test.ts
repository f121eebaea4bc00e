import { describe, expect, it } from 'vitest';
import { isNewer, transitionTime } from '../src/services/branches.js';
import type { Flag } from '../src/core/types.js';
import { flag } from './answer-helpers.js';

// Which of two copies of a flag is newer compares instants, not the texts of their times: the
// validator takes any ISO 8601 offset, and a hand-written or another tool's time may use one.

const BASE: Flag = flag('01JD3ZQ8X5K2M4N6P8R0T2V4W6', { created_at: '2026-01-01T00:00:00.000Z' });

/** A copy locked at `at`, its lock still held. */
const lockedAt = (at: string): Flag => ({
  ...BASE,
  locked: true,
  locked_by: '@c.three',
  locked_at: at,
  lock_expires_at: '2026-01-03T00:00:00.000Z',
});

describe('isNewer: by instants', () => {
  it('a release at 10:00Z is newer than a lock written as 12:00+05:00 (07:00Z)', () => {
    const released = { ...BASE, unlocked_at: '2026-01-02T10:00:00.000Z' };
    const locked = lockedAt('2026-01-02T12:00:00+05:00');
    expect(isNewer(released, locked)).toBe(true);
    expect(isNewer(locked, released)).toBe(false);
    expect(transitionTime(released)).toBe('2026-01-02T10:00:00.000Z');
  });

  it('a time without seconds is not read as later than one with them', () => {
    const released = { ...BASE, unlocked_at: '2026-01-02T10:00:30Z' };
    const locked = lockedAt('2026-01-02T10:00Z');
    expect(isNewer(released, locked)).toBe(true);
    expect(isNewer(locked, released)).toBe(false);
  });

  it('the later of two UTC times still wins, and completion is final', () => {
    const a = lockedAt('2026-01-02T09:00:00.000Z');
    const b = { ...BASE, unlocked_at: '2026-01-02T08:00:00.000Z' };
    expect(isNewer(a, b)).toBe(true);
    expect(isNewer(b, a)).toBe(false);
    const done = { ...BASE, status: 'completed' as const, completed_at: '2026-01-01T01:00:00Z' };
    expect(isNewer(done, a)).toBe(true);
  });
});
