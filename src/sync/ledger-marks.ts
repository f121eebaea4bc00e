/**
 * The narrow read of every flag, for `brief`: the work tree's marks (src/store/work-read.ts)
 * merged by id with the ledger's, as the full read merges flags (ledger-view.ts); then only
 * the flags to print are read whole, merged the same way.
 */
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { marksOf, type FlagMarks } from '../core/marks.js';
import type { Progress } from '../core/progress.js';
import type { Flag } from '../core/types.js';
import { ParseCache, shardOf, type Marked } from '../store/cache.js';
import { detachMarks } from '../store/detach.js';
import { readFlagFile } from '../store/flag-read.js';
import { checkIdentity, type FlagStore, type StoredFlag } from '../store/flag-store.js';
import { readWorkMarks, type MarksRead } from '../store/work-read.js';
import {
  ledgerFiles,
  mergedFlags,
  parsedBlobs,
  type LedgerFiles,
  type LedgerPlace,
} from './ledger-view.js';
import { mergeTwoMarks } from './merge-two.js';

/** Every valid flag's marks (the ledger's and the work tree's merged), the invalid files, every id. */
export interface MarksListing {
  marks: FlagMarks[];
  invalid: StoredFlag[];
  ids: string[];
  /** The ledger's files as this read found them (null without a ledger), for {@link readShown}. */
  ledger: LedgerFiles | null;
}

/** A store with its ledger (a LedgerStore). */
type Store = FlagStore & { ledger: LedgerPlace };

/** A ledger copy as the narrow read needs it: its marks when valid, else its invalid parse. */
type LedgerCopy = FlagMarks | StoredFlag;

/** Reads every flag's marks, merged with the ledger's (see the module's comment). */
export async function readMarks(store: Store, progress?: Progress): Promise<MarksListing> {
  const ledger = ledgerFiles(store.ledger);
  const work = await readWorkMarks({
    ids: store.workIds(),
    pathOf: (id) => store.pathOf(id),
    stateDir: store.location.stateDir,
    hashed: (id) => ledger?.files.has(id) === true,
    progress,
  });
  if (ledger === null) {
    return { marks: [...marksIn(work.marked)], invalid: work.invalid, ids: work.ids, ledger };
  }
  const marks = new Map([...work.marked].map(([id, m]) => [id, m.marks]));
  const invalid = new Set(work.invalid.map((s) => s.id));
  for (const [id, copy] of await ledgerCopies(store, ledger, work)) {
    const mine = marks.get(id);
    if ('status' in copy) marks.set(id, mine === undefined ? copy : mergeTwoMarks(copy, mine));
    else if (mine === undefined && !invalid.has(id)) work.invalid.push(copy);
  }
  work.invalid.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ids = [...new Set([...work.ids, ...ledger.files.keys()])].sort();
  return { marks: [...marks.values()], invalid: work.invalid, ids, ledger };
}

/** The marks of every flag read, in order, without a second map of them all (100,000 at scale). */
function* marksIn(marked: Map<string, Marked>): Generator<FlagMarks> {
  for (const m of marked.values()) yield m.marks;
}

/**
 * The ledger's copies that the work tree does not hold byte for byte, by id: marks from the
 * ledger's parse cache (keyed by blob id), the others parsed from one batch of blobs.
 */
async function ledgerCopies(
  store: Store,
  ledger: LedgerFiles,
  work: MarksRead,
): Promise<Map<string, LedgerCopy>> {
  const cache = new ParseCache(join(store.ledger.stateDir, 'cache', 'ledger'));
  const copies = new Map<string, LedgerCopy>();
  const missing: { id: string; oid: string }[] = [];
  for (const [id, oid] of ledger.files) {
    if (work.marked.get(id)?.oid === oid) continue;
    const known = cache.marked(id, oid)?.marks ?? invalidCopy(store, cache.get(id, oid), id);
    if (known === undefined) missing.push({ id, oid });
    else copies.set(id, known);
  }
  for (const [id, { key: oid, flag, problems }] of parsedBlobs(store.ledger.root, missing)) {
    if (flag === null) cache.put(id, { key: oid, flag, problems });
    else cache.note(id, oid, shardOf({ flag, problems }), { marks: flag, oid: undefined });
    // Detached, as work-read.ts does: the flag's fields would keep the blob's whole text alive.
    const marks = flag === null ? null : detachMarks(marksOf(flag));
    copies.set(id, marks ?? { id, path: store.pathOf(id), flag, problems });
  }
  cache.prune(new Set(ledger.files.keys()));
  await cache.save();
  return copies;
}

/** A cached invalid parse as an invalid file, or undefined when the parse is of a valid flag. */
function invalidCopy(
  store: Store,
  entry: { flag: Flag | null; problems: StoredFlag['problems'] } | undefined,
  id: string,
): StoredFlag | undefined {
  if (entry === undefined || entry.flag !== null) return undefined;
  return { id, path: store.pathOf(id), flag: null, problems: entry.problems };
}

/**
 * The flags `ids` read whole, each merged with its ledger copy as the full read merges it, from
 * the ledger files {@link readMarks} found (the ledger is not read again, and the marks and the
 * flags come from one tip); one that is gone or no longer valid is left out.
 */
export async function readShown(
  store: Store,
  ids: string[],
  listing: Pick<MarksListing, 'ids' | 'ledger'>,
): Promise<Map<string, Flag>> {
  const shown = new Set(ids);
  const stored: StoredFlag[] = [];
  for (const id of shown) {
    const path = store.pathOf(id);
    if (lstatSync(path, { throwIfNoEntry: false }) === undefined) continue;
    stored.push({ id, path, ...checkIdentity(id, readFlagFile(path)) });
  }
  const skipped = { has: (id: string) => !shown.has(id) };
  const work = { stored, skipped, ids: listing.ids };
  const { ledger } = listing;
  const merged =
    ledger === null
      ? stored
      : await mergedFlags(store.ledger, work, { pathOf: (id) => store.pathOf(id), ledger });
  return new Map(merged.flatMap((s) => (s.flag === null ? [] : [[s.id, s.flag]])));
}
