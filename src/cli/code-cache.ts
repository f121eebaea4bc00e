/**
 * A V8 code cache for the bundle's entries where node has no compile cache of its own (Node 20;
 * bin/flagstore.js calls `module.enableCompileCache()` on Node 22 and later). Each entry is also
 * built as one CommonJS file (dist/bundle/<entry>.cjs, scripts/bundle.mjs), compiled here through
 * `vm.Script` with the code V8 produced for it in an earlier run, so a command skips most of
 * parsing and compiling the bundle. Node's built-ins only: this file is bundled as
 * dist/bundle/code-cache.cjs and loaded after route.cjs (and, on a miss, answer.cjs).
 *
 * The cache lives where Node 22 keeps its own: in `$NODE_COMPILE_CACHE` when it is an absolute
 * path, else in a folder of the temp folder, one per user (never in the package, which a global
 * install makes read-only, nor in the user's repository). Off with NODE_DISABLE_COMPILE_CACHE=1,
 * as node's own. Reading or writing it never fails a command: a missing, unreadable, corrupt,
 * stale or rejected cache only means the entry is compiled from source, and the cache is written
 * again after the command.
 */
import {
  closeSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import * as nodeModule from 'node:module';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import { removeOrphans } from '../git/process-alive.js';
import { commandName } from './route.js';

/** The content hash of each CommonJS entry of this build (scripts/bundle.mjs defines it). */
declare const FLAGSTORE_ENTRY_HASHES: Record<string, string> | undefined;

const BUNDLE = dirname(fileURLToPath(import.meta.url));
const HASHES = typeof FLAGSTORE_ENTRY_HASHES === 'undefined' ? {} : FLAGSTORE_ENTRY_HASHES;
/** Node's CommonJS wrapper, with the import() stand-in of scripts/bundle.mjs as a sixth name. */
const WRAPPER =
  "(function (exports, require, module, __filename, __dirname, __flagstoreImport) {'use strict';";

/** Where a cache file is kept, and the key that must open it. */
interface Slot {
  file: string;
  key: string;
}

/** Whether entries are loaded through this cache: node has none of its own and it is not off. */
export function codeCacheOn(): boolean {
  return !('enableCompileCache' in nodeModule) && !process.env.NODE_DISABLE_COMPILE_CACHE;
}

/**
 * The cache folder: as Node 22 picks its own, with one folder per user in the temp folder, which
 * a relative `$NODE_COMPILE_CACHE` falls back to as well.
 */
export function cacheFolder(): string {
  const given = process.env.NODE_COMPILE_CACHE;
  // A relative folder would be taken from wherever the command runs (the user's repository).
  if (given && isAbsolute(given)) return join(given, 'flagstore');
  return join(tmpdir(), `flagstore-code-cache-${process.getuid?.() ?? 'user'}`);
}

/** FNV-1a of a string, as 8 hex digits: a short file name for a long key. */
function fnv(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/**
 * The slot of an entry. The file name covers what selects a cache (the entry's path, node's
 * version and architecture, V8's flags) so that a rebuild overwrites it; the key, written at
 * the head of the file, covers the entry's content too (the build's hash, size and time).
 */
function slotOf(name: string, file: string, source: Source): Slot {
  const { size, mtimeMs } = source;
  const flags = `${process.execArgv.join(' ')}|${process.env.NODE_OPTIONS ?? ''}`;
  const place = [file, process.version, process.arch, flags].join('\n');
  const key = `flagstore code cache 2\n${place}\n${HASHES[name] ?? '-'} ${size} ${mtimeMs}`;
  return { file: join(cacheFolder(), `${name}-${fnv(place)}.bin`), key: JSON.stringify(key) };
}

/** The folder is this user's alone (as created here): another user's files are never loaded. */
function ownFolder(dir: string): boolean {
  const stat = lstatSync(dir);
  const uid = process.getuid?.();
  return (
    stat.isDirectory() && (uid === undefined || (stat.uid === uid && (stat.mode & 0o022) === 0))
  );
}

/** A slot's kept code, and the commands whose runs compiled it (see {@link commandKind}). */
interface Kept {
  code: Buffer;
  kinds: string[];
}

/** The kept code of a slot, or undefined when there is none with its key (never throws). */
function readCache(slot: Slot): Kept | undefined {
  try {
    if (!ownFolder(dirname(slot.file))) return undefined;
    const data = readFileSync(slot.file);
    const end = data.indexOf(10);
    const kindsEnd = data.indexOf(10, end + 1);
    if (end < 0 || kindsEnd < 0 || data.toString('utf8', 0, end) !== slot.key) return undefined;
    const kinds = data.toString('utf8', end + 1, kindsEnd).split(' ');
    return { code: data.subarray(kindsEnd + 1), kinds };
  } catch {
    return undefined;
  }
}

/** The most commands a slot's code is compiled anew for: later ones use it as it is. */
const MOST_KINDS = 8;

/**
 * The command a run is (its name, after any global option and its value, as route.ts reads it): V8 keeps the functions a run compiled, so a
 * cache written by `create` lacks some `complete` needs, which then compiles them every run.
 * A run of a command the kept code was not compiled for writes it again, with its functions
 * added, once per command (measured: docs/performance.md, round perf37).
 */
function commandKind(): string {
  return commandName(process.argv.slice(2)) ?? '-';
}

/** The commands to write the code for after this run, or null when the kept code serves. */
function kindsToWrite(kept: Kept | undefined, script: Script): string[] | null {
  const kind = commandKind();
  if (kept === undefined || script.cachedDataRejected === true) return [kind];
  if (kept.kinds.includes(kind) || kept.kinds.length >= MOST_KINDS) return null;
  return [...kept.kinds, kind];
}

/**
 * Keeps the code V8 holds for a script now (after the command ran, so the functions it compiled
 * lazily are in it): written whole to a file of this process, then renamed over the slot's, so
 * concurrent first runs each leave a whole file and a short write (a full disk) leaves none.
 * Never throws.
 */
function writeCache(slot: Slot, script: Script, kinds: string[]): void {
  const folder = dirname(slot.file);
  const temp = `${slot.file}.${process.pid}.tmp`;
  let fd: number | undefined;
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    if (!ownFolder(folder)) return;
    // Only on a miss, which writes anyway, so a run that uses the cache lists no folder.
    removeOrphans(folder, tempOwner);
    fd = openSync(temp, 'wx', 0o600);
    writeWhole(fd, Buffer.from(`${slot.key}\n${kinds.join(' ')}\n`));
    writeWhole(
      fd,
      checksummed(() => script.createCachedData()),
    );
    closeSync(fd);
    fd = undefined;
    renameSync(temp, slot.file);
  } catch {
    if (fd !== undefined) closeSync(fd);
    removeFile(temp);
  }
}

/** Writes every byte, however many calls it takes; a write that makes no progress throws. */
function writeWhole(fd: number, data: Uint8Array): void {
  for (let done = 0; done < data.length;) {
    const wrote = writeSync(fd, data, done, data.length - done);
    if (wrote <= 0) throw new Error('the cache file takes no more bytes');
    done += wrote;
  }
}

/** The writer's process id in a cache's temporary file name (`<name>.<pid>.tmp`), else null. */
function tempOwner(name: string): number | null {
  const pid = /\.(\d+)\.tmp$/.exec(name)?.[1];
  return pid === undefined ? null : Number(pid);
}

function removeFile(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone, or not ours to remove.
  }
}

/**
 * Runs `make` with V8's checksum of code caches on: V8 20 neither writes nor checks it otherwise,
 * and a corrupt cache crashed it. The flag is turned off again at once: V8's flag hash covers it,
 * and node's own code cache of its built-ins is refused while the hash differs (loading
 * child_process, zlib, crypto and fs/promises then cost 43 ms instead of 10).
 */
function checksummed<T>(make: () => T): T {
  setFlagsFromString('--verify-snapshot-checksum');
  try {
    return make();
  } finally {
    setFlagsFromString('--no-verify-snapshot-checksum');
  }
}

/** The text of a bundle file and its identity. */
interface Source {
  text: string;
  size: number;
  mtimeMs: number;
}

/** The text of a bundle file and its identity. */
function readSource(file: string): Source {
  const fd = openSync(file, 'r');
  try {
    const { size, mtimeMs } = fstatSync(fd);
    return { text: readFileSync(fd, 'utf8'), size, mtimeMs };
  } finally {
    closeSync(fd);
  }
}

/** The loaded entries, by name: each is compiled and run once per process. */
const loaded = new Map<string, unknown>();

/**
 * Compiles and runs dist/bundle/<name>.cjs with its kept code, and returns its exports. When
 * there was no usable cache, or it was compiled for other commands only, the code is kept as the
 * process exits (also by `process.exit`, which a finished write calls: see bin/flagstore.js).
 */
export function loadEntry(name: string): unknown {
  const known = loaded.get(name);
  if (known !== undefined) return known;
  const file = join(BUNDLE, `${name}.cjs`);
  const source = readSource(file);
  const slot = slotOf(name, file, source);
  const kept = readCache(slot);
  const code = `${WRAPPER}\n${source.text}\n})`;
  const options = { filename: file, lineOffset: -1, cachedData: kept?.code };
  const script = checksummed(() => new Script(code, options));
  const kinds = kindsToWrite(kept, script);
  if (kinds !== null) process.once('exit', () => writeCache(slot, script, kinds));
  const module = { exports: {} };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(
    module.exports,
    module.exports,
    createRequire(file),
    module,
    file,
    BUNDLE,
    importModule,
  );
  loaded.set(name, module.exports);
  return module.exports;
}

/** The entries built as CommonJS beside their ES module (scripts/bundle.mjs). */
const ENTRIES = new Set(Object.keys(HASHES).map((name) => `./${name}.js`));

/**
 * What a bundle's `import()` of another module does (scripts/bundle.mjs rewrites them to this):
 * an entry built as CommonJS is loaded through the cache when it is on, anything else by node's
 * loader, resolved from dist/bundle/ as the original import was.
 */
export function importModule(specifier: string): Promise<unknown> {
  if (ENTRIES.has(specifier) && codeCacheOn()) {
    return new Promise((resolve) => resolve(loadEntry(specifier.slice(2, -3))));
  }
  return import(specifier);
}
