/**
 * Recorded times compared as instants, not as text: the validator takes any ISO 8601 offset and
 * precision, so `12:00+05:00` (07:00Z) is earlier than `10:00Z`, and `10:00Z` than `10:00:30Z`,
 * although their texts sort the other way.
 */

/** A recorded time as milliseconds since the epoch; -Infinity for none or one that does not parse. */
export function instant(time: string | null | undefined): number {
  const ms = time === null || time === undefined ? NaN : Date.parse(time);
  return Number.isNaN(ms) ? -Infinity : ms;
}

/** True when time `a` is an earlier instant than `b` (no time counts as the earliest). */
export function isEarlier(a: string | null, b: string | null): boolean {
  return instant(a) < instant(b);
}

/** A time the validator takes: ISO 8601 with any precision and offset that `Date.parse` reads. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** The value of `count` digits of `text` from `at`, or -1 when one of them is not a digit. */
function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Where the form flagstore writes (`2026-01-01T00:00:00.000Z`) has its separators. */
const WRITTEN_SEPARATORS: [number, string][] = [
  [4, '-'],
  [7, '-'],
  [10, 'T'],
  [13, ':'],
  [16, ':'],
  [19, '.'],
  [23, 'Z'],
];

/** True when the two digits of `text` from `at` are a number from `min` to `max`. */
function twoDigits(text: string, at: number, min: number, max: number): boolean {
  const value = digitsAt(text, at, 2);
  return value >= min && value <= max;
}

/**
 * True for a time in the one form flagstore writes with every field in range, told from its
 * characters: the pattern and `Date.parse` (the validator's test) take each such time (V8 takes
 * days up to 31 in any month).
 */
function isWrittenTime(value: string): boolean {
  if (value.length !== 24) return false;
  for (const [at, char] of WRITTEN_SEPARATORS) if (value[at] !== char) return false;
  const date =
    digitsAt(value, 0, 4) >= 0 && twoDigits(value, 5, 1, 12) && twoDigits(value, 8, 1, 31);
  const time =
    twoDigits(value, 11, 0, 23) && twoDigits(value, 14, 0, 59) && twoDigits(value, 17, 0, 59);
  return date && time && digitsAt(value, 20, 3) >= 0;
}

/**
 * True when a recorded time is one the validator takes (see ISO_TIME). A cold read checks every
 * timestamp of every flag: the form flagstore writes is told without the pattern and
 * `Date.parse` (round perf31); any other goes through both.
 */
export function isTimestamp(value: string): boolean {
  return isWrittenTime(value) || (ISO_TIME.test(value) && !Number.isNaN(Date.parse(value)));
}
