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

function encode(flag: Flag): string {
  const key = [flag.impact_level, flag.created_at, flag.id].join('|');
  return Buffer.from(key, 'utf8').toString('base64url');
}

function decode(cursor: string): Key {
  const [impact, created, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
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
  const after = cursor === undefined ? null : decode(cursor);
  const rest = after === null ? sorted : sorted.filter((f) => byPriority(f, after) > 0);
  const flags = rest.slice(0, limit);
  const last = flags[flags.length - 1];
  const more = rest.length > limit && last !== undefined;
  return { flags, total: sorted.length, nextCursor: more ? encode(last) : null };
}
