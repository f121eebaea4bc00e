/**
 * The original store wrote `datetime.now()` as `YYYY-MM-DD HH:MM`: local wall-clock time with
 * no zone. These helpers read such text in a named IANA time zone (the machine's by default).
 * Pure: no I/O.
 */
import { FlagstoreError } from '../core/errors.js';

const WALL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?$/;
const ZONED = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** The machine's time zone (honours the TZ environment variable). */
export function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Checks an IANA time zone name (`Europe/Madrid`, `UTC`), as a usage error when unknown. */
export function checkTimeZone(tz: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz;
  } catch {
    throw new FlagstoreError('usage', `unknown time zone "${tz}"`, {
      fix: 'use an IANA name such as Europe/Madrid, America/New_York or UTC',
    });
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function offsetAt(utcMs: number, tz: string): number {
  let format = formatters.get(tz);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, format);
  }
  const part: Record<string, number> = {};
  for (const p of format.formatToParts(new Date(utcMs))) part[p.type] = Number(p.value);
  const wall = Date.UTC(
    part.year ?? 0,
    (part.month ?? 1) - 1,
    part.day ?? 1,
    part.hour ?? 0,
    part.minute ?? 0,
    part.second ?? 0,
  );
  return wall - Math.floor(utcMs / 1000) * 1000;
}

/**
 * Whether the written year to second name a real moment: `Date.UTC` and `Date.parse` roll month
 * 13, 30 February or hour 99 over into a later date, which would import `2025-13-45 99:99` as
 * February 2026 without a word.
 */
function realFields(text: string): boolean {
  const fields = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?/.exec(text);
  if (fields === null) return false;
  const [y, mo, d, h, mi, s] = fields.slice(1).map((f) => Number(f ?? 0)) as number[];
  const t = new Date(Date.UTC(y as number, (mo as number) - 1, d, h, mi, s));
  const back = [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
  const clock = [t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds()];
  return [...back, ...clock].every((v, i) => v === [y, mo, d, h, mi, s][i]);
}

const DAY = 86_400_000;

/**
 * The first instant after `from` whose offset differs from `from`'s, found before `to`: the end
 * of the hour a clock is set forward, between the two readings of a wall time it skips.
 */
function gapEnd(from: number, to: number, tz: string): number {
  const offset = offsetAt(from, tz);
  let [low, high] = [from, to];
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (offsetAt(mid, tz) === offset) low = mid;
    else high = mid;
  }
  return high;
}

/**
 * Every instant a wall time names in `tz`, earlier first: one most of the year, two in the hour
 * a clock is set back (it shows that hour twice), and for a time in the hour it is set forward
 * (never shown) the first instant after that hour, so such a row still sorts between its
 * neighbours.
 */
function wallInstants(wall: number, tz: string): number[] {
  const readings = [wall - offsetAt(wall - DAY, tz), wall - offsetAt(wall + DAY, tz)];
  const real = [...new Set(readings)].filter((ms) => ms + offsetAt(ms, tz) === wall);
  if (real.length > 0) return real.sort((a, b) => a - b);
  const [early, late] = [Math.min(...readings), Math.max(...readings)];
  return [gapEnd(early, late, tz)];
}

/**
 * The instants a stored time can name, earlier first: text with a zone (`Z`, `+02:00`) as
 * written, wall-clock text in `tz` (two in the hour a clock is set back). Empty when the text is
 * not a time.
 */
export function storedInstants(value: unknown, tz: string): number[] {
  if (typeof value !== 'string' || value.trim() === '') return [];
  const text = value.trim();
  if (!realFields(text)) return [];
  if (ZONED.test(text)) {
    const ms = Date.parse(text.replace(' ', 'T'));
    return Number.isNaN(ms) ? [] : [ms];
  }
  const m = WALL.exec(text);
  if (m === null) return [];
  const parts = m
    .slice(1)
    .map((part, i) => Number(i === 6 ? (part ?? '').padEnd(3, '0') : (part ?? 0)));
  const [y, mo, d, h, mi, s, ms] = parts;
  const wall = Date.UTC(y as number, (mo as number) - 1, d, h, mi, s, ms);
  return Number.isNaN(wall) ? [] : wallInstants(wall, tz);
}

/**
 * Milliseconds since the epoch of a stored time (the later reading of a wall time the zone's
 * clock shows twice). Null when the text is not a time.
 */
export function storedTime(value: unknown, tz: string): number | null {
  return storedInstants(value, tz).at(-1) ?? null;
}
