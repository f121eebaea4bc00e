/** The flag store: one markdown file per flag in a folder, read through a cache, written atomically. */
import { createHash } from 'node:crypto';
import { existsSync, promises as fs, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Progress } from '../core/progress.js';
import { FlagstoreError, unwrap } from '../core/errors.js';
import { isFlagId } from '../core/ids.js';
import type { Flag } from '../core/types.js';
import { createAtomic, removeStaleTemps } from './atomic.js';
import { fileKey, ParseCache, type CacheEntry } from './cache.js';
import { parseFlagFile, renderFlagFile, type ParsedFlag } from './flag-file.js';
import { resolveTyped } from './ids.js';

/** Where a store keeps flags and its private state. */
export interface StoreLocation {
  /** Absolute path of the flags folder. */
  dir: string;
  /** Absolute path of a private folder for caches and locks (inside the git dir). */
  stateDir: string;
}

/** One flag file as read: its path and the parse result. */
export interface StoredFlag extends ParsedFlag {
  id: string;
  path: string;
  /** The git blob id of the file's text, when known. */
  oid?: string | undefined;
}

/** The work tree's flags as read, and the ids skipped because they target someone else. */
export interface WorkRead {
  stored: StoredFlag[];
  skipped: Set<string>;
}

/** The git blob id of a text (SHA-1 object format). */
export function blobId(content: string | Uint8Array): string {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** A flag before and after a transition. */
export interface Transition {
  before: Flag;
  after: Flag;
  path: string;
}

const FILE_PATTERN = /^([0-9A-HJKMNP-TV-Z]{26})\.md$/;

/** Which flags `readAll` needs, and where it reports its progress. */
export interface ReadScope {
  /** Only flags for this target (and invalid files) are needed. */
  target?: string | undefined;
  progress?: Progress;
}

/** How many parses between two progress reports. */
const PROGRESS_EVERY = 250;

/**
 * A flag file's bytes. Only regular files are read: a symlink committed into the flags folder
 * could otherwise make flagstore read any file on the machine.
 */
export function flagBytes(path: string): Buffer {
  if (!lstatSync(path).isFile()) {
    throw new FlagstoreError('invalid', `${path} is not a regular file (a symlink or a folder)`, {
      fix: `replace it with the flag file itself, or remove it: git rm ${path}`,
    });
  }
  return readFileSync(path);
}

/** A flag file's text (see {@link flagBytes}). */
export function flagText(path: string): string {
  return flagBytes(path).toString('utf8');
}

/** Reads and parses one flag file; one that cannot be read is an invalid entry, not a failure. */
export function readFlagFile(path: string): ParsedFlag & { oid?: string } {
  let bytes: Buffer;
  try {
    bytes = flagBytes(path);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const message =
      e instanceof FlagstoreError ? e.message : `cannot read the file (${e.code ?? String(e)})`;
    return { flag: null, problems: [{ field: 'file', message, severity: 'error', line: 1 }] };
  }
  // The id of the bytes, as git hashes them: a file with invalid UTF-8 still matches its blob.
  return { ...parseFlagFile(bytes.toString('utf8')), oid: blobId(bytes) };
}

/** The first field whose value differs between two flags, if any. */
function differingField(a: Flag, b: Flag): string | undefined {
  return (Object.keys(a) as (keyof Flag)[]).find(
    (key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]),
  );
}

/** Parses a flag file into the cache, reporting every PROGRESS_EVERY parses. */
function parseInto(
  cache: ParseCache,
  file: { id: string; path: string; key: string },
  parsed: { count: number; of: number; progress: Progress | undefined },
): CacheEntry {
  const read = readFlagFile(file.path);
  const entry = { key: file.key, ...checkIdentity(file.id, read), oid: read.oid };
  cache.put(file.id, entry);
  if (++parsed.count % PROGRESS_EVERY === 0) {
    parsed.progress?.(`reading flags: ${parsed.count} of ${parsed.of} parsed`);
  }
  return entry;
}

/** Reads and writes flag files in one folder. */
export class FlagStore {
  constructor(private readonly location: StoreLocation) {}

  /** Absolute path of a flag's file. */
  pathOf(id: string): string {
    return join(this.location.dir, `${id}.md`);
  }

  /** All flag IDs known to the store, sorted (that is, by creation time). */
  ids(): string[] {
    return this.workIds();
  }

  /** All flag IDs present in the folder, sorted. */
  workIds(): string[] {
    let names: string[];
    try {
      names = readdirSync(this.location.dir);
    } catch {
      return [];
    }
    removeStaleTemps(this.location.dir, names);
    return names.flatMap((name) => FILE_PATTERN.exec(name)?.[1] ?? []).sort();
  }

  /**
   * Resolves a full ID, a unique prefix or suffix, or an imported flag's `#67`, to a full ID;
   * a full ID is found without listing.
   */
  resolve(prefix: string): string {
    const id = prefix.trim().toUpperCase();
    if (isFlagId(id) && existsSync(this.pathOf(id))) return id;
    return unwrap(resolveTyped(this.location.dir, this.ids(), prefix));
  }

  /** Reads one flag; a file that does not validate is an error listing its problems. */
  read(prefix: string): StoredFlag & { flag: Flag; text: string } {
    const id = this.resolve(prefix);
    const path = this.pathOf(id);
    const text = flagText(path);
    const parsed = checkIdentity(id, parseFlagFile(text));
    if (parsed.flag === null) throw invalidFile(path, parsed);
    return { id, path, text, ...parsed, flag: parsed.flag };
  }

  /**
   * Reads every flag file, reusing cached parses of unchanged files. With `target`, files
   * the cache knows to be targeted at someone else are skipped (invalid files never are).
   */
  async readAll(scope: ReadScope = {}): Promise<StoredFlag[]> {
    return (await this.readWork(scope)).stored;
  }

  /** Reads the work tree's flag files only (see {@link readAll}), telling which were skipped. */
  async readWork(scope: ReadScope = {}): Promise<WorkRead> {
    const cache = new ParseCache(join(this.location.stateDir, 'cache'));
    const ids = this.workIds();
    const stored: StoredFlag[] = [];
    const skipped = new Set<string>();
    const parsed = { count: 0, of: ids.length, progress: scope.progress };
    try {
      for (const id of ids) {
        const path = this.pathOf(id);
        const key = fileKey(lstatSync(path));
        const shard = cache.knownShard(id, key);
        if (shard !== undefined && !ParseCache.wanted(shard, scope.target)) {
          skipped.add(id);
          continue;
        }
        const entry: CacheEntry & { oid?: string } =
          cache.get(id, key) ?? parseInto(cache, { id, path, key }, parsed);
        stored.push({ id, path, flag: entry.flag, problems: entry.problems, oid: entry.oid });
      }
    } finally {
      scope.progress?.(null);
    }
    cache.prune(new Set(ids));
    await cache.save();
    return { stored, skipped };
  }

  /** Writes a new flag file; refuses to overwrite an existing one. */
  async create(flag: Flag): Promise<string> {
    const path = this.pathOf(flag.id);
    const text = renderFlagFile(flag);
    const check = parseFlagFile(text);
    if (check.flag === null) throw invalidFile(path, check);
    const changed = differingField(flag, check.flag);
    if (changed !== undefined) {
      throw new FlagstoreError('invalid', `${changed} would not read back as given`, {
        details: { field: changed },
      });
    }
    await fs.mkdir(this.location.dir, { recursive: true });
    await createAtomic(path, text);
    return path;
  }
}

/** Marks a parse invalid when the flag's id is not its file name. */
export function checkIdentity(id: string, parsed: ParsedFlag): ParsedFlag {
  if (parsed.flag === null || parsed.flag.id === id) return parsed;
  const problem = {
    field: 'id',
    message: `id ${parsed.flag.id} does not match the file name ${id}.md`,
    severity: 'error' as const,
    line: 2,
  };
  return { flag: null, problems: [...parsed.problems, problem] };
}

/** The error for a flag file that does not validate. */
export function invalidFile(path: string, parsed: ParsedFlag): FlagstoreError {
  const errors = parsed.problems.filter((p) => p.severity === 'error');
  const lines = errors.map((p) => `${path}:${p.line}: ${p.message}`);
  return new FlagstoreError('invalid', `invalid flag file:\n${lines.join('\n')}`, {
    fix: `fix the file by hand, then: flagstore validate ${path}`,
    details: { path, problems: errors },
  });
}
