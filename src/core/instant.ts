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
