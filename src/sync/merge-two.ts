/**
 * Two copies of one flag with no common ancestor at hand: the ledger's and the work tree's.
 * The ledger decides the lock (it is the shared truth for locks); a completion on either side
 * counts (completion is final; of two, the earlier stands, as in the merge driver); notes keep
 * both sides' additions; everything else (texts, target, impact, files) is the work tree's,
 * where agents edit flag files by hand.
 */
import type { Flag } from '../core/types.js';
import { splitFile } from '../store/frontmatter.js';
import { renderSection } from '../store/sections.js';
import { changedFrom, withoutNotes, writeFields } from './merge-driver.js';
import { mergeNotes } from './merge-fields.js';

const LOCK = ['locked', 'locked_by', 'locked_at', 'lock_expires_at'] as const;
const COMPLETION = ['status', 'completed_at', 'completed_by'] as const;

function pick(flag: Flag, keys: readonly (keyof Flag)[]): Partial<Flag> {
  return Object.fromEntries(keys.map((k) => [k, flag[k]])) as Partial<Flag>;
}

/** The side whose completion stands, or null when neither is completed. */
function completedSide(ledger: Flag, work: Flag): Flag | null {
  if (ledger.status === 'completed' && work.status === 'completed') {
    return (work.completed_at ?? '') < (ledger.completed_at ?? '') ? work : ledger;
  }
  if (ledger.status === 'completed') return ledger;
  return work.status === 'completed' ? work : null;
}

function commonPrefix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i);
}

/** Notes of both copies: the longer one when one extends the other, else both additions. */
export function notesOfTwo(ledger: string | null, work: string | null): string | null {
  if (ledger === work || work === null) return ledger;
  if (ledger === null || work.startsWith(ledger)) return work;
  if (ledger.startsWith(work)) return ledger;
  return mergeNotes(commonPrefix(ledger, work), work, ledger) ?? ledger;
}

/** The state and notes fields of the merged flag. */
function mergedState(ledger: Flag, work: Flag): Partial<Flag> {
  const done = completedSide(ledger, work);
  const state = done ?? ledger;
  return {
    ...pick(state, COMPLETION),
    ...pick(state, LOCK),
    notes: notesOfTwo(ledger.notes, work.notes),
  };
}

/** The merged flag of a ledger copy and a work-tree copy. */
export function mergeTwo(ledger: Flag, work: Flag): Flag {
  return { ...work, ...mergedState(ledger, work) };
}

/** The merged file text: the work tree's text with the merged state and notes written into it. */
export function mergeTwoTexts(copies: {
  ledger: { flag: Flag; text: string };
  work: { flag: Flag; text: string };
}): string {
  const { ledger, work } = copies;
  const state = mergedState(ledger.flag, work.flag);
  const { notes, ...fields } = state;
  let text = writeFields(work.text, changedFrom(work.flag, fields));
  if ((notes ?? null) !== work.flag.notes) {
    const split = splitFile(text);
    const prose = withoutNotes(split.body).trimEnd();
    const tail = notes === null || notes === undefined ? '' : `\n${renderSection('notes', notes)}`;
    text = `${text.slice(0, split.bodyOffset)}${prose}\n${tail}`;
  }
  return text;
}
