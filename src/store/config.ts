/** Repository configuration: `.flagstore.yml` at the repository root. */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, normalize } from 'node:path';
import YAML from 'yaml';
import { FlagstoreError } from '../core/errors.js';
import { DEFAULT_GATES, parseGatesConfig, type GatesConfig } from '../gates/config.js';
import { fastYamlMapping } from './fast-frontmatter.js';

/** The file name of the configuration, at the repository root. */
export const CONFIG_FILE = '.flagstore.yml';

/** Settings read from the configuration file, with defaults filled in. */
export interface Config {
  flags_dir: string;
  agents_dir: string;
  /** Whether `flagstore check` fails while a critical flag is pending (default true). */
  fail_on_unresolved_critical: boolean;
  /** The `gates:` section (pre-commit gates and the critical-flag block). */
  gates: GatesConfig;
}

/** Defaults used when the configuration file or a key is absent. */
export const DEFAULT_CONFIG: Config = {
  flags_dir: 'flags',
  agents_dir: 'agents',
  fail_on_unresolved_critical: true,
  gates: DEFAULT_GATES,
};

function flag(value: unknown, key: string, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  throw new FlagstoreError('invalid', `${CONFIG_FILE}: ${key} must be true or false`, {
    details: { key, value },
  });
}

function relativeDir(value: unknown, key: string, fallback: string): string {
  if (value === undefined || value === null) return fallback;
  const dir = typeof value === 'string' ? normalize(value).replace(/\/+$/, '') : '';
  if (dir === '' || dir === '.' || isAbsolute(dir) || dir.split(/[\\/]/).includes('..')) {
    throw new FlagstoreError(
      'invalid',
      `${CONFIG_FILE}: ${key} must be a folder inside the repository`,
      {
        details: { key, value },
      },
    );
  }
  return dir;
}

/** Reads the configuration of a repository; missing file means defaults. */
export function loadConfig(root: string): Config {
  let text: string;
  try {
    text = readFileSync(join(root, CONFIG_FILE), 'utf8');
  } catch {
    return { ...DEFAULT_CONFIG };
  }
  let data: unknown;
  try {
    data = fastYamlMapping(text) ?? YAML.parse(text) ?? {};
  } catch (error) {
    throw new FlagstoreError('invalid', `${CONFIG_FILE} is not valid YAML: ${String(error)}`);
  }
  const record = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  return {
    flags_dir: relativeDir(record.flags_dir, 'flags_dir', DEFAULT_CONFIG.flags_dir),
    agents_dir: relativeDir(record.agents_dir, 'agents_dir', DEFAULT_CONFIG.agents_dir),
    fail_on_unresolved_critical: flag(
      record.fail_on_unresolved_critical,
      'fail_on_unresolved_critical',
      DEFAULT_CONFIG.fail_on_unresolved_critical,
    ),
    gates: parseGatesConfig(record.gates),
  };
}
