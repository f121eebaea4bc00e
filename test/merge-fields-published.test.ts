import { describe, expect, it } from 'vitest';
import { mergeFrontMatter } from '../src/sync/merge-fields.js';
import type { Flag } from '../src/core/types.js';
import { lockedAt, MERGE_BASE as BASE } from './answer-helpers.js';

// sync merges the remote's ledger as theirs: its new lock is published, ours is not.

const early = lockedAt('@b.two', '2026-01-02T07:00:00.000Z');
const late = lockedAt('@a.one', '2026-01-02T10:00:00.000Z');

describe('mergeFrontMatter: a published lock', () => {
  it('wins over an earlier unpublished lock when theirs is published', () => {
    const merged = mergeFrontMatter(
      { base: BASE, ours: early, theirs: late },
      { published: 'theirs' },
    );
    expect(merged).toMatchObject({ locked_by: '@a.one', locked_at: late.locked_at });
  });

  it('without a published side (branches), the earlier lock still wins either way round', () => {
    expect(mergeFrontMatter({ base: BASE, ours: early, theirs: late }).locked_by).toBe('@b.two');
    expect(mergeFrontMatter({ base: BASE, ours: late, theirs: early }).locked_by).toBe('@b.two');
  });

  it('a published holderless lock still gives way to a named one (it blocks no one)', () => {
    const anonymous: Flag = { ...late, locked_by: null };
    const merged = mergeFrontMatter(
      { base: BASE, ours: early, theirs: anonymous },
      { published: 'theirs' },
    );
    expect(merged.locked_by).toBe('@b.two');
  });

  it('loses to an unpublished completion: completion is final', () => {
    const done: Flag = { ...early, status: 'completed', completed_by: '@b.two' };
    done.completed_at = '2026-01-02T11:00:00.000Z';
    const merged = mergeFrontMatter(
      { base: BASE, ours: done, theirs: late },
      { published: 'theirs' },
    );
    expect(merged).toMatchObject({ status: 'completed', completed_by: '@b.two' });
    expect(merged.locked_by).toBe('@b.two');
  });
});
