/** Parses lock time-to-live values such as `90s`, `30m`, `2h`, `1d`. */
import { fail, ok, type Result } from './errors.js';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** The longest lock: a year; longer values are typing mistakes (and overflow dates). */
const MAX_TTL_MS = 365 * 86_400_000;

/** Converts a duration like `2h` into milliseconds. */
export function parseDuration(raw: string): Result<number> {
  const match = /^(\d+)\s*([smhd])$/.exec(raw.trim().toLowerCase());
  const amount = match ? Number(match[1]) : 0;
  if (!match || amount <= 0) {
    return fail(
      'usage',
      `"${raw}" is not a duration: use a number and a unit, e.g. 90s, 30m, 2h, 1d`,
      {
        details: { ttl: raw },
      },
    );
  }
  const ms = amount * (UNIT_MS[match[2] as string] as number);
  if (ms > MAX_TTL_MS) {
    return fail('usage', `"${raw}" is longer than a lock may last (365d at most)`, {
      details: { ttl: raw },
    });
  }
  return ok(ms);
}

/** Human age of a timestamp relative to now: `45s`, `12m`, `3h`, `5d`. */
export function formatAge(fromIso: string, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(fromIso)) / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}
