/**
 * The ledger as read: the files of its tip (a listing cached by tree id) and their parses
 * (cached by blob id), merged with the work tree's copies by id.
 */
import { join } from 'node:path';
import { readBlobs, readTip, type LedgerTip } from '../git/ledger-read.js';
import { listingAt } from '../git/ledger-listing.js';
import { ledgerTextAt } from '../git/ledger-tree.js';
import { ParseCache, type CacheEntry } from '../store/cache.js';
import { detachFlag } from '../store/detach.js';
import { keptFiles } from '../store/kept-listing.js';
import { parseFlagFile } from '../store/flag-file.js';
import { checkIdentity, type StoredFlag, type WorkRead } from '../store/flag-store.js';
import { mergeTwo } from './merge-two.js';

/** Where a ledger lives and where its caches go. */
export interface LedgerPlace {
  root: string;
  /** Full ref name, `refs/heads/<branch>`. */
  ref: string;
  /** Repository-relative flags folder (the same path in the ledger's tree). */
  dir: string;
  /** Private state folder (caches) in the git dir. */
  stateDir: string;
}

/** The ledger's tip and its flag files by id. */
export interface LedgerFiles {
  tip: LedgerTip;
  files: Map<string, string>;
}

/** The ledger's flag files (id -> blob id), or null when there is no ledger yet. */
export function ledgerFiles(place: LedgerPlace): LedgerFiles | null {
  const tip = readTip(place.root, place.ref);
  return tip === null ? null : { tip, files: filesAt(place, tip) };
}

/**
 * The flag files (id -> blob id) of a ledger tip, flat or fanned out, through the listing kept
 * by tree id (src/git/ledger-listing.ts).
 */
export function filesAt(place: LedgerPlace, tip: LedgerTip): Map<string, string> {
  return keptFiles(place.stateDir, (kept) => listingAt(place.root, { tip, dir: place.dir, kept }));
}

/**
 * The ledger's text of one flag at a tip (either layout), or null when the ledger has no such file; `likely`
 * (the work tree's copy) spares reading the blob when it is the same.
 */
export function ledgerText(
  place: LedgerPlace,
  at: { tree: string; commit?: string; id: string; likely?: string | null },
): string | null {
  return ledgerTextAt(place.root, { ...at, dir: place.dir });
}

/**
 * The parses of ledger blobs, read in one batch and parsed one at a time as they are taken (a
 * caller keeping less than the whole flag lets each go before the next); a blob that cannot be
 * read is left out.
 */
export function* parsedBlobs(
  root: string,
  wanted: { id: string; oid: string }[],
): Generator<[string, CacheEntry]> {
  const texts = readBlobs(
    root,
    wanted.map((w) => w.oid),
  );
  for (const { id, oid } of wanted) {
    const text = texts.get(oid);
    if (text !== undefined) yield [id, { key: oid, ...checkIdentity(id, parseFlagFile(text)) }];
  }
}

/** Parses of ledger blobs through a cache keyed by blob id; missing ones read in one batch. */
function parseLedger(
  place: LedgerPlace,
  cache: ParseCache,
  wanted: { id: string; oid: string }[],
): Map<string, CacheEntry> {
  const result = new Map<string, CacheEntry>();
  const missing = wanted.filter((w) => {
    const hit = cache.get(w.id, w.oid);
    if (hit !== undefined) result.set(w.id, hit);
    return hit === undefined;
  });
  for (const [id, entry] of parsedBlobs(place.root, missing)) {
    if (entry.flag !== null) detachFlag(entry.flag);
    cache.put(id, entry);
    result.set(id, entry);
  }
  return result;
}

/** Which ledger files need a parse: those the work tree does not hold identically. */
function ledgerWanted(
  ledger: LedgerFiles,
  work: WorkRead,
  scope: { target?: string | undefined; cache: ParseCache },
): { id: string; oid: string }[] {
  const byId = new Map(work.stored.map((s) => [s.id, s]));
  const wanted: { id: string; oid: string }[] = [];
  for (const [id, oid] of ledger.files) {
    if (work.skipped.has(id)) continue;
    const w = byId.get(id);
    if (w?.oid === oid) continue;
    const shard = scope.cache.knownShard(id, oid);
    if (w === undefined && shard !== undefined && !ParseCache.wanted(shard, scope.target)) continue;
    wanted.push({ id, oid });
  }
  return wanted;
}

/** One merged entry: the work tree's copy merged with the ledger's, or either alone. */
function mergeEntry(
  id: string,
  ledger: CacheEntry,
  work: StoredFlag | undefined,
  path: string,
): StoredFlag[] {
  if (work === undefined) return [{ id, path, flag: ledger.flag, problems: ledger.problems }];
  if (work.flag === null) {
    return ledger.flag === null ? [work] : [work, { id, path, flag: ledger.flag, problems: [] }];
  }
  if (ledger.flag === null) return [work];
  return [{ ...work, flag: mergeTwo(ledger.flag, work.flag) }];
}

/** Flags as read, and every flag id known (work tree and ledger), sorted. */
export interface Listing {
  stored: StoredFlag[];
  ids: string[];
}

/**
 * The merged view of every flag: the work tree's copies (read by the caller) with the ledger's,
 * merged by id. Ledger files the work tree holds byte for byte are not even parsed.
 */
export async function mergedListing(
  place: LedgerPlace,
  work: WorkRead,
  options: { target?: string | undefined; pathOf: (id: string) => string },
): Promise<Listing> {
  const ledger = ledgerFiles(place);
  if (ledger === null) return { stored: work.stored, ids: work.ids };
  const ids = [...new Set([...work.ids, ...ledger.files.keys()])].sort();
  return { stored: await mergedFlags(place, work, { ...options, ledger }), ids };
}

/** The merged flags of {@link mergedListing}, given the ledger's files. */
export async function mergedFlags(
  place: LedgerPlace,
  work: WorkRead,
  options: { target?: string | undefined; pathOf: (id: string) => string; ledger: LedgerFiles },
): Promise<StoredFlag[]> {
  const { ledger } = options;
  const cache = new ParseCache(join(place.stateDir, 'cache', 'ledger'));
  const wanted = ledgerWanted(ledger, work, { target: options.target, cache });
  const parsed = parseLedger(place, cache, wanted);
  const byId = new Map(work.stored.map((s) => [s.id, s]));
  const replaced = new Map<string, StoredFlag[]>();
  for (const { id } of wanted) {
    const entry = parsed.get(id);
    if (entry !== undefined) {
      replaced.set(id, mergeEntry(id, entry, byId.get(id), options.pathOf(id)));
    }
  }
  cache.prune(new Set(ledger.files.keys()));
  await cache.save();
  const result = work.stored.flatMap((s) => replaced.get(s.id) ?? [s]);
  for (const [id, entries] of replaced) if (!byId.has(id)) result.push(...entries);
  return result.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
