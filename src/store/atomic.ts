/** Atomic file writes: a reader sees the old file or the new one, never half of either. */
import { randomBytes } from 'node:crypto';
import { promises as fs, lstatSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { jsonChunks } from '../core/json-pieces.js';

/**
 * A temp file of `writeAtomic`: `.<name>.<pid>.<8 hex>.tmp`, beside the file it replaces (a
 * rename is atomic only within one file system). No reader lists it (it ends in `.tmp`), so the
 * ledger never records it, and `removeStaleTemps` deletes it once a crash left it behind.
 */
const TEMP_FILE = /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/;

/** A temp file older than this was left by a crashed or stopped writer (a write takes ms). */
export const STALE_TEMP_MS = 60_000;

/** True when a file name is one of our temp files. */
export function isTempFile(name: string): boolean {
  return TEMP_FILE.test(name);
}

/**
 * Deletes the stale temp files among a folder's entries; a writer that was stopped that long
 * then fails to rename its temp file and reports it, so no write is lost silently.
 */
export function removeStaleTemps(dir: string, names: string[], now = Date.now()): void {
  for (const name of names) {
    if (!isTempFile(name)) continue;
    const path = join(dir, name);
    try {
      const stat = lstatSync(path);
      if (stat.isFile() && now - stat.mtimeMs > STALE_TEMP_MS) rmSync(path, { force: true });
    } catch {
      // Gone already, or not ours to remove (read-only folder): readers skip it either way.
    }
  }
}

/** A new temp file name beside `path` (see TEMP_FILE). */
function tempPathFor(path: string): string {
  return join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
}

async function writeTemp(path: string, content: string | Uint8Array): Promise<string> {
  const temp = tempPathFor(path);
  const handle = await fs.open(temp, 'wx');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await fs.rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  return temp;
}

/** Replaces a file atomically (temp file in the same folder, then rename). */
export async function writeAtomic(path: string, content: string | Uint8Array): Promise<void> {
  const temp = await writeTemp(path, content);
  try {
    await fs.rename(temp, path);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

/** Creates a file atomically, failing with EEXIST when it is already there. */
export async function createAtomic(path: string, content: string): Promise<void> {
  const temp = await writeTemp(path, content);
  try {
    await fs.link(temp, path);
  } finally {
    await fs.rm(temp, { force: true });
  }
}

/**
 * Writes a cache file atomically, creating its folder; a failure (read-only or vanished git
 * dir) is ignored, because a cache that cannot be written only costs speed.
 */
export async function writeCacheFile(path: string, value: unknown): Promise<void> {
  let temp: string | undefined;
  try {
    await fs.mkdir(dirname(path), { recursive: true });
    temp = tempPathFor(path);
    await writePieces(temp, value);
    await fs.rename(temp, path);
  } catch {
    // Caching is an optimisation; never fail a command over it.
    if (temp !== undefined) await fs.rm(temp, { force: true }).catch(() => undefined);
  }
}

/** Cache files are written in pieces of about this many characters. */
const CACHE_PIECE = 1 << 20;

/**
 * Writes a value's compact JSON to a new file in pieces, never as one string (a parse cache
 * shard at 100,000 flags is 18 MB). Not synced to disk: a cache file torn by a crash does not
 * parse and is simply ignored.
 */
async function writePieces(file: string, value: unknown): Promise<void> {
  const handle = await fs.open(file, 'wx');
  try {
    for (const chunk of jsonChunks(value, 0, CACHE_PIECE)) await handle.writeFile(chunk);
  } finally {
    await handle.close();
  }
}
