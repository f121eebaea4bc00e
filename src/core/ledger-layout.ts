/**
 * Where a flag's file sits in the ledger's tree. The ledger fans its flags out into two levels
 * of folders named by the last two characters of the id (`flags/Q/7/01J...Q7.md`), so a write
 * reads, edits, hashes and writes three folders of at most 32 entries and one small folder of
 * flags (about 10 at 10,000 flags, 100 at 100,000) instead of one folder of every flag.
 * Ledgers written before that hold every flag flat (`flags/01J...Q7.md`); readers understand
 * both, and the first write moves a flat ledger to the fan-out (see docs/multi-agent.md). No
 * I/O here.
 */

import { flagIdOfFile } from './ids.js';

const FANNED = /^([0-9A-HJKMNP-TV-Z])\/([0-9A-HJKMNP-TV-Z])\/([0-9A-HJKMNP-TV-Z]{26})\.md$/;

/**
 * The folders a flag goes into: the last two characters of its id, one folder level each
 * (`Q/7`). A ULID's last characters are random (or a counter within one millisecond), so flags
 * made the same day spread evenly over 32 x 32 folders.
 */
export function fanKey(id: string): string {
  return `${id.slice(-2, -1)}/${id.slice(-1)}`;
}

/** The repository path of a flag's file in a fanned-out ledger tree. */
export function ledgerPath(dir: string, id: string): string {
  return `${dir}/${fanKey(id)}/${id}.md`;
}

/** The repository path of a flag's file in a flat (older) ledger tree. */
export function flatLedgerPath(dir: string, id: string): string {
  return `${dir}/${id}.md`;
}

/**
 * The flag a path below the flags folder names (`<id>.md` flat, or `<x>/<y>/<id>.md` fanned out
 * in the id's own folders), or null for any other file.
 */
export function ledgerEntry(rel: string): { id: string; flat: boolean } | null {
  const flat = flagIdOfFile(rel);
  if (flat !== null) return { id: flat, flat: true };
  const fanned = FANNED.exec(rel);
  const id = fanned?.[3];
  if (id === undefined || `${fanned?.[1]}/${fanned?.[2]}` !== fanKey(id)) return null;
  return { id, flat: false };
}

/**
 * Flag ids to blob ids (sorted by id) from the listing of a flags folder (paths relative to it, any order).
 * Where one id is both flat and fanned out (an older flagstore wrote the flat file into a
 * fanned-out ledger, so it is the newer copy), the flat file wins; every write then moves it.
 */
export function ledgerIds(listing: Iterable<[string, string]>): Map<string, string> {
  const fanned = new Map<string, string>();
  const flat = new Map<string, string>();
  for (const [rel, oid] of listing) {
    const entry = ledgerEntry(rel);
    if (entry !== null) (entry.flat ? flat : fanned).set(entry.id, oid);
  }
  for (const [id, oid] of flat) fanned.set(id, oid);
  return new Map([...fanned].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
