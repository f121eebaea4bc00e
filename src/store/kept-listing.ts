/**
 * The ledger's listing kept by tree id (see src/git/ledger-listing.ts), in
 * `.git/flagstore/cache/ledger/listing.json`: one file that the reads and the pre-commit gate
 * share, so whichever runs first after a write carries it to the new tree for the others.
 */
import { join } from 'node:path';
import type { KeptListing } from '../core/ledger-layout.js';
import { writeStamped, writeText } from './atomic.js';
import { loadStamped, stampOf } from './cache.js';

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
  if (now !== kept) writeStamped(path, stampOf(VERSION), (fd) => writeListing(fd, now));
  return new Map(now.files);
}

/** How many files are turned into JSON at once. */
const BATCH = 1024;

/**
 * Writes a listing's JSON: its files a batch at a time, each batch one JSON.stringify (a generic
 * writer's walk of 10,000 pairs took about 40 ms, and the reads write it after every write).
 */
function writeListing(fd: number, listing: KeptListing): void {
  const { files, ...head } = listing;
  writeText(fd, `${JSON.stringify(head).slice(0, -1)},"files":[`);
  for (let at = 0; at < files.length; at += BATCH) {
    const batch = JSON.stringify(files.slice(at, at + BATCH)).slice(1, -1);
    writeText(fd, at === 0 ? batch : `,${batch}`);
  }
  writeText(fd, ']}');
}
