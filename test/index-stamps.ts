/**
 * `git update-index -q --refresh` in this process, for repositories copied from a template:
 * a copy's files have new stamps (inode, change and modification times), so its index would
 * send every git read to hash them again until refreshed, and a git process per copy was the
 * suite's commonest (848 in a run). An entry whose file holds the content it records
 * gets the file's stamps, as git's refresh gives it; any other entry is left as it is, as git
 * leaves it. Where git would read a file's bytes otherwise (attributes that filter or convert
 * them, line ends to convert), git refreshes it.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import type { BigIntStats } from 'node:fs';
import { basename, join } from 'node:path';
import { objectId } from '../src/core/object-id.js';
import { CONFIG_ENV } from '../src/git/discovery.js';
import { configMentions } from '../src/git/loose.js';

const HEADER = 12;
const HASH = 20;
/** Where an entry's path starts: stat data, hash and flags; two bytes more with extended flags. */
const PATH_AT = 62;
const EXTENDED = 0x4000;
const TYPE = 0o170000;
const FILE = 0o100000;
const LINK = 0o120000;

/** An index entry: where it starts, its path, and its file's stat when that holds its blob. */
interface Entry {
  at: number;
  path: string;
  st: BigIntStats | null;
  /** The file holds a carriage return, which line-end settings and attributes may convert. */
  cr: boolean;
}

/** Refreshes the stamps in `repo`'s index (a work tree whose `.git` is a folder). */
export function refreshIndex(repo: string): void {
  const file = join(repo, '.git', 'index');
  const index = readFileSync(file);
  const entries = readable(index) ? walk(index, repo) : null;
  if (entries === null || !bytesAsTheyAre(repo, entries)) {
    execFileSync('git', ['update-index', '-q', '--refresh'], { cwd: repo });
    return;
  }
  for (const { at, st } of entries) if (st) writeStamps(index, at, st);
  createHash('sha1')
    .update(index.subarray(0, index.length - HASH))
    .digest()
    .copy(index, index.length - HASH);
  writeFileSync(file, index);
}

/** An index of version 2 or 3 (entries padded, paths whole). */
function readable(index: Buffer): boolean {
  const version = index.readUInt32BE(4);
  return index.toString('latin1', 0, 4) === 'DIRC' && (version === 2 || version === 3);
}

/** The index's entries, each checked against its file. */
function walk(index: Buffer, repo: string): Entry[] {
  const entries: Entry[] = [];
  let at = HEADER;
  for (let n = index.readUInt32BE(8); n > 0; n -= 1) {
    const pathAt = at + PATH_AT + (index.readUInt16BE(at + PATH_AT - 2) & EXTENDED ? 2 : 0);
    const end = index.indexOf(0, pathAt);
    const path = index.toString('utf8', pathAt, end);
    entries.push({ at, path, ...matching(index, at, join(repo, path)) });
    at += (end - at + 8) & ~7;
  }
  return entries;
}

/**
 * Whether git hashes these files as their bytes are: no attribute that converts content
 * otherwise than line ends (a filter, ident, an encoding) and no file with a carriage return
 * for `text`, `eol` or `core.autocrlf` to convert (makeRepo's `.gitattributes` sets
 * `text eol=lf` and a merge driver: its LF files are read as they are).
 */
function bytesAsTheyAre(repo: string, entries: Entry[]): boolean {
  if (entries.some((entry) => entry.cr)) return false;
  if (CONFIG_ENV.some((name) => process.env[name] !== undefined)) return false;
  // git's own: an empty XDG_CONFIG_HOME is unset, and without HOME there is no user file.
  const xdg =
    process.env.XDG_CONFIG_HOME || (process.env.HOME && join(process.env.HOME, '.config'));
  const attributes = [
    ...entries.filter((e) => basename(e.path) === '.gitattributes').map((e) => join(repo, e.path)),
    join(repo, '.gitattributes'),
    join(repo, '.git', 'info', 'attributes'),
    ...(xdg ? [join(xdg, 'git', 'attributes')] : []),
  ];
  const converts = attributes.some(
    (file) => existsSync(file) && CONVERTS.test(readFileSync(file, 'utf8')),
  );
  return !converts && !configMentions(join(repo, '.git'), SETTINGS);
}

/** Attributes under which git reads a file's bytes otherwise than by its line ends. */
const CONVERTS = /filter|ident|encoding/i;

/**
 * Settings under which git would find attributes elsewhere, or compare modes otherwise, in any
 * of git's config files (src/git/discovery.ts): a filter's definition, as /etc/gitconfig may
 * hold git-lfs's, acts only through attributes.
 */
const SETTINGS = /attributesfile|include|(?:filemode|symlinks)\s*=\s*(?:false|no|off|0)\b/i;

/** The file's stat when it is of the entry's kind (file, link) and holds its blob. */
function matching(index: Buffer, at: number, path: string): Pick<Entry, 'st' | 'cr'> {
  const mode = index.readUInt32BE(at + 24);
  const st = lstatSync(path, { bigint: true, throwIfNoEntry: false });
  const type = st ? Number(st.mode) & TYPE : 0;
  if (!st || (mode & TYPE) !== type || (type !== FILE && type !== LINK)) {
    return { st: null, cr: false };
  }
  const content = type === LINK ? readlinkSync(path, { encoding: 'buffer' }) : readFileSync(path);
  const same = objectId('blob', content) === index.toString('hex', at + 40, at + 60);
  return { st: same ? st : null, cr: content.includes(13) };
}

/** Writes a file's stamps and size into the entry at `at`, as git's refresh does. */
function writeStamps(index: Buffer, at: number, st: BigIntStats): void {
  const second = 1_000_000_000n;
  const fields: [number, bigint][] = [
    [0, st.ctimeNs / second],
    [4, st.ctimeNs % second],
    [8, st.mtimeNs / second],
    [12, st.mtimeNs % second],
    [16, st.dev],
    [20, st.ino],
    [28, st.uid],
    [32, st.gid],
    [36, st.size],
  ];
  for (const [offset, value] of fields) {
    index.writeUInt32BE(Number(BigInt.asUintN(32, value)), at + offset);
  }
}
