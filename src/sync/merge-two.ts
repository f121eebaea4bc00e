/**
 * Two copies of one flag with no common ancestor at hand: the ledger's and the work tree's.
 * The ledger decides the lock (it is the shared truth for locks); a completion on either side
 * counts (completion is final; of two, the earlier stands, as in the merge driver); notes keep
 * both sides' additions; everything else (texts, target, impact, files) is the work tree's,
 * where agents edit flag files by hand.
 */
import { completionThatStands, type FlagMarks } from '../core/marks.js';
import type { Flag } from '../core/types.js';
import { parseFlagFile } from '../store/flag-file.js';
import { splitFile } from '../store/frontmatter.js';
import { renderSection } from '../store/sections.js';
import { changedFrom, withoutNotes, writeFields } from './merge-driver.js';

const LOCK = ['locked', 'locked_by', 'locked_at', 'lock_expires_at'] as const;
const COMPLETION = ['status', 'completed_at', 'completed_by'] as const;

function pick<F extends FlagMarks>(flag: F, keys: readonly (keyof FlagMarks)[]): Partial<F> {
  return Object.fromEntries(keys.map((k) => [k, flag[k]])) as Partial<F>;
}

/** Paragraphs of notes (blocks between blank lines), without their surrounding blanks. */
function paragraphs(notes: string): string[] {
  return notes
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/** Index pairs of equal paragraphs in order: a longest common subsequence of two lists. */
function commonPairs(a: string[], b: string[]): [number, number][] {
  const width = b.length + 1;
  const len = new Int32Array((a.length + 1) * width);
  const at = (i: number, j: number): number => len[i * width + j] ?? 0;
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      len[i * width + j] =
        a[i] === b[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i] === b[j]) pairs.push([i++, j++]);
    else if (at(i + 1, j) >= at(i, j + 1)) i++;
    else j++;
  }
  return pairs;
}

/**
 * Whether a work-tree paragraph is a hand edit of a ledger paragraph: one extends the other, or
 * they differ in one stretch and agree (common start plus common end) on most of their length.
 */
function editOf(ledger: string, work: string): boolean {
  if (ledger.startsWith(work) || work.startsWith(ledger)) return true;
  const shorter = Math.min(ledger.length, work.length);
  let start = 0;
  while (start < shorter && ledger[start] === work[start]) start++;
  let end = 0;
  while (end < shorter - start && ledger.at(-1 - end) === work.at(-1 - end)) end++;
  return start + end >= 0.7 * Math.max(ledger.length, work.length);
}

/**
 * Notes of both copies, which share no base: the work tree's notes (hand edits stand), with
 * every ledger paragraph the work tree neither holds nor edited added where it sits among the
 * shared paragraphs. When one copy extends the other, the longer one stands.
 */
export function notesOfTwo(ledger: string | null, work: string | null): string | null {
  if (ledger === work || work === null) return ledger;
  if (ledger === null || work.startsWith(ledger)) return work;
  if (ledger.startsWith(work)) return ledger;
  const [l, w] = [paragraphs(ledger), paragraphs(work)];
  const merged: string[] = [];
  let added = false;
  let [li, wi] = [0, 0];
  for (const [lj, wj] of [...commonPairs(l, w), [l.length, w.length] as const]) {
    const edited = w.slice(wi, wj);
    const extra = l.slice(li, lj).filter((p) => !edited.some((q) => editOf(p, q)));
    added ||= extra.length > 0;
    merged.push(...edited, ...extra, ...w.slice(wj, wj + 1));
    [li, wi] = [lj + 1, wj + 1];
  }
  return added ? merged.join('\n\n') : work;
}

/** The copy whose state (completion and lock) the merged copy takes. */
function stateSide<F extends FlagMarks>(ledger: F, work: F): F {
  return completionThatStands(ledger, work) ?? ledger;
}

/** The state fields (completion and lock) of the side {@link stateSide} chose. */
function stateFields<F extends FlagMarks>(state: F): Partial<F> {
  return { ...pick(state, COMPLETION), ...pick(state, LOCK) };
}

/** The state and notes fields of the merged flag; the lock's last release goes with the lock. */
function mergedState(ledger: Flag, work: Flag): Partial<Flag> {
  const state = stateSide(ledger, work);
  const notes = notesOfTwo(ledger.notes, work.notes);
  return { ...stateFields(state), unlocked_at: state.unlocked_at, notes };
}

/** The merged marks of a ledger copy and a work-tree copy: those of {@link mergeTwo}'s flag. */
export function mergeTwoMarks(ledger: FlagMarks, work: FlagMarks): FlagMarks {
  return { ...work, ...stateFields(stateSide(ledger, work)) };
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

/**
 * The merged text of two copies (either may be absent or invalid). `known` holds either copy's
 * flag when the caller parsed it already (parseFlagFile's flag), so it is not parsed again.
 */
export function mergeCopies(
  ledger: string | null,
  work: string | null,
  known: { ledger?: Flag | null; work?: Flag | null } = {},
): string | null {
  if (ledger === null || work === null || ledger === work) return ledger ?? work;
  const l = known.ledger === undefined ? parseFlagFile(ledger).flag : known.ledger;
  const w = known.work === undefined ? parseFlagFile(work).flag : known.work;
  if (l === null) return work;
  if (w === null) return ledger;
  return mergeTwoTexts({ ledger: { flag: l, text: ledger }, work: { flag: w, text: work } });
}
