/// <reference lib="dom" />
/** What the detail panel's badges show, read from a full flag. */
import type { BoardRow } from '../../core/board-model.js';

/** The fields the detail panel's badges need; a full flag has no table row of its own. */
export type BadgeFields = Pick<BoardRow, 'type' | 'impact' | 'status' | 'lock' | 'lockedBy'>;

/** The badge fields of a full flag, its lock seen as held or expired now. */
export function badgeFields(f: Record<string, unknown>): BadgeFields {
  const s = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  const expires = s(f.lock_expires_at);
  const expired = expires !== null && Date.parse(expires) <= Date.now();
  return {
    type: s(f.flag_type) as BoardRow['type'],
    impact: s(f.impact_level) as BoardRow['impact'],
    status: s(f.status) as BoardRow['status'],
    lock: f.locked === true ? (expired ? 'expired' : 'held') : 'none',
    lockedBy: s(f.locked_by),
  };
}
