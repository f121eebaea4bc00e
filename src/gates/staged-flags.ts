/**
 * Flags as staged: parsed from index blobs. Two caches in `<gitdir>/flagstore/`, neither can go
 * stale: parses by blob id (content hashes, see blob-parses.ts), and the gate's view of the whole flags folder keyed
 * by its index state (HEAD's tree of the folder plus the staged changes under it), so a commit
 * that touches no flag reads one file. Both are dropped when flagstore's parsers change.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { flagIdOfFile } from '../core/ids.js';
import { baseName } from '../git/tree.js';
import { loadStamped, saveStamped } from '../store/cache.js';
import { BlobParses, withParses, type StagedFlag } from './blob-parses.js';
import { headTree, type StagedChange } from './staged.js';

export type { BlobParse, FlagSummary, StagedFlag } from './blob-parses.js';

const VERSION = 2;

/** Where a repository's flags live and where to cache parses. */
export interface StagedFlagsOptions {
  root: string;
  gitDir: string;
  flagsDir: string;
  /** This commit's staged changes, when known (they make the cheap cache key). */
  changes?: StagedChange[];
  /** HEAD's tree id of the flags folder, when already known ('' when absent). */
  headTree?: string;
  /** The run's blob parses (see blob-parses.ts); without them, the call keeps its own. */
  parses?: BlobParses;
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

/** The staged flags from the folder's cached view: the blob parses were not consulted. */
function fromView(parses: BlobParses, flags: StagedFlag[]): StagedFlag[] {
  parses.answeredElsewhere();
  return flags;
}

/** Staged flag files that are pending or have problems (cached by index state and blob id). */
export function readStagedFlags(options: StagedFlagsOptions): Promise<StagedFlag[]> {
  return withParses(options.gitDir, options.parses, (parses) => readWith(options, parses));
}

async function readWith(options: StagedFlagsOptions, parses: BlobParses): Promise<StagedFlag[]> {
  const viewPath = join(options.gitDir, 'flagstore', 'cache-staged-view.json');
  const view = loadStamped<{ key: string; flags: StagedFlag[] }>(viewPath, VERSION);
  const quickKey = await viewKey(options);
  if (quickKey !== null && view?.key === quickKey) return fromView(parses, view.flags);
  const listing = await parses.listing(options.root, options.flagsDir);
  if (quickKey === null && view?.key === listing.key) return fromView(parses, view.flags);
  const entries = listing.entries().filter((e) => flagIdOfFile(baseName(e.path)) !== null);
  const flags = (await parses.parse(options.root, entries)).filter(
    (f) => f.pending !== null || f.errors.length > 0,
  );
  await saveStamped(viewPath, VERSION, { key: quickKey ?? listing.key, flags });
  return flags;
}
