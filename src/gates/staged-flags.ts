/**
 * Flags as staged: parsed from index blobs. Two caches in `<gitdir>/flagstore/`, neither can go
 * stale: parses by blob id (content hashes), and the gate's view of the whole flags folder keyed
 * by its index state (HEAD's tree of the folder plus the staged changes under it), so a commit
 * that touches no flag reads one file. Both are dropped when flagstore's parsers change.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { isFlagId } from '../core/ids.js';
import { baseName } from '../git/tree.js';
import { loadStamped, saveStamped } from '../store/cache.js';
import { headTree, indexListing, readBlobs, type IndexEntry, type StagedChange } from './staged.js';

/** What the gates need of a pending flag. */
export interface FlagSummary {
  id: string;
  flag_type: string;
  source_agent: string;
  target_agent: string | null;
  impact_level: string;
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

/** A staged flag file the gates care about (pending, or with problems), with its parse. */
export interface StagedFlag extends BlobParse {
  path: string;
  blob: string;
}

/** A cached blob parse; a valid, non-pending flag is stored as its id alone. */
type CachedParse = BlobParse | string;

const VERSION = 2;
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

function withName(entry: IndexEntry, parse: BlobParse): StagedFlag {
  const name = baseName(entry.path);
  const errors =
    parse.id !== null && `${parse.id}.md` !== name
      ? [...parse.errors, `line 2: id ${parse.id} does not match the file name ${name}`]
      : parse.errors;
  return { path: entry.path, blob: entry.blob, ...parse, errors };
}

/** Where a repository's flags live and where to cache parses. */
export interface StagedFlagsOptions {
  root: string;
  gitDir: string;
  flagsDir: string;
  /** This commit's staged changes, when known (they make the cheap cache key). */
  changes?: StagedChange[];
  /** HEAD's tree id of the flags folder, when already known ('' when absent). */
  headTree?: string;
}

/**
 * The index state of the flags folder without listing it: HEAD's tree of the folder plus the
 * staged changes under it determine the index content there exactly.
 */
async function viewKey(options: StagedFlagsOptions): Promise<string | null> {
  if (options.changes === undefined) return null;
  const tree = options.headTree ?? (await headTree(options.root, options.flagsDir));
  const hash = createHash('sha1').update(`${options.flagsDir}\0${tree}`);
  for (const c of options.changes) {
    if (c.path.startsWith(`${options.flagsDir}/`)) hash.update(`\0${c.status} ${c.blob} ${c.path}`);
  }
  return hash.digest('hex');
}

/** Parses flag blobs through the blob cache (`cache-blobs.json`). */
export async function parseAll(
  options: StagedFlagsOptions,
  entries: IndexEntry[],
): Promise<StagedFlag[]> {
  const path = join(options.gitDir, 'flagstore', 'cache-blobs.json');
  const cache = new Map(loadStamped<[string, CachedParse][]>(path, VERSION) ?? []);
  const missing = entries.filter((e) => !cache.has(e.blob));
  const texts = await readBlobs(
    options.root,
    missing.map((e) => e.blob),
  );
  for (const entry of missing) {
    cache.set(entry.blob, compact(await summarize(texts.get(entry.blob)?.toString('utf8') ?? '')));
  }
  const live = new Map(entries.map((e) => [e.blob, cache.get(e.blob) as CachedParse]));
  if (missing.length > 0 || live.size !== cache.size) await saveStamped(path, VERSION, [...live]);
  return entries.map((e) => withName(e, expand(live.get(e.blob) as CachedParse)));
}

/** Staged flag files that are pending or have problems (cached by index state and blob id). */
export async function readStagedFlags(options: StagedFlagsOptions): Promise<StagedFlag[]> {
  const viewPath = join(options.gitDir, 'flagstore', 'cache-staged-view.json');
  const view = loadStamped<{ key: string; flags: StagedFlag[] }>(viewPath, VERSION);
  const quickKey = await viewKey(options);
  if (quickKey !== null && view?.key === quickKey) return view.flags;
  const listing = await indexListing(options.root, [options.flagsDir]);
  if (quickKey === null && view?.key === listing.key) return view.flags;
  const entries = listing.entries().filter((e) => {
    const name = baseName(e.path);
    return name.endsWith('.md') && isFlagId(name.slice(0, -3));
  });
  const flags = (await parseAll(options, entries)).filter(
    (f) => f.pending !== null || f.errors.length > 0,
  );
  await saveStamped(viewPath, VERSION, { key: quickKey ?? listing.key, flags });
  return flags;
}
