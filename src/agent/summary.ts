/**
 * Flags as agents read them: a compact summary (one line of text each) and quoted, sanitised
 * flag text, so what another agent wrote always reads as data and never as terminal escapes.
 */
import { isHighSurrogate } from '../core/clip.js';
import { formatAge } from '../core/duration.js';
import { lockState } from '../core/lifecycle.js';
import { sanitize } from '../core/sanitize.js';
import type { Flag } from '../core/types.js';

/** How many characters of a flag's first line a summary keeps. */
export const FIRST_LINE_CHARS = 100;

/**
 * A flag in a few fields: enough to choose, not to act (`show_flag` gives the rest). Fields
 * that would say nothing (no target, pending, no lock, no chain) are left out to save context.
 */
export interface FlagSummary {
  id: string;
  flag_type: string;
  impact_level: string;
  source_agent: string;
  /** Absent when the flag is for anyone. */
  target_agent?: string;
  /** Absent while pending. */
  status?: string;
  /** "held by @x" or "expired" (an expired lock blocks nobody); absent when unlocked. */
  lock?: string;
  first_line: string;
  chain_origin_id?: string;
  created_at: string;
}

/**
 * The first line of a text, sanitised and cut to `max` UTF-16 units, never between the two
 * halves of a character outside the BMP (an emoji): a lone half prints as U+FFFD.
 */
export function firstLine(text: string, max = FIRST_LINE_CHARS): string {
  const line = sanitize((text.trim().split('\n')[0] ?? '').trim());
  if (line.length <= max) return line;
  const end = isHighSurrogate(line.charCodeAt(max - 2)) ? max - 2 : max - 1;
  return `${line.slice(0, end)}…`;
}

/** Untrusted text as a quoted, escaped string: clearly data, on one line. */
export function quoted(text: string): string {
  return JSON.stringify(sanitize(text));
}

function lockText(flag: Flag, now: Date): string | null {
  const state = lockState(flag, now);
  if (state === 'none') return null;
  return state === 'held' ? `held by ${sanitize(flag.locked_by ?? 'an unnamed agent')}` : 'expired';
}

/** The compact summary of a flag. */
export function summarize(flag: Flag, now: Date): FlagSummary {
  const lock = lockText(flag, now);
  return {
    id: flag.id,
    flag_type: flag.flag_type,
    impact_level: flag.impact_level,
    source_agent: sanitize(flag.source_agent),
    ...(flag.target_agent === null ? {} : { target_agent: sanitize(flag.target_agent) }),
    ...(flag.status === 'pending' ? {} : { status: flag.status }),
    ...(lock === null ? {} : { lock }),
    first_line: firstLine(flag.change_description),
    ...(flag.chain_origin_id === null ? {} : { chain_origin_id: flag.chain_origin_id }),
    created_at: flag.created_at,
  };
}

/** One line for a summary: id, impact, type, who, age, lock, then the quoted first line. */
export function summaryLine(s: FlagSummary, now: Date): string {
  const lock = s.lock === undefined ? '' : ` [${s.lock}]`;
  const reply = s.chain_origin_id === undefined ? '' : ` (re ${s.chain_origin_id})`;
  const status = s.status === undefined ? '' : ` ${s.status}`;
  return `${s.id} ${s.impact_level} ${s.flag_type} ${s.source_agent} -> ${s.target_agent ?? 'anyone'}, ${formatAge(s.created_at, now)} old${status}${lock}${reply}: ${quoted(s.first_line)}`;
}
