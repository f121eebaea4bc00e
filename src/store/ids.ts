/**
 * New flag IDs are ULIDs (48-bit millisecond time + 80 random bits), so clones never collide;
 * typed IDs resolve by prefix, suffix or an imported flag's original integer id.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, lstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { monotonicFactory, ulid } from 'ulid';
import { flagIdOfFile, isMisnamedFlagFile, resolveId, type LegacyLookup } from '../core/ids.js';
import { detached } from './detach.js';
import { folderNames } from '../git/folder-names.js';
import type { Result } from '../core/errors.js';

/**
 * The IDs' random numbers, from node's crypto module as the ulid package's own fallback draws
 * them. Left to find its own, the package takes `globalThis.crypto` as this module loads, and
 * that getter loads node's whole Web Crypto: about a millisecond of every write and of every
 * read the answer cache does not answer (docs/performance.md, round perf28).
 */
const random = (): number => randomBytes(1).readUInt8(0) / 256;
const next = monotonicFactory(random);

/** A new flag ID for a creation time; IDs sort by creation time. */
export function newFlagId(now: Date): string {
  return next(now.getTime());
}

/**
 * The id `validate --fix` gives a hand-written flag: its time, and random bits drawn from a hash
 * of the file's path and text (`seed`), so two runs adopting one file at once agree on its id,
 * while two files never share one.
 */
export function adoptedFlagId(time: Date, seed: string): string {
  const hash = createHash('sha256').update(seed).digest();
  let at = 0;
  return ulid(time.getTime(), () => (hash[at++ % hash.length] ?? 0) / 256);
}

/**
 * Front matter is usually short: the legacy id line is within the first few KiB of most flag
 * files, and only those are read whole whose front matter goes on past them (a long
 * related_files list or a large context: the line comes after them).
 */
const HEAD_BYTES = 4096;
const LEGACY_LINE = /^legacy_id: *(\d+) *$/m;

/** A flag file's front matter (its first HEAD_BYTES, or the whole file where it goes on); '' when unreadable. */
function frontMatter(path: string): string {
  const buffer = Buffer.alloc(HEAD_BYTES);
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const read = readSync(fd, buffer, 0, HEAD_BYTES, 0);
    let text = buffer.subarray(0, read).toString('utf8');
    let end = text.indexOf('\n---', 3);
    if (end < 0 && read === HEAD_BYTES) {
      text = readFileSync(path, 'utf8');
      end = text.indexOf('\n---', 3);
    }
    return end < 0 ? text : text.slice(0, end);
  } catch {
    return '';
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** Finds the flag of a folder that carries an original integer id (read only when asked). */
export function legacyLookup(dir: string, ids: readonly string[]): LegacyLookup {
  return (legacyId) => {
    for (const id of ids) {
      const match = LEGACY_LINE.exec(frontMatter(join(dir, `${id}.md`)));
      if (match !== null && Number(match[1]) === legacyId) return id;
    }
    return null;
  };
}

/** Resolves a typed flag id (prefix, suffix, `#67` or `67`) among the flags of a folder. */
export function resolveTyped(dir: string, ids: readonly string[], raw: string): Result<string> {
  return resolveId(raw, ids, legacyLookup(dir, ids));
}

/** A listing of the flags folder, split in one pass (see {@link splitFolderNames}). */
export interface FolderListing {
  /** The flag ids (`<id>.md`), sorted, each a string of its own (a cut would keep the name). */
  ids: string[];
  /** The names {@link isMisnamedFlagFile} takes, unsorted and not yet checked to be files. */
  misnamed: string[];
}

/** The names of the flags folder as its flag ids and its misnamed markdown files. */
export function splitFolderNames(names: readonly string[]): FolderListing {
  const ids: string[] = [];
  const misnamed: string[] = [];
  for (const name of names) {
    const id = flagIdOfFile(name);
    if (id !== null) ids.push(detached(id));
    else if (isMisnamedFlagFile(name)) misnamed.push(name);
  }
  return { ids: ids.sort(), misnamed };
}

/**
 * The markdown files in the flags folder that no reader takes for a flag (not `<id>.md`: a
 * `README.md`, a flag renamed by hand), by name, sorted; none when the folder is absent.
 * `listed`: the candidates of a listing just made ({@link splitFolderNames}), else the folder is read.
 */
export function misnamedFlagFiles(dir: string, listed?: readonly string[]): string[] {
  // Names first, then the few candidates' types: a listing with types made an object per file
  // (100,000 at 100,000 flags, garbage a read then promoted), for a handful of candidates.
  return (listed ?? splitFolderNames(folderNames(dir)).misnamed)
    .filter((name) => isFileIn(dir, name))
    .sort();
}

/** True when `name` in `dir` is a regular file itself (not followed: a symlink is not). */
function isFileIn(dir: string, name: string): boolean {
  return lstatSync(join(dir, name), { throwIfNoEntry: false })?.isFile() === true;
}

/**
 * The misnamed file in the flags folder (see {@link misnamedFlagFiles}) whose front matter holds
 * the flag `id`: a flag file renamed by hand, which no reader takes for that flag; null when none.
 * Only misnamed files are read, and only their front matter; `listed` as misnamedFlagFiles takes it.
 */
export function renamedFlagFile(
  dir: string,
  o: { id: string; listed?: readonly string[] | undefined },
): string | null {
  const line = new RegExp(`^id: *(['"]?)${o.id}\\1 *\\r?$`, 'm');
  const names = misnamedFlagFiles(dir, o.listed);
  return names.find((name) => line.test(frontMatter(join(dir, name)))) ?? null;
}
