/**
 * The configuration as the hook reads it: parsed once per content of `.flagstore.yml` and
 * cached in `<gitdir>/flagstore/`, so a commit does not pay for loading the YAML parser.
 * The key is the file's text itself (compared, not hashed: hashing would load node's crypto
 * module on every commit) and the cache file is stamped with the running code, so it never goes
 * stale.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadStamped, saveStamped } from '../store/cache.js';
import type { Config } from '../store/config.js';

/** Same name as `CONFIG_FILE` in store/config.ts, which is not imported here to keep YAML unloaded. */
const CONFIG_NAME = '.flagstore.yml';
const VERSION = 1;

/** The file's text, or null when there is none. */
function contentKey(root: string): string | null {
  try {
    return readFileSync(join(root, CONFIG_NAME), 'latin1');
  } catch {
    return null;
  }
}

/** Loads the repository's configuration, from the cache when the file is unchanged. */
export async function hookConfig(root: string, gitDir: string): Promise<Config> {
  const path = join(gitDir, 'flagstore', 'cache-config.json');
  const key = contentKey(root);
  const hit = loadStamped<{ key: string | null; config: Config }>(path, VERSION);
  if (hit?.key === key) return hit.config;
  const { loadConfig } = await import('../store/config.js');
  const config = loadConfig(root);
  await saveStamped(path, VERSION, { key, config });
  return config;
}
