/**
 * `git update-index -q --refresh` in this process, for repositories copied from a template:
 * a copy's files have new stamps (inode, change and modification times), so its index would
 * send every git read to hash them again until refreshed, and a git process per copy was the
 * suite's commonest (848 in a run). An entry whose file holds the content it records
 * gets the file's stamps, as git's refresh gives it; any other entry is left as it is, as git
 * leaves it. Where git would read the content through attributes or settings (a
 * `.gitattributes`, `info/attributes`, `core.autocrlf` and the like), git refreshes it.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import type { BigIntStats } from 'node:fs';
import { join } from 'node:path';

const HEADER = 12;
const HASH = 20;
/** Where an entry's path starts: stat data, hash and flags; two bytes more with extended flags. */
const PATH_AT = 62;
const EXTENDED = 0x4000;
const TYPE = 0o170000;
const FILE = 0o100000;
const LINK = 0o120000;

/** Refreshes the stamps in `repo`'s index (a work tree whose `.git` is a folder). */
export function refreshIndex(repo: string): void {
  const file = join(repo, '.git', 'index');
  const index = readFileSync(file);
  if (!plain(repo, index)) {
    execFileSync('git', ['update-index', '-q', '--refresh'], { cwd: repo });
    return;
  }
  let at = HEADER;
  for (let n = index.readUInt32BE(8); n > 0; n -= 1) at = refreshEntry(index, at, repo);
  createHash('sha1')
    .update(index.subarray(0, index.length - HASH))
    .digest()
    .copy(index, index.length - HASH);
  writeFileSync(file, index);
}

/** An index of version 2 or 3 of a repository whose content git reads without conversion. */
function plain(repo: string, index: Buffer): boolean {
  const version = index.readUInt32BE(4);
  if (index.toString('latin1', 0, 4) !== 'DIRC' || (version !== 2 && version !== 3)) return false;
  const xdg = process.env.XDG_CONFIG_HOME ?? join(process.env.HOME ?? '', '.config');
  const attributes = [
    join(repo, '.gitattributes'),
    join(repo, '.git', 'info', 'attributes'),
    join(xdg, 'git', 'attributes'),
  ];
  if (index.includes('.gitattributes\0') || attributes.some((file) => existsSync(file))) {
    return false;
  }
  return configFiles(repo).every(
    (file) => !CONVERTS.test(readFileSync(file, 'utf8').toLowerCase()),
  );
}

/**
 * Settings under which git reads a file's content otherwise, or compares its mode otherwise (a
 * filter's definition, as /etc/gitconfig may hold git-lfs's, acts only through attributes).
 */
const CONVERTS = /autocrlf|\beol\b|attributesfile|include|filemode = false|symlinks = false/;

/** The repository's git configuration files that exist: its own, the user's, the system's. */
function configFiles(repo: string): string[] {
  const home = process.env.HOME ?? '';
  const xdg = process.env.XDG_CONFIG_HOME ?? join(home, '.config');
  const files = [
    join(repo, '.git', 'config'),
    join(home, '.gitconfig'),
    join(xdg, 'git', 'config'),
  ];
  return [...files, '/etc/gitconfig'].filter((file) => existsSync(file));
}

/** Refreshes the entry at `at` when its file matches it; returns where the next entry starts. */
function refreshEntry(index: Buffer, at: number, repo: string): number {
  const pathAt = at + PATH_AT + (index.readUInt16BE(at + PATH_AT - 2) & EXTENDED ? 2 : 0);
  const end = index.indexOf(0, pathAt);
  const st = matching(index, at, join(repo, index.toString('utf8', pathAt, end)));
  if (st) writeStamps(index, at, st);
  return at + ((end - at + 8) & ~7);
}

/** The file's stat when it is of the entry's kind (file, link) and holds its content, else null. */
function matching(index: Buffer, at: number, path: string): BigIntStats | null {
  const mode = index.readUInt32BE(at + 24);
  const st = lstatSync(path, { bigint: true, throwIfNoEntry: false });
  if (!st) return null;
  const type = Number(st.mode) & TYPE;
  if ((mode & TYPE) !== type || (type !== FILE && type !== LINK)) return null;
  const content = type === LINK ? Buffer.from(readlinkSync(path)) : readFileSync(path);
  const id = createHash('sha1').update(`blob ${content.length}\0`).update(content).digest();
  return id.equals(index.subarray(at + 40, at + 60)) ? st : null;
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
