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

/** One flag's two files in one ledger tree: flat (an older flagstore wrote it) and fanned out. */
export interface TwoCopies {
  flat: string;
  fanned: string;
}

/**
 * A flags folder's listing (paths relative to it, any order): flag ids to blob ids, sorted by
 * id, and the ids held both flat and fanned out. Those are listed with their fanned-out copy
 * until {@link pickCopy} decides between the two.
 */
export function splitListing(listing: Iterable<[string, string]>): {
  files: Map<string, string>;
  twice: Map<string, TwoCopies>;
} {
  const fanned = new Map<string, string>();
  const flat = new Map<string, string>();
  for (const [rel, oid] of listing) {
    const entry = ledgerEntry(rel);
    if (entry !== null) (entry.flat ? flat : fanned).set(entry.id, oid);
  }
  const twice = new Map<string, TwoCopies>();
  for (const [id, oid] of flat) {
    const other = fanned.get(id);
    if (other !== undefined && other !== oid) twice.set(id, { flat: oid, fanned: other });
    else fanned.set(id, oid);
  }
  const files = new Map([...fanned].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { files, twice };
}

/**
 * Which copy of a flag held both flat and fanned out is the flag. Only an older flagstore writes
 * flat files into a fanned-out ledger, and it started from `base`: the flat file's version when
 * the ledger last moved it, or the fanned-out file it was copied from (see flatBases in
 * src/git/ledger-copies.ts). The copy that did not change since then yields to the one that
 * did: a stale flat copy (an older `sync` recording its work tree's old copy) never takes back
 * a lock, and an older flagstore's own transition stands.
 * Where both changed, or the base is unknown, the fanned-out copy stands unless only the flat
 * one is completed (completion is final).
 */
export function pickCopy(
  two: TwoCopies & { base: string | undefined; completed: (oid: string) => boolean },
): string {
  if (two.base === two.flat) return two.fanned;
  if (two.base === two.fanned) return two.flat;
  return two.completed(two.flat) && !two.completed(two.fanned) ? two.flat : two.fanned;
}

/**
 * A ledger's listing as the reads keep it on disk (src/store/kept-listing.ts): the tree and
 * commit it is of, the flags folder listed, whether that folder was wholly fanned out (no flag
 * file directly in it), and its flag files (id -> blob id, sorted by id).
 */
export interface KeptListing {
  tree: string;
  commit: string;
  dir: string;
  fanned: boolean;
  files: [string, string][];
}
