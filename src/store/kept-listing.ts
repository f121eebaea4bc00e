/**
 * The ledger's listing kept by tree id (see src/git/ledger-listing.ts), in
 * `.git/flagstore/cache/ledger/listing.json`: one file that the reads and the pre-commit gate
 * share, so whichever runs first after a write carries it to the new tree for the others.
 */
import { join } from 'node:path';
import type { KeptListing } from '../core/ledger-layout.js';
import { loadStamped, saveStamped } from './cache.js';

const VERSION = 5;

function listingPath(stateDir: string): string {
  return join(stateDir, 'cache', 'ledger', 'listing.json');
}

/**
 * The flag files (id -> blob id) of the listing `listing` gives from the kept one (null: none
 * kept, or one of other code or another format); a listing other than the kept one is kept in
 * its place (failing to write only costs speed).
 */
export function keptFiles(
  stateDir: string,
  listing: (kept: KeptListing | null) => KeptListing,
): Map<string, string> {
  const path = listingPath(stateDir);
  const kept = loadStamped<KeptListing>(path, VERSION);
  const now = listing(kept);
  if (now !== kept) void saveStamped(path, VERSION, now);
  return new Map(now.files);
}
