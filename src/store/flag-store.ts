/** The flag store: one markdown file per flag in a folder, read through a cache, written atomically. */
import { existsSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { withProgress, type Progress } from '../core/progress.js';
import { FlagstoreError, unwrap } from '../core/errors.js';
import { typedFullId } from '../core/ids.js';
import { differingFields } from '../core/lifecycle.js';
import type { Flag } from '../core/types.js';
import { createAtomic, removeStaleTemps, type WriteMode } from './atomic.js';
import { fileKey, ParseCache } from './cache.js';
import {
  MAX_FLAG_CHARS,
  oversizeFlag,
  parseFlagFile,
  renderFlagFile,
  type ParsedFlag,
} from './flag-file.js';
import { checkIdentity, countCached, flagText } from './flag-read.js';
import { renamedFlagFile, resolveTyped, splitFolderNames } from './ids.js';
import { aheadOfUnknown } from './read-ahead.js';
import { parseInto, type ParseRun, type WorkEntry } from './work-parse.js';
import { SortedIds } from '../core/sorted-ids.js';

export {
  checkIdentity,
  flagBytes,
  flagText,
  readFlag,
  readFlagFile,
  type FlagRead,
  type ReadResult,
} from './flag-read.js';

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

/** The work tree's flags as read, the ids skipped because they target someone else, and every id. */
export interface WorkRead {
  stored: StoredFlag[];
  skipped: Pick<ReadonlySet<string>, 'has'>;
  /** Every flag id in the folder, sorted (see {@link FlagStore.workIds}). */
  ids: string[];
}

/** A flag before and after a transition. */
export interface Transition {
  before: Flag;
  after: Flag;
  path: string;
}

/** Which flags `readAll` needs, and where it reports its progress. */
export interface ReadScope {
  /** Only flags for this target (and invalid files) are needed. */
  target?: string | undefined;
  progress?: Progress;
}

/** Reads and writes flag files in one folder. */
export class FlagStore {
  /** The misnamed markdown files the folder's last listing held, for {@link renamedFile}. */
  private misnamed: string[] | undefined;

  /** @param location where the store keeps its flags and its caches */
  constructor(readonly location: StoreLocation) {}

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
      this.misnamed = [];
      return [];
    }
    removeStaleTemps(this.location.dir, names);
    const listing = splitFolderNames(names);
    this.misnamed = listing.misnamed;
    return listing.ids;
  }

  /**
   * Resolves a full ID, a unique prefix or suffix, or an imported flag's `#67`, to a full ID;
   * a full ID is found without listing.
   */
  resolve(prefix: string): string {
    this.misnamed = undefined;
    const id = typedFullId(prefix);
    if (id !== null && existsSync(this.pathOf(id))) return id;
    return unwrap(resolveTyped(this.location.dir, this.ids(), prefix));
  }

  /**
   * The name of the file in the folder holding flag `id` under another name than `<id>.md`
   * (renamed by hand); null when `<id>.md` is there or no file holds it. Called right after
   * {@link resolve}, it reuses the listing the resolution made (an absent `<id>.md` was listed).
   */
  renamedFile(id: string): string | null {
    const listed = this.misnamed;
    this.misnamed = undefined;
    if (existsSync(this.pathOf(id))) return null;
    return renamedFlagFile(this.location.dir, { id, listed });
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

  /**
   * Reads the work tree's flag files only (see {@link readAll}), telling which were skipped. A
   * file the cache does not know is read once (its identity from the open file); one it knows
   * is compared by lstat first.
   */
  async readWork(scope: ReadScope = {}): Promise<WorkRead> {
    const cache = new ParseCache(join(this.location.stateDir, 'cache'));
    const ids = this.workIds();
    const stored: StoredFlag[] = [];
    const skipped = new SortedIds();
    const run: ParseRun = {
      cache,
      target: scope.target,
      count: 0,
      of: ids.length,
      progress: scope.progress,
      ahead: aheadOfUnknown(cache, ids, (id) => this.pathOf(id)),
    };
    return withProgress(scope.progress, async () => {
      try {
        for (const id of ids) {
          const path = this.pathOf(id);
          const entry = this.cachedEntry(cache, { id, path }, scope.target);
          const got = entry === undefined ? parseInto(run, { id, path }) : countCached(run, entry);
          if (got === 'skip' || got === undefined) skipped.add(id);
          else stored.push({ id, path, flag: got.flag, problems: got.problems, oid: got.oid });
        }
        cache.pruneTo(ids);
        await cache.save();
      } finally {
        void run.ahead?.stop();
        cache.release();
      }
      return { stored, skipped, ids };
    });
  }

  /** A file's cached parse, 'skip' when the cache knows it targets someone else. */
  private cachedEntry(
    cache: ParseCache,
    file: { id: string; path: string },
    target: string | undefined,
  ): WorkEntry | 'skip' | undefined {
    if (!cache.has(file.id)) return undefined;
    const key = fileKey(lstatSync(file.path));
    const shard = cache.knownShard(file.id, key);
    if (shard !== undefined && !ParseCache.wanted(shard, target)) return 'skip';
    return cache.get(file.id, key);
  }

  /**
   * The text of a new flag's file, checked to read back as the flag given (nothing is written).
   */
  newFileText(flag: Flag): string {
    const text = renderFlagFile(flag);
    if (text.length > MAX_FLAG_CHARS) throw oversizeFlag(flag, text.length);
    const check = parseFlagFile(text);
    if (check.flag === null) throw invalidFile(this.pathOf(flag.id), check);
    const [changed] = differingFields(flag, check.flag);
    if (changed !== undefined) {
      throw new FlagstoreError('invalid', `${changed} would not read back as given`, {
        details: { field: changed },
      });
    }
    return text;
  }

  /** Refuses a new flag whose file is already there (before anything is written). */
  protected refuseTaken(id: string): void {
    const path = this.pathOf(id);
    if (lstatSync(path, { throwIfNoEntry: false }) === undefined) return;
    throw new FlagstoreError('conflict', `a flag file ${path} is already there`, {
      fix: 'retry the command',
    });
  }

  /**
   * Writes a new flag's file (text from {@link newFileText}); refuses to overwrite one. Flushed
   * to the disk unless `mode` says another record holds the flag (see WriteMode).
   */
  protected createText(id: string, text: string, mode: WriteMode = {}): string {
    const path = this.pathOf(id);
    mkdirSync(this.location.dir, { recursive: true });
    createAtomic(path, text, mode);
    return path;
  }

  /**
   * Writes the file of a flag the ledger has just recorded (not flushed: the ledger holds it).
   * A file already there was written by another writer that saw the ledger (its copy is followed
   * next); any other failure says the flag exists all the same, so that nobody creates it twice.
   */
  protected createRecorded(id: string, text: string): void {
    try {
      this.createText(id, text, { durable: false });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
      const why = error instanceof Error ? error.message : String(error);
      throw new FlagstoreError(
        'io',
        `flag ${id} is recorded, but its file was not written: ${why}`,
        {
          fix: `do not create it again: the ledger holds it, where every read finds it (flagstore show ${id}); free space or fix the flags folder's permissions`,
          details: { id },
        },
      );
    }
  }

  /** Writes a new flag file, flushed to the disk (it is the only record); never overwrites one. */
  async create(flag: Flag): Promise<string> {
    return this.createText(flag.id, this.newFileText(flag));
  }
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

/** A work-tree copy that does not parse is being edited by hand: a transition must not replace it. */
export function refuseBrokenCopy(path: string, work: string | ParsedFlag | null): void {
  if (work === null) return;
  const parsed = typeof work === 'string' ? parseFlagFile(work) : work;
  if (parsed.flag === null) throw invalidFile(path, parsed);
}
