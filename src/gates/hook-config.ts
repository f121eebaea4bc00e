/**
 * The configuration as the hook reads it: parsed once per content of `.flagstore.yml` and
 * cached in `<gitdir>/flagstore/`, so a commit does not pay for loading the YAML parser.
 * The key covers the file's bytes and the running code's stamp, so it never goes stale.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../store/config.js';
import { writeCacheFile } from '../store/atomic.js';
import { codeStamp } from '../store/package.js';

/** Same name as `CONFIG_FILE` in store/config.ts, which is not imported here to keep YAML unloaded. */
const CONFIG_NAME = '.flagstore.yml';

function cacheKey(root: string): string {
  const hash = createHash('sha1');
  try {
    hash.update(readFileSync(join(root, CONFIG_NAME)));
  } catch {
    hash.update('\0missing');
  }
  hash.update(`\0${codeStamp()}`);
  return hash.digest('hex');
}

function cached(path: string, key: string): Config | null {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as { key: string; config: Config };
    return data.key === key ? data.config : null;
  } catch {
    return null;
  }
}

/** Loads the repository's configuration, from the cache when the file is unchanged. */
export async function hookConfig(root: string, gitDir: string): Promise<Config> {
  const path = join(gitDir, 'flagstore', 'cache-config.json');
  const key = cacheKey(root);
  const hit = cached(path, key);
  if (hit !== null) return hit;
  const { loadConfig } = await import('../store/config.js');
  const config = loadConfig(root);
  await writeCacheFile(path, { key, config });
  return config;
}
