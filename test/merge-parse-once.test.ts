/**
 * A sync's ledger merge parses our copy of each flag once: the merge and the lost-lock check
 * take the parsed flag they are given. Each test hands over a flag that differs from the text on
 * purpose, so an answer shows which one was read.
 */
import { describe, expect, it } from 'vitest';
import type { Flag } from '../src/core/types.js';
import { parseFlagFile } from '../src/store/flag-file.js';
import { lostLock, parsedCopy } from '../src/sync/lost-locks.js';
import { mergeFlagFile } from '../src/sync/merge-driver.js';
import { mergeCopies } from '../src/sync/merge-two.js';
import { flagText } from './helpers.js';

const ID = '01M8XZ2222222222222222CCCC';
const base = flagText(ID);
const lockedBy = (who: string, at: string): string =>
  flagText(ID, `locked: true\nlocked_by: "${who}"\nlocked_at: ${at}`);

function flagOf(text: string): Flag {
  const { flag } = parseFlagFile(text);
  if (flag === null) throw new Error('the test flag is invalid');
  return flag;
}

describe('a ledger merge parses our copy once', () => {
  it('lostLock reads our lock from the parsed copy, not from its text again', () => {
    const merged = lockedBy('@a.one', '2026-11-21T10:00:00Z');
    const ours = { text: base, flag: flagOf(lockedBy('@b.two', '2026-11-21T09:30:00Z')) };
    expect(lostLock({ id: ID, base, ours, merged })).toEqual({
      id: ID,
      holder: '@b.two',
      winner: '@a.one',
      reason: 'locked',
    });
    expect(lostLock({ id: ID, base, ours: parsedCopy(base), merged })).toBeNull();
  });

  it('the three-way merge takes our parsed flag', async () => {
    const theirs = base.replace('impact_level: medium', 'impact_level: high');
    const low = flagOf(base.replace('impact_level: medium', 'impact_level: low'));
    const reparsed = await mergeFlagFile({ base, ours: base, theirs });
    expect(reparsed.text).toContain('impact_level: high');
    // Our flag (low) differs from the base: ours stands, and the text is not parsed again.
    const given = await mergeFlagFile({ base, ours: base, theirs }, {}, { ours: low });
    expect(given.text).toContain('impact_level: medium');
  });

  it('the merge of two copies takes the parsed flag of either', () => {
    const ledger = lockedBy('@b.two', '2026-11-21T09:30:00Z');
    const work = base.replace('impact_level: medium', 'impact_level: high');
    expect(mergeCopies(ledger, work)).not.toBe(ledger);
    // A work copy known to be invalid leaves the ledger's copy as it is.
    expect(mergeCopies(ledger, work, { work: null })).toBe(ledger);
    expect(mergeCopies(ledger, work, { ledger: null })).toBe(work);
  });
});
