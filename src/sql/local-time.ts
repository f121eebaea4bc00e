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

/**
 * Milliseconds since the epoch of a stored time: text with a zone (`Z`, `+02:00`) as written,
 * wall-clock text in `tz`. Null when the text is not a time.
 */
export function storedTime(value: unknown, tz: string): number | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const text = value.trim();
  if (!realFields(text)) return null;
  if (ZONED.test(text)) {
    const ms = Date.parse(text.replace(' ', 'T'));
    return Number.isNaN(ms) ? null : ms;
  }
  const m = WALL.exec(text);
  if (m === null) return null;
  const parts = m
    .slice(1)
    .map((part, i) => Number(i === 6 ? (part ?? '').padEnd(3, '0') : (part ?? 0)));
  const [y, mo, d, h, mi, s, ms] = parts;
  const wall = Date.UTC(y as number, (mo as number) - 1, d, h, mi, s, ms);
  if (Number.isNaN(wall)) return null;
  const first = wall - offsetAt(wall, tz);
  return wall - offsetAt(first, tz);
}
