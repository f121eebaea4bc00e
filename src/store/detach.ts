/**
 * Parsed flags that are kept (in a listing, in the parse cache) hold strings of their own. A
 * value cut from a file's text (a front-matter field, a list item) is a view into that text in
 * V8, so one kept id keeps the whole file's text alive: about 1 KB per flag, which at 100,000
 * flags was a third of a read's memory.
 */
import type { FlagMarks } from '../core/marks.js';
import type { Flag } from '../core/types.js';

/** V8 cuts strings at least this long out of their source as a view into it. */
const VIEW_MIN = 13;

/**
 * The same text in a flat string of its own, never a view into a larger one: joining two parts
 * copies the characters into one new string (a slice of a copy, as this was, kept a view and
 * the copy: 32 bytes more per field).
 */
export function detached(text: string): string {
  return text.length < VIEW_MIN ? text : [text.slice(0, 1), text.slice(1)].join('');
}

/**
 * Values that repeat across flags (handles, types, levels) are kept once per process, up to
 * SHARED_MAX distinct ones: the values come from files anyone writes, and a long-running
 * process (the MCP server) must not keep every one it ever read.
 */
const shared = new Map<string, string>();
const SHARED_MAX = 4096;

function sharedText(text: string): string {
  let kept = shared.get(text);
  if (kept === undefined) {
    if (shared.size >= SHARED_MAX) shared.clear();
    kept = detached(text);
    shared.set(kept, kept);
  }
  return kept;
}

function detachedOrNull(text: string | null): string | null {
  return text === null ? null : detached(text);
}

function sharedOrNull(text: string | null): string | null {
  return text === null ? null : sharedText(text);
}

/**
 * The flag with every field cut from its file's text replaced by a string of its own (in
 * place; the body sections and the context are already built, not cut). Returns the flag.
 */
export function detachFlag(flag: Flag): Flag {
  flag.id = detached(flag.id);
  detachMarks(flag);
  flag.flag_type = sharedText(flag.flag_type) as Flag['flag_type'];
  flag.code_location = detachedOrNull(flag.code_location);
  flag.unlocked_at = detachedOrNull(flag.unlocked_at);
  flag.related_files = flag.related_files.map(detached);
  return flag;
}

/**
 * The fields of a flag's marks (src/core/marks.ts) but its id replaced by strings of their own,
 * in place: what `brief` keeps of every flag. Returns the marks.
 */
export function detachMarks<T extends FlagMarks>(marks: T): T {
  shareMarks(marks);
  marks.locked_at = detachedOrNull(marks.locked_at);
  marks.lock_expires_at = detachedOrNull(marks.lock_expires_at);
  marks.completed_at = detachedOrNull(marks.completed_at);
  marks.created_at = detached(marks.created_at);
  marks.chain_origin_id = detachedOrNull(marks.chain_origin_id);
  return marks;
}

/**
 * The marks' fields that repeat across flags (handles, status, impact) replaced by the process's
 * one copy of each, in place: marks read from the parse cache's index, which holds their text
 * all the same, keep one small string per field and flag otherwise (about 15 MB at 100,000
 * flags). Returns the marks.
 */
export function shareMarks<T extends FlagMarks>(marks: T): T {
  marks.impact_level = sharedText(marks.impact_level) as Flag['impact_level'];
  marks.status = sharedText(marks.status) as Flag['status'];
  marks.source_agent = sharedText(marks.source_agent);
  marks.target_agent = sharedOrNull(marks.target_agent);
  marks.locked_by = sharedOrNull(marks.locked_by);
  marks.completed_by = sharedOrNull(marks.completed_by);
  return marks;
}
