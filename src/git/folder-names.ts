/** Listing a folder that may be gone: the flags folder's readers and the lock holder's lookup. */
import { readdirSync } from 'node:fs';

/** The names in a folder; none when it is absent or unreadable (removed meanwhile, say). */
export function folderNames(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
