/** Parses lock time-to-live values such as `90s`, `30m`, `2h`, `1d`. */
import { fail, FlagstoreError, ok, type Result } from './errors.js';
import { changesAt } from './horizon.js';

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
  const from = Date.parse(fromIso);
  const seconds = Math.max(0, Math.round((now.getTime() - from) / 1000));
  const unit = seconds < 60 ? 1 : seconds < 3600 ? 60 : seconds < 86_400 ? 3600 : 86_400;
  // The text changes when the rounded age reaches the next multiple of its unit.
  changesAt(from + ((Math.floor(seconds / unit) + 1) * unit - 0.5) * 1000);
  const name = { 1: 's', 60: 'm', 3600: 'h', 86_400: 'd' }[unit];
  return `${Math.floor(seconds / unit)}${name}`;
}

/** A lock's time-to-live as {@link parseDuration} reads it; an error carries the caller's fix. */
export function lockTtl(raw: string, fix: string): number {
  const parsed = parseDuration(raw);
  if (parsed.ok) return parsed.value;
  const { code, message, details } = parsed.error;
  throw new FlagstoreError(code, message, { fix, details });
}
