/**
 * One flag file read and parsed into a parse-cache entry: the same code on the main thread and
 * in the parse worker (parse-pool.ts), so both give the same entry for the same file.
 */
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { fileKey, type CacheEntry } from './cache.js';
import type { ParsedFlag } from './flag-file.js';
import { readFlagFile } from './flag-read.js';

/** A cached parse of a work-tree file, with the blob id of its bytes. */
export type WorkEntry = CacheEntry & { oid?: string | undefined };

/** A flag file to read: its id and absolute path. */
export interface FileRef {
  id: string;
  path: string;
}

/** Absolute path of a flag's file in the flags folder `dir`. */
export function flagPath(dir: string, id: string): string {
  return join(dir, `${id}.md`);
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

/** Reads and parses one flag file into a cache entry keyed by the identity of what was read. */
export function parseFile(file: FileRef): WorkEntry {
  const read = readFlagFile(file.path);
  // A file that could not be opened (gone, a symlink) is keyed by what is there, as before.
  const key = read.key ?? fileKey(lstatSync(file.path));
  return { key, ...checkIdentity(file.id, read), oid: read.oid };
}
