/**
 * The hook's parses of flag blobs, by blob id, in `<gitdir>/flagstore/cache-blobs.json` (a blob
 * id is a content hash, so a parse never goes stale). Two readers share one run's cache: the
 * staged flags (staged-flags.ts) and the ledger's flags (ledger-pending.ts). The cache is loaded
 * once per run and written once, by whoever opened it; only an owner that knows every blob the
 * run needs (the gate, which runs both readers) drops the others, so one reader never throws
 * the other's parses away and a cold commit parses each blob once and writes the file once.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRegularMode } from '../core/git-records.js';
import { notRegularFile } from '../core/ids.js';
import type { ImpactLevel } from '../core/types.js';
import { baseName } from '../git/tree.js';
import { loadStamped, saveStamped } from '../store/cache.js';
import { indexListing, readBlobs, type IndexEntry, type IndexListing } from './staged.js';

/** What the gates need of a pending flag. */
export interface FlagSummary {
  id: string;
  flag_type: string;
  source_agent: string;
  target_agent: string | null;
  impact_level: ImpactLevel;
  locked: boolean;
  created_at: string;
  /** First line of the change description. */
  change: string;
  related_files: string[];
}

/** The parse of one flag blob: its id, its problems (errors only) and, when pending, a summary. */
export interface BlobParse {
  id: string | null;
  errors: string[];
  pending: FlagSummary | null;
}

/** A flag file (staged, or in the ledger) with its parse. */
export interface StagedFlag extends BlobParse {
  path: string;
  blob: string;
}

/** A cached blob parse; a valid, non-pending flag is stored as its id alone. */
type CachedParse = BlobParse | string;

const VERSION = 2;

/**
 * Blobs read by one `git cat-file --batch` on a cold run (a first commit, or one after an
 * upgrade). Reading all of them at once held every flag's text at the same time; smaller batches
 * cost a spawn each (about 30 ms from a process this size).
 */
const READ_AT_ONCE = 10_000;

/**
 * Reads and parses one batch of blobs into the cache. The parses go through JSON before they are
 * kept: the strings a parse takes from a text (ids, agents, dates) can be slices that keep the
 * whole text alive, and fresh copies let each batch's texts go (measured in docs/gates.md).
 */
async function parseInto(
  cache: Map<string, CachedParse>,
  root: string,
  blobs: string[],
): Promise<void> {
  const texts = await readBlobs(root, blobs);
  trace([`read ${blobs.length}`]);
  const parses: [string, CachedParse][] = [];
  for (const blob of blobs) {
    parses.push([blob, compact(await summarize(texts.get(blob)?.toString('utf8') ?? ''))]);
  }
  for (const [blob, parse] of JSON.parse(JSON.stringify(parses)) as typeof parses) {
    cache.set(blob, parse);
  }
}

async function summarize(text: string): Promise<BlobParse> {
  const { parseFlagFile } = await import('../store/flag-file.js');
  const parsed = parseFlagFile(text);
  const errors = parsed.problems
    .filter((p) => p.severity === 'error')
    .map((p) => `line ${p.line}: ${p.message}`);
  const flag = parsed.flag;
  const id = flag?.id ?? null;
  if (flag === null || flag.status !== 'pending') return { id, errors, pending: null };
  const { flag_type, source_agent, target_agent, impact_level, locked, created_at } = flag;
  const change = flag.change_description.split('\n')[0] ?? '';
  const pending = { id: flag.id, flag_type, source_agent, target_agent, impact_level, locked };
  return {
    id,
    errors,
    pending: { ...pending, created_at, change, related_files: flag.related_files },
  };
}

function expand(cached: CachedParse): BlobParse {
  return typeof cached === 'string' ? { id: cached, errors: [], pending: null } : cached;
}

function compact(parse: BlobParse): CachedParse {
  return parse.pending === null && parse.errors.length === 0 && parse.id !== null
    ? parse.id
    : parse;
}

/** A symlink or submodule staged at a flag file's path: refused, as `check` refuses it. */
function notAFile(entry: IndexEntry): StagedFlag {
  const { message, fix } = notRegularFile(entry.path);
  return {
    path: entry.path,
    blob: entry.blob,
    id: null,
    errors: [`line 1: ${message}; ${fix}`],
    pending: null,
  };
}

function withName(entry: IndexEntry, parse: BlobParse): StagedFlag {
  const name = baseName(entry.path);
  const errors =
    parse.id !== null && `${parse.id}.md` !== name
      ? [...parse.errors, `line 2: id ${parse.id} does not match the file name ${name}`]
      : parse.errors;
  return { path: entry.path, blob: entry.blob, ...parse, errors };
}

/** Notes what the cache did, to the file FLAGSTORE_GATE_TRACE names (for tests). */
function trace(lines: string[]): void {
  const file = process.env.FLAGSTORE_GATE_TRACE;
  if (file && lines.length > 0) appendFileSync(file, lines.map((line) => `${line}\n`).join(''));
}

/** One run's blob parses: loaded once, read by the run's readers, saved once by its opener. */
export class BlobParses {
  private readonly path: string;
  /** Loaded on the first parse: a run whose readers answer from their own caches never reads it. */
  private cache: Map<string, CachedParse> | null = null;
  private readonly used = new Set<string>();
  private parsed = 0;
  private everyBlobSeen: boolean;
  private readonly listings = new Map<string, Promise<IndexListing>>();
  private readonly readAtOnce: number;

  /**
   * Loads the cache. `prune`: the opener runs every reader, so blobs none of them used this run
   * are dropped when it saves (unless a reader answered from its own cache). `readAtOnce`: blobs
   * per `git cat-file` (READ_AT_ONCE unless a test asks for smaller batches).
   */
  constructor(gitDir: string, options: { prune: boolean; readAtOnce?: number }) {
    this.path = join(gitDir, 'flagstore', 'cache-blobs.json');
    this.everyBlobSeen = options.prune;
    this.readAtOnce = options.readAtOnce ?? READ_AT_ONCE;
  }

  /** Parses flag blobs, from the cache where it holds them. */
  async parse(root: string, entries: IndexEntry[]): Promise<StagedFlag[]> {
    const cache = (this.cache ??= new Map(
      loadStamped<[string, CachedParse][]>(this.path, VERSION) ?? [],
    ));
    const files = entries.filter((e) => isRegularMode(e.mode));
    const missing = [...new Set(files.map((e) => e.blob).filter((b) => !cache.has(b)))];
    trace(missing.map((blob) => `parse ${blob}`));
    for (let start = 0; start < missing.length; start += this.readAtOnce) {
      await parseInto(cache, root, missing.slice(start, start + this.readAtOnce));
    }
    this.parsed += missing.length;
    for (const entry of files) this.used.add(entry.blob);
    return entries.map((e) =>
      isRegularMode(e.mode) ? withName(e, expand(cache.get(e.blob) as CachedParse)) : notAFile(e),
    );
  }

  /**
   * The index listing of a folder, made once per run: the staged flags and the ledger's lookup of
   * completed copies both read the flags folder, and the index does not change during a run.
   */
  listing(root: string, dir: string): Promise<IndexListing> {
    const key = `${root}\0${dir}`;
    let listing = this.listings.get(key);
    if (listing === undefined) {
      listing = indexListing(root, [dir]);
      this.listings.set(key, listing);
    }
    return listing;
  }

  /** Says a reader answered from its own cache: the blobs it needs are unknown, keep them all. */
  answeredElsewhere(): void {
    this.everyBlobSeen = false;
  }

  /** Writes the cache when it changed: new parses, or (pruning) blobs no reader needs now. */
  async save(): Promise<void> {
    const cache = this.cache;
    if (cache === null) return;
    const kept = this.everyBlobSeen
      ? new Map([...cache].filter(([blob]) => this.used.has(blob)))
      : cache;
    if (this.parsed === 0 && kept.size === cache.size) return;
    trace([`write ${kept.size}`]);
    await saveStamped(this.path, VERSION, [...kept]);
  }
}

/**
 * Runs a reader on the run's parses, or, without them, on its own (which it saves after, and
 * never prunes: it does not know what the other reader needs).
 */
export async function withParses<T>(
  gitDir: string,
  given: BlobParses | undefined,
  read: (parses: BlobParses) => Promise<T>,
): Promise<T> {
  if (given !== undefined) return read(given);
  const own = new BlobParses(gitDir, { prune: false });
  const result = await read(own);
  await own.save();
  return result;
}
