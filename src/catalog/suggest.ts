/** "Did you mean" for agent handles: the catalog handles closest to a mistyped one. Pure. */
import { editDistance } from '../core/validate.js';

function modulePart(handle: string): string {
  return handle.slice(handle.indexOf('.') + 1);
}

function distance(wanted: string, handle: string): number {
  const full = editDistance(wanted, handle);
  return Math.min(full, editDistance(modulePart(wanted), modulePart(handle)) + 2);
}

/** Up to `count` handles nearest to `wanted`, closest first; far-off handles are not offered. */
export function closestHandles(wanted: string, handles: string[], count = 3): string[] {
  const limit = Math.max(3, Math.floor(wanted.length / 2));
  return handles
    .map((handle) => ({ handle, d: distance(wanted, handle) }))
    .filter((c) => c.d <= limit)
    .sort((a, b) => a.d - b.d || a.handle.localeCompare(b.handle))
    .slice(0, count)
    .map((c) => c.handle);
}
