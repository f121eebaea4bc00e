/**
 * The names `git remote` lists, read from the config files in this process where that is
 * certain: every `[remote "<name>"]` section with a key, sorted and unique as git prints them.
 * Null (ask git) when a config file is not plain (src/git/config-read.ts), a key line of a remote
 * section is one git could fail on, a name is unusual, or the legacy `remotes/` or `branches/`
 * folder of the repository holds a file (git reads remotes there too).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { configBool, configSections } from '../core/git-config.js';
import { configDirs, eachConfigFile, type ConfigDirs } from './config-read.js';

/** Remote settings git reads as booleans: a value that is none makes git fail. */
const BOOLEANS = ['mirror', 'skipdefaultupdate', 'skipfetchall', 'prune', 'prunetags', 'promisor'];

/** True when git reads a remote section's key line without failing (as far as this is sure). */
function plainRemoteKey(key: string, value: string | true): boolean {
  // A key without `=` is no string: git refuses it for url, fetch, push and most others.
  if (value === true) return false;
  return !BOOLEANS.includes(key) || configBool(value) !== null;
}

/** True when a legacy remotes folder of the repository holds anything (or cannot be read). */
function legacyRemotes(dirs: ConfigDirs): boolean {
  return ['remotes', 'branches'].some((folder) => {
    try {
      return readdirSync(join(dirs.commonDir, folder)).length > 0;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code !== 'ENOENT';
    }
  });
}

/** The remotes of the work tree at `root`, as `git remote` lists them; null: ask git. */
export function plainRemoteNames(root: string): string[] | null {
  const dirs = configDirs(root);
  if (dirs === null || legacyRemotes(dirs)) return null;
  const found = new Set<string>();
  const listed = { prefix: 'remote.', found, check: plainRemoteKey };
  if (eachConfigFile(dirs, (text) => configSections(text, [], listed)) === null) return null;
  const names = [...found];
  // git skips a name starting with `/` (with a warning); non-ASCII sorts by bytes there.
  if (names.some((name) => name === '' || name.startsWith('/') || /[^\x21-\x7e]/.test(name))) {
    return null;
  }
  return names.sort();
}
