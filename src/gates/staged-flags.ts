/** Flags as staged: parsed from index blobs, with parses cached by blob id (never stale). */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeAtomic } from '../store/atomic.js';
import { parseFlagFile } from '../store/flag-file.js';
import { isFlagFileName } from '../store/flag-store.js';
import { indexEntries, readBlobs, type IndexEntry } from './staged.js';

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

/** The parse of one flag blob: its problems (errors only) and, when pending, its summary. */
export interface BlobParse {
  /** The id in the front matter, when the file parsed. */
  id: string | null;
  errors: string[];
  pending: FlagSummary | null;
}

/** A staged flag file with its parse. */
export interface StagedFlag extends BlobParse {
  path: string;
  blob: string;
}

const CACHE_VERSION = 1;

function summarize(text: string): BlobParse {
  const parsed = parseFlagFile(text);
  const errors = parsed.problems
    .filter((p) => p.severity === 'error')
    .map((p) => `line ${p.line}: ${p.message}`);
  const flag = parsed.flag;
  const id = flag?.id ?? null;
  if (flag === null || flag.status !== 'pending') return { id, errors, pending: null };
  const pending: FlagSummary = {
    id: flag.id,
    flag_type: flag.flag_type,
    source_agent: flag.source_agent,
    target_agent: flag.target_agent,
    impact_level: flag.impact_level,
    locked: flag.locked,
    created_at: flag.created_at,
    change: flag.change_description.split('\n')[0] ?? '',
    related_files: flag.related_files,
  };
  return { id, errors, pending };
}

function loadCache(path: string): Map<string, BlobParse> {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as {
      version: number;
      entries: [string, BlobParse][];
    };
    return data.version === CACHE_VERSION ? new Map(data.entries) : new Map();
  } catch {
    return new Map();
  }
}

async function saveCache(path: string, cache: Map<string, BlobParse>): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeAtomic(path, JSON.stringify({ version: CACHE_VERSION, entries: [...cache] }));
  } catch {
    // A read-only git dir only costs speed.
  }
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Where a repository's flags live and where to cache parses. */
export interface StagedFlagsOptions {
  root: string;
  gitDir: string;
  flagsDir: string;
}

/** Every flag file in the index under the flags folder, parsed (cache by blob id). */
export async function readStagedFlags(options: StagedFlagsOptions): Promise<StagedFlag[]> {
  const entries = (await indexEntries(options.root, [options.flagsDir])).filter((e) =>
    isFlagFileName(baseName(e.path)),
  );
  const cachePath = join(options.gitDir, 'flagstore', 'cache-blobs.json');
  const cache = loadCache(cachePath);
  const missing = entries.filter((e) => !cache.has(e.blob));
  const texts = await readBlobs(
    options.root,
    missing.map((e) => e.blob),
  );
  for (const entry of missing) {
    const text = texts.get(entry.blob)?.toString('utf8') ?? '';
    cache.set(entry.blob, summarize(text));
  }
  const live = new Map(entries.map((e) => [e.blob, cache.get(e.blob) as BlobParse]));
  if (missing.length > 0 || live.size !== cache.size) await saveCache(cachePath, live);
  return entries.map((e) => withName(e, live.get(e.blob) as BlobParse));
}

function withName(entry: IndexEntry, parse: BlobParse): StagedFlag {
  const name = baseName(entry.path);
  const errors =
    parse.id !== null && `${parse.id}.md` !== name
      ? [...parse.errors, `line 2: id ${parse.id} does not match the file name ${name}`]
      : parse.errors;
  return { path: entry.path, blob: entry.blob, ...parse, errors };
}
