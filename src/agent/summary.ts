/**
 * Flags as agents read them: a compact summary (one line of text each) and quoted, sanitised
 * flag text, so what another agent wrote always reads as data and never as terminal escapes.
 */
import { formatAge } from '../core/duration.js';
import { lockState } from '../core/lifecycle.js';
import { sanitize } from '../core/sanitize.js';
import type { Flag } from '../core/types.js';

/** How many characters of a flag's first line a summary keeps. */
export const FIRST_LINE_CHARS = 120;

/** A flag in a few fields: enough to choose, not to act (`show_flag` gives the rest). */
export interface FlagSummary {
  id: string;
  flag_type: string;
  impact_level: string;
  source_agent: string;
  target_agent: string | null;
  status: string;
  /** null, or "held by @x" / "expired" (an expired lock blocks nobody). */
  lock: string | null;
  first_line: string;
  chain_origin_id: string | null;
  created_at: string;
}

/** The first line of a text, sanitised and cut to `max` characters. */
export function firstLine(text: string, max = FIRST_LINE_CHARS): string {
  const line = sanitize((text.trim().split('\n')[0] ?? '').trim());
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
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
  return {
    id: flag.id,
    flag_type: flag.flag_type,
    impact_level: flag.impact_level,
    source_agent: sanitize(flag.source_agent),
    target_agent: flag.target_agent === null ? null : sanitize(flag.target_agent),
    status: flag.status,
    lock: lockText(flag, now),
    first_line: firstLine(flag.change_description),
    chain_origin_id: flag.chain_origin_id,
    created_at: flag.created_at,
  };
}

/** One line for a summary: id, impact, type, who, age, lock, then the quoted first line. */
export function summaryLine(s: FlagSummary, now: Date): string {
  const lock = s.lock === null ? '' : ` [${s.lock}]`;
  const reply = s.chain_origin_id === null ? '' : ` (re ${s.chain_origin_id})`;
  const status = s.status === 'pending' ? '' : ` ${s.status}`;
  return `${s.id} ${s.impact_level} ${s.flag_type} ${s.source_agent} -> ${s.target_agent ?? 'anyone'}, ${formatAge(s.created_at, now)} old${status}${lock}${reply}: ${quoted(s.first_line)}`;
}
