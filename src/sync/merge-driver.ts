/** The git merge driver for flag files: front matter field by field, prose by `git merge-file`. */
import YAML from 'yaml';
import type { Flag } from '../core/types.js';
import { parseFlagFile } from '../store/flag-file.js';
import { lfText, setFields, splitFile } from '../store/frontmatter.js';
import { keepBytes } from '../store/keep-bytes.js';
import { renderSection, sectionOf } from '../store/sections.js';
import { mergeFrontMatter, mergeNotes, type MergeRule } from './merge-fields.js';
import { mergeTexts, type Merged, type ThreeTexts } from './merge-file.js';

/** A body without its Notes section (notes are merged apart, so both sides' notes are kept). */
export function withoutNotes(body: string): string {
  const lines = body.split('\n');
  const start = lines.findIndex((line) => sectionOf(line) === 'notes');
  if (start < 0) return body;
  let end = lines.findIndex((line, i) => i > start && sectionOf(line) !== undefined);
  if (end < 0) end = lines.length;
  return [...lines.slice(0, start), ...lines.slice(end)].join('\n');
}

type Scalar = string | boolean | null;

function isScalar(value: unknown): value is Scalar {
  return value === null || typeof value === 'string' || typeof value === 'boolean';
}

/** Writes changed fields into a file's front matter: scalars surgically, lists and maps by YAML. */
export function writeFields(text: string, fields: Partial<Flag>): string {
  const scalars: Record<string, Scalar> = {};
  const complex: [string, unknown][] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (isScalar(value)) scalars[key] = value;
    else complex.push([key, value]);
  }
  let next = Object.keys(scalars).length > 0 ? setFields(text, scalars) : text;
  if (complex.length > 0) {
    const file = splitFile(next);
    const doc = YAML.parseDocument(file.raw);
    for (const [key, value] of complex) doc.set(key, doc.createNode(value, { flow: true }));
    const raw = doc.toString({ lineWidth: 0 }).replace(/\n$/, '');
    next = next.slice(0, file.rawOffset) + raw + next.slice(file.rawOffset + file.raw.length);
  }
  return next;
}

/** The fields of `merged` whose values differ from the flag's. */
export function changedFrom(flag: Flag, merged: Partial<Flag>): Partial<Flag> {
  const entries = Object.entries(merged).filter(
    ([key, value]) => JSON.stringify(flag[key as keyof Flag]) !== JSON.stringify(value),
  );
  return Object.fromEntries(entries) as Partial<Flag>;
}

const UNTOUCHED: Partial<Flag> = {
  status: 'pending',
  completed_at: null,
  completed_by: null,
  locked: false,
  locked_by: null,
  locked_at: null,
  lock_expires_at: null,
  unlocked_at: null,
};

/**
 * The common ancestor two copies of one flag would have had: `ours` before any transition
 * (pending, unlocked, no notes). It stands in for the empty base of an add/add merge.
 */
function untouched(text: string, flag: Flag): string {
  const front = writeFields(text, changedFrom(flag, UNTOUCHED));
  const split = splitFile(front);
  return `${front.slice(0, split.bodyOffset)}${withoutNotes(split.body).trimEnd()}\n`;
}

/** Versions of a flag file the caller parsed already (parseFlagFile's flag): not parsed again. */
export type KnownFlags = Partial<Record<keyof ThreeTexts, Flag | null>>;

/** The three versions' flags: the known ones as given, the others parsed. */
function flagsOf(texts: ThreeTexts, known: KnownFlags = {}): (Flag | null)[] {
  return (['base', 'ours', 'theirs'] as const).map((side) => {
    const flag = known[side];
    return flag === undefined ? parseFlagFile(texts[side]).flag : flag;
  });
}

/**
 * Merges three versions of a flag file; falls back to a plain text merge for invalid files.
 * Two copies of one flag added on both sides (add/add: no base) merge as if from the flag
 * before any transition.
 */
export async function mergeFlagFile(
  texts: ThreeTexts,
  rule: MergeRule = {},
  known?: KnownFlags,
): Promise<Merged> {
  const [base, ours, theirs] = flagsOf(texts, known);
  if (!base && ours && theirs && ours.id === theirs.id && texts.base.trim() === '') {
    return mergeFlagFile({ ...texts, base: untouched(texts.ours, ours) }, rule, { ours, theirs });
  }
  if (!base || !ours || !theirs) return mergeTexts(texts);
  const front = writeFields(
    texts.ours,
    changedFrom(ours, mergeFrontMatter({ base, ours, theirs }, rule)),
  );
  const split = splitFile(front);
  const prose = await mergeTexts({
    base: withoutNotes(splitFile(texts.base).body),
    ours: withoutNotes(split.body),
    theirs: withoutNotes(splitFile(texts.theirs).body),
  });
  const notes = await mergedNotes({ base, ours, theirs });
  const tail = notes.text === null ? '' : `\n${renderSection('notes', notes.text)}`;
  const body = `${prose.text.trimEnd()}\n${tail}`;
  return {
    text: front.slice(0, split.bodyOffset) + body,
    conflict: prose.conflict || notes.conflict,
  };
}

/** The merged notes; notes both sides edited go through a line-wise merge, markers and all. */
async function mergedNotes(
  flags: Record<keyof ThreeTexts, Flag>,
): Promise<{ text: string | null; conflict: boolean }> {
  const { base, ours, theirs } = flags;
  const text = mergeNotes(base.notes, ours.notes, theirs.notes);
  if (text !== undefined) return { text, conflict: false };
  const line = (notes: string | null): string => (notes === null ? '' : `${notes}\n`);
  const merged = await mergeTexts({
    base: line(base.notes),
    ours: line(ours.notes),
    theirs: line(theirs.notes),
  });
  return { text: merged.text.trimEnd() || null, conflict: merged.conflict };
}

/**
 * Merges three flag files as bytes: CRLF files merge as LF (and come back CRLF when ours was),
 * and lines kept from any side keep their original bytes. `known`: see {@link KnownFlags}.
 */
export async function mergeFlagBytes(
  files: Record<keyof ThreeTexts, Uint8Array>,
  rule: MergeRule = {},
  known: KnownFlags = {},
): Promise<{ bytes: Buffer; conflict: boolean }> {
  const text = (bytes: Uint8Array): string => lfText(Buffer.from(bytes).toString('utf8'));
  const merged = await mergeFlagFile(
    { base: text(files.base), ours: text(files.ours), theirs: text(files.theirs) },
    rule,
    known,
  );
  const crlf = Buffer.from(files.ours).includes('\r\n');
  const result = crlf ? merged.text.replace(/\n/g, '\r\n') : merged.text;
  const bytes = keepBytes(result, [files.ours, files.theirs, files.base]);
  return { bytes, conflict: merged.conflict };
}
