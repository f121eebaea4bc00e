/**
 * Pages over flags in priority order. The cursor names the last flag of the page (its impact,
 * creation time and id), so the next page starts right after it even when flags were completed
 * or created in between: no flag of an unchanged list is ever returned twice or skipped.
 */
import { FlagstoreError } from '../core/errors.js';
import { byPriority } from '../core/rules.js';
import { IMPACT_LEVELS, type Flag, type ImpactLevel } from '../core/types.js';

type Key = { impact_level: ImpactLevel; created_at: string; id: string };

/** A page: the flags on it, how many match in all, and the cursor of the next page. */
export interface Page {
  flags: Flag[];
  total: number;
  nextCursor: string | null;
}

/** The text a cursor names (the last item of the previous page's key). */
export function cursorKey(cursor: string): string {
  return Buffer.from(cursor, 'base64url').toString('utf8');
}

/**
 * The items of `sorted` after the previous page's last (`after` keeps those past it; null: the
 * first page), at most `limit`, and the cursor naming this page's last item by its `key`.
 */
export function keysetPage<T>(
  sorted: T[],
  limit: number,
  o: { after: ((item: T) => boolean) | null; key: (item: T) => string },
): { items: T[]; next: string | null } {
  const rest = o.after === null ? sorted : sorted.filter(o.after);
  const items = rest.slice(0, limit);
  const last = items[items.length - 1];
  const more = rest.length > limit && last !== undefined;
  return { items, next: more ? Buffer.from(o.key(last), 'utf8').toString('base64url') : null };
}

function decode(cursor: string): Key {
  const [impact, created, id] = cursorKey(cursor).split('|');
  if (!IMPACT_LEVELS.includes(impact as ImpactLevel) || !created || !id) {
    throw new FlagstoreError('usage', 'the cursor is not one this server returned', {
      fix: 'call the tool again without a cursor to start from the first page',
      details: { cursor },
    });
  }
  return { impact_level: impact as ImpactLevel, created_at: created, id };
}

/** The page of `sorted` (in priority order) after `cursor`, at most `limit` flags. */
export function pageOf(sorted: Flag[], limit: number, cursor?: string): Page {
  const key = cursor === undefined ? null : decode(cursor);
  const { items, next } = keysetPage(sorted, limit, {
    after: key === null ? null : (f) => byPriority(f, key) > 0,
    key: (f) => [f.impact_level, f.created_at, f.id].join('|'),
  });
  return { flags: items, total: sorted.length, nextCursor: next };
}
