/**
 * A flag's marks: the few fields that decide where a read such as `brief` puts a flag (its
 * state, lock, target, source, priority and chain), without its texts. The parse cache keeps
 * them per file, so such a read parses only the flags it prints.
 */
import { isEarlier } from './instant.js';
import type { Flag } from './types.js';

/** The fields a flag's marks hold. */
export const MARK_KEYS = [
  'status',
  'target_agent',
  'source_agent',
  'impact_level',
  'created_at',
  'locked',
  'locked_by',
  'locked_at',
  'lock_expires_at',
  'completed_at',
  'completed_by',
  'chain_origin_id',
] as const;

/** A flag's id and marks. */
export type FlagMarks = Pick<Flag, 'id' | (typeof MARK_KEYS)[number]>;

/** The marks of a flag. */
export function marksOf(flag: FlagMarks): FlagMarks {
  const marks: Record<string, unknown> = { id: flag.id };
  for (const key of MARK_KEYS) marks[key] = flag[key];
  return marks as FlagMarks;
}

/**
 * The marks as one line (fields between tabs, null as nothing, `locked` as 0 or 1), or null
 * when a field holds a tab, a line break or nothing (such a flag is then always read whole).
 */
export function encodeMarks(flag: FlagMarks): string | null {
  const fields: string[] = [];
  for (const key of MARK_KEYS) {
    const value = flag[key];
    // An empty text would read back as null.
    if (value === '') return null;
    fields.push(typeof value === 'boolean' ? (value ? '1' : '0') : (value ?? ''));
  }
  const line = fields.join('\t');
  return /\n/.test(line) || line.split('\t').length !== MARK_KEYS.length ? null : line;
}

/** The marks of flag `id` from a line of {@link encodeMarks}, or null when it is malformed. */
export function decodeMarks(id: string, line: string): FlagMarks | null {
  const fields = line.split('\t');
  if (fields.length !== MARK_KEYS.length) return null;
  const marks: Record<string, unknown> = { id };
  MARK_KEYS.forEach((key, i) => {
    const field = fields[i] as string;
    marks[key] = key === 'locked' ? field === '1' : field === '' ? null : field;
  });
  return marks as FlagMarks;
}

/**
 * Of two copies of a flag, the one whose completion stands: completion is final, and of two
 * completions the earlier one (a tie keeps `first`); null when neither is completed.
 */
export function completionThatStands<F extends FlagMarks>(first: F, second: F): F | null {
  if (first.status === 'completed' && second.status === 'completed') {
    return isEarlier(second.completed_at, first.completed_at) ? second : first;
  }
  if (first.status === 'completed') return first;
  return second.status === 'completed' ? second : null;
}
