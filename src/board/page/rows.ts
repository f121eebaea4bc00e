/// <reference lib="dom" />
/** A full flag seen as a board row, for the badges of the detail panel. */
import type { BoardRow } from '../../core/board-model.js';

/** The row fields the detail panel shows, read from a full flag. */
export function boardRowOf(f: Record<string, unknown>): BoardRow {
  const s = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  const expires = s(f.lock_expires_at);
  const expired = expires !== null && Date.parse(expires) <= Date.now();
  return {
    id: s(f.id) ?? '',
    short: s(f.id) ?? '',
    type: s(f.flag_type) as BoardRow['type'],
    impact: s(f.impact_level) as BoardRow['impact'],
    status: s(f.status) as BoardRow['status'],
    lock: f.locked === true ? (expired ? 'expired' : 'held') : 'none',
    lockedBy: s(f.locked_by),
    source: s(f.source_agent) ?? '',
    target: s(f.target_agent),
    created: s(f.created_at) ?? '',
    completed: s(f.completed_at),
    chain: s(f.chain_origin_id),
    title: '',
    overdue: false,
  };
}
