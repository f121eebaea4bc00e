/** Repository configuration: `.flagstore.yml` at the repository root. */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, normalize } from 'node:path';
import YAML from 'yaml';
import { FlagstoreError } from '../core/errors.js';
import { DEFAULT_GATES, parseGatesConfig, type GatesConfig } from './gates-config.js';
import { fastYamlMapping } from './fast-frontmatter.js';

/** The file name of the configuration, at the repository root. */
export const CONFIG_FILE = '.flagstore.yml';

/** Settings read from the configuration file, with defaults filled in. */
export interface Config {
  flags_dir: string;
  /** The folder new agent files are written to: the first of `agents_dirs`. */
  agents_dir: string;
  /** Every catalog folder, read in place (`agents_dir:` takes one folder or a list). */
  agents_dirs: string[];
  /** Whether `flagstore check` fails while a critical flag is pending (default true). */
  fail_on_unresolved_critical: boolean;
  /** The `gates:` section (pre-commit gates and the critical-flag block). */
  gates: GatesConfig;
  /** The ledger branch (`ledger: { branch: flagstore }`). */
  ledger: { branch: string };
  /** `auto`: every write also syncs the ledger with the remote (agents in containers). */
  sync: 'auto' | 'manual';
}

/** Defaults used when the configuration file or a key is absent. */
export const DEFAULT_CONFIG: Config = {
  flags_dir: 'flags',
  agents_dir: 'agents',
  agents_dirs: ['agents', '.claude/agents'],
  fail_on_unresolved_critical: true,
  gates: DEFAULT_GATES,
  ledger: { branch: 'flagstore' },
  sync: 'manual',
};

const BRANCH = /^(?!-)(?!.*\.\.)(?!.*\/\/)(?!.*\.lock$)[A-Za-z0-9._/-]+(?<![./])$/;

function ledgerSection(value: unknown): { branch: string } {
  if (value === undefined || value === null) return { ...DEFAULT_CONFIG.ledger };
  const branch = (value as { branch?: unknown }).branch ?? DEFAULT_CONFIG.ledger.branch;
  if (typeof value !== 'object' || typeof branch !== 'string' || !BRANCH.test(branch)) {
    throw new FlagstoreError('invalid', `${CONFIG_FILE}: ledger.branch must be a branch name`, {
      details: { key: 'ledger.branch', value },
    });
  }
  return { branch };
}

function syncMode(value: unknown): 'auto' | 'manual' {
  if (value === undefined || value === null) return DEFAULT_CONFIG.sync;
  if (value === 'auto' || value === 'manual') return value;
  throw new FlagstoreError('invalid', `${CONFIG_FILE}: sync must be auto or manual`, {
    details: { key: 'sync', value },
  });
}

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

/**
 * The catalog folders: one folder or a list. Without the key, `agents/` plus `.claude/agents/`
 * (Claude Code's project subagents); folders that do not exist are read as empty.
 */
function agentDirs(value: unknown): Pick<Config, 'agents_dir' | 'agents_dirs'> {
  if (value === undefined || value === null) {
    return { agents_dir: DEFAULT_CONFIG.agents_dir, agents_dirs: [...DEFAULT_CONFIG.agents_dirs] };
  }
  const list = Array.isArray(value) ? value : [value];
  const dirs = [...new Set(list.map((v) => relativeDir(v, 'agents_dir', '')))];
  if (dirs.length === 0) {
    throw new FlagstoreError('invalid', `${CONFIG_FILE}: agents_dir must name at least one folder`);
  }
  return { agents_dir: dirs[0] as string, agents_dirs: dirs };
}

/** The text of the configuration file, or null when there is none (any other failure throws). */
function readConfigText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new FlagstoreError('io', `${path} cannot be read (${code ?? String(error)})`, {
      fix: `check the permissions of ${CONFIG_FILE}, or remove it to use the defaults`,
      details: { file: CONFIG_FILE, errno: code },
    });
  }
}

/** A YAML syntax error of the configuration, with the file and the line. */
function yamlError(error: unknown): FlagstoreError {
  const line = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line;
  const where = line === undefined ? CONFIG_FILE : `${CONFIG_FILE}:${line}`;
  const what = (String((error as Error).message ?? error).split('\n')[0] ?? '').replace(/:$/, '');
  return new FlagstoreError('invalid', `${where}: not valid YAML: ${what}`, {
    fix: `fix ${where}; see docs/gates.md for the format`,
    details: { file: CONFIG_FILE, ...(line === undefined ? {} : { line }) },
  });
}

/** Parses the configuration text; a syntax error names the file and the line. */
function parseConfigText(text: string): Record<string, unknown> {
  let data: unknown;
  try {
    data = fastYamlMapping(text) ?? YAML.parse(text) ?? {};
  } catch (error) {
    throw yamlError(error);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new FlagstoreError('invalid', `${CONFIG_FILE}:1: must be a mapping of settings`, {
      fix: `fix ${CONFIG_FILE}; see docs/gates.md for the format`,
      details: { file: CONFIG_FILE, line: 1 },
    });
  }
  return data as Record<string, unknown>;
}

/** Reads the configuration of a repository; a missing file means defaults, a broken one an error. */
export function loadConfig(root: string): Config {
  const text = readConfigText(join(root, CONFIG_FILE));
  if (text === null) return { ...DEFAULT_CONFIG };
  const record = parseConfigText(text);
  return {
    flags_dir: relativeDir(record.flags_dir, 'flags_dir', DEFAULT_CONFIG.flags_dir),
    ...agentDirs(record.agents_dir ?? record.agents_dirs),
    fail_on_unresolved_critical: flag(
      record.fail_on_unresolved_critical,
      'fail_on_unresolved_critical',
      DEFAULT_CONFIG.fail_on_unresolved_critical,
    ),
    gates: parseGatesConfig(record.gates),
    ledger: ledgerSection(record.ledger),
    sync: syncMode(record.sync),
  };
}

/**
 * The keys of each section read leniently, where a typo is a default read in silence too
 * (`gates:` is not one: its parser refuses an unknown key in every command).
 */
const SECTIONS: Record<string, readonly string[]> = {
  ledger: Object.keys(DEFAULT_CONFIG.ledger),
};

/** A key of the configuration this version does not read, and the keys read where it stands. */
export interface UnknownKey {
  /** `flag_dir`, or `ledger.brnach` inside a section. */
  key: string;
  known: readonly string[];
}

function unknownIn(section: string, value: unknown): UnknownKey[] {
  const known = SECTIONS[section];
  if (known === undefined || typeof value !== 'object' || value === null) return [];
  if (Array.isArray(value)) return [];
  const keys = Object.keys(value).filter((key) => !known.includes(key));
  return keys.map((key) => ({ key: `${section}.${key}`, known }));
}

/**
 * Keys of the configuration this version does not read, at the top level and inside the
 * sections read leniently (`ledger:`): a misspelt key (`flag_dir`, `ledger.brnach`) is
 * otherwise a default read in silence. Empty without the file.
 */
export function unknownConfigKeys(root: string): UnknownKey[] {
  const text = readConfigText(join(root, CONFIG_FILE));
  if (text === null) return [];
  const known = Object.keys(DEFAULT_CONFIG);
  return Object.entries(parseConfigText(text)).flatMap(([key, value]) =>
    known.includes(key) ? unknownIn(key, value) : [{ key, known }],
  );
}
