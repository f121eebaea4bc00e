/** New flag IDs: ULIDs (48-bit millisecond time + 80 random bits), so clones never collide. */
import { monotonicFactory } from 'ulid';

const next = monotonicFactory();

/** A new flag ID for a creation time; IDs sort by creation time. */
export function newFlagId(now: Date): string {
  return next(now.getTime());
}
