/**
 * The narrow read of the work tree's flag files, for `brief`: every valid flag's marks
 * (src/core/marks.ts) and the invalid files whole. Marks come from the parse cache's index
 * while a file's identity is unchanged; a file parsed afresh leaves its marks there and keeps
 * nothing else in memory, so a read over every flag holds a few fields per flag, not the flags.
 */
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { marksOf } from '../core/marks.js';
import { blobId } from '../core/object-id.js';
import { withProgress, type Progress } from '../core/progress.js';
import { fileKey, ParseCache, shardOf, type Marked } from './cache.js';
import { detachMarks } from './detach.js';
import { countParse, readChecked, readFlag, type NamedFile, type ParseCount } from './flag-read.js';
import type { StoredFlag } from './flag-store.js';
import { aheadOfUnknown, type ReadAhead } from './read-ahead.js';

/** The work tree's flags as marks, its invalid files, and every id in the folder. */
export interface MarksRead {
  marked: Map<string, Marked>;
  invalid: StoredFlag[];
  ids: string[];
}

/** What the narrow read reads: which files, where, and which of them need their blob id. */
export interface MarksScope {
  ids: string[];
  pathOf: (id: string) => string;
  /** The store's private state folder (its parse cache is in `cache/`). */
  stateDir: string;
  /** True for a file whose blob id is needed (the ledger holds a copy to compare it with). */
  hashed: (id: string) => boolean;
  progress?: Progress | undefined;
}

/** The parses of a read so far, and the files it reads ahead (see read-ahead.ts). */
interface Parses extends ParseCount {
  ahead?: ReadAhead | undefined;
}

/** One flag file: its id, its path and whether its blob id is needed. */
interface WorkFile extends NamedFile {
  hashed: boolean;
}

/** Reads the marks of every flag file of the folder (see the module's comment). */
export async function readWorkMarks(scope: MarksScope): Promise<MarksRead> {
  const cache = new ParseCache(join(scope.stateDir, 'cache'));
  const read: MarksRead = { marked: new Map(), invalid: [], ids: scope.ids };
  const parsed: Parses = { count: 0, progress: scope.progress };
  parsed.ahead = aheadOfUnknown(cache, scope.ids, scope.pathOf);
  return withProgress(scope.progress, async () => {
    try {
      for (const id of scope.ids) {
        const file = { id, path: scope.pathOf(id), hashed: scope.hashed(id) };
        const got = knownMarks(cache, file) ?? parseMarks(cache, file, parsed);
        if ('marks' in got) read.marked.set(id, got);
        else read.invalid.push(got);
      }
      cache.pruneTo(scope.ids);
      await cache.save();
    } finally {
      void parsed.ahead?.stop();
      cache.release();
    }
    return read;
  });
}

/** What the cache knows of this version of a file: its marks, its invalid parse, or nothing. */
function knownMarks(cache: ParseCache, file: WorkFile): Marked | StoredFlag | undefined {
  if (!cache.has(file.id)) return undefined;
  const key = fileKey(lstatSync(file.path));
  const marked = cache.marked(file.id, key);
  if (marked !== undefined) {
    return file.hashed && marked.oid === undefined ? withOid(cache, file, key) : marked;
  }
  const entry = cache.get(file.id, key);
  if (entry?.flag !== null) return undefined;
  return { id: file.id, path: file.path, flag: null, problems: entry.problems };
}

/** The marks of a known file with the blob id of its bytes, when it is still that version. */
function withOid(cache: ParseCache, file: WorkFile, key: string): Marked | undefined {
  let read;
  try {
    read = readFlag(file.path);
  } catch {
    return undefined;
  }
  if (read.key !== key) return undefined;
  return cache.markOid(file.id, key, blobId(read.bytes));
}

/**
 * Parses a file: its marks go to the cache's index, an invalid parse to its invalid shard; the
 * parse is counted (see countParse).
 */
function parseMarks(cache: ParseCache, file: WorkFile, parsed: Parses): Marked | StoredFlag {
  countParse(parsed);
  const { key, bytes, parsed: read } = readChecked(file, parsed.ahead?.take(file));
  const { flag, problems } = read;
  if (flag === null) {
    cache.put(file.id, { key, flag, problems });
    return { id: file.id, path: file.path, flag, problems };
  }
  const oid = file.hashed && bytes !== undefined ? blobId(bytes) : undefined;
  cache.note(file.id, key, shardOf(read), { marks: flag, oid });
  // Detached: the flag's fields are cut from its file's text, and would keep every file's
  // whole text alive (see detach.ts); the id is the file's (checkIdentity), held once.
  return { marks: detachMarks({ ...marksOf(flag), id: file.id }), oid };
}
