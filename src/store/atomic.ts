/** Atomic file writes: a reader sees the old file or the new one, never half of either. */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';

async function writeTemp(path: string, content: string): Promise<string> {
  const temp = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  const handle = await fs.open(temp, 'wx');
  try {
    await handle.writeFile(content, 'utf8');
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
export async function writeAtomic(path: string, content: string): Promise<void> {
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
  try {
    await fs.mkdir(dirname(path), { recursive: true });
    await writeAtomic(path, JSON.stringify(value));
  } catch {
    // Caching is an optimisation; never fail a command over it.
  }
}
