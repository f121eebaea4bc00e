/** The `gates:` section of `.flagstore.yml`: presets, custom gates, the critical block, limits. */
import { createRequire } from 'node:module';
import type { parse as ParseWords } from 'shell-quote';
import { parseDuration } from '../core/duration.js';
import { FlagstoreError } from '../core/errors.js';
import { quotedText } from '../core/sanitize.js';
import { PRESETS, type PresetName } from './gate-presets.js';

const requireCjs = createRequire(import.meta.url);

/** shell-quote's parser, loaded only when a gate is written as one command line. */
function parseWords(text: string, env: (name: string) => string): ReturnType<typeof ParseWords> {
  return (requireCjs('shell-quote') as { parse: typeof ParseWords }).parse(text, env);
}

/** The placeholder argument replaced by the staged file names (one argument per file). */
export const STAGED_FILES = '{staged_files}';

/** One external gate: a command run as an argument list, never through a shell. */
export interface GateSpec {
  name: string;
  /** Program and arguments; an argument equal to {@link STAGED_FILES} expands to the files. */
  command: string[];
  /** Glob of staged files this gate is about; the gate is skipped when none matches. */
  files: string | null;
  timeoutMs: number;
  parallel: boolean;
}

/** Who the critical-flag block applies to. */
export type CriticalScope = 'auto' | 'all' | 'off';

/**
 * Whether the commit block applies an unresolved critical flag to an agent: with scope `auto`,
 * only flags for that agent or for everyone; with `all`, or no agent known, every one.
 */
export function criticalConcerns(
  flag: { target_agent: string | null },
  agent: string | null,
  scope: CriticalScope,
): boolean {
  if (scope === 'off') return false;
  if (scope === 'all' || agent === null) return true;
  return flag.target_agent === null || flag.target_agent === agent;
}

/** The gate configuration with defaults filled in. */
export interface GatesConfig {
  preset: PresetName | null;
  gates: GateSpec[];
  critical: CriticalScope;
  /** Maximum lines per staged text file, or null (the default) for no limit. */
  maxLines: number | null;
  /** Glob of files the line limit applies to. */
  maxLinesFiles: string | null;
}

/** Defaults: no external gates, the critical block on in `auto` scope, no size limit. */
export const DEFAULT_GATES: GatesConfig = {
  preset: null,
  gates: [],
  critical: 'auto',
  maxLines: null,
  maxLinesFiles: null,
};

const DEFAULT_TIMEOUT_MS = 600_000;
const SCOPES: CriticalScope[] = ['auto', 'all', 'off'];
const GATE_KEYS = ['name', 'command', 'files', 'timeout', 'parallel'];
const SECTION_KEYS = ['preset', 'commands', 'critical', 'max_lines', 'max_lines_files'];

/** An error naming `gates.<key>`, or the section itself when `key` is ''. */
function invalid(key: string, message: string): FlagstoreError {
  const path = key === '' ? 'gates' : `gates.${key}`;
  return new FlagstoreError('invalid', `.flagstore.yml: ${path} ${message}`, {
    fix: 'edit .flagstore.yml (see docs/gates.md)',
    details: { key: path },
  });
}

function record(value: unknown, key: string, allowed: string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(key, 'must be a mapping');
  }
  const unknown = Object.keys(value).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) {
    const shown = unknown.map((k) => (/^[\w.-]+$/.test(k) ? k : quotedText(k)));
    throw invalid(key, `has unknown key(s) ${shown.join(', ')} (allowed: ${allowed.join(', ')})`);
  }
  return value as Record<string, unknown>;
}

/** Splits a command line into words without a shell; shell operators are refused. */
export function commandWords(value: unknown, key: string): string[] {
  if (Array.isArray(value) && value.length > 0 && value.every((w) => typeof w === 'string')) {
    return value as string[];
  }
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalid(key, 'must be a command line or a list of arguments');
  }
  const words = parseWords(value, (name) => `$${name}`).flatMap(literalWord);
  if (words.includes(null)) {
    throw invalid(
      key,
      'contains shell operators (; && | > etc.): gates run without a shell; put pipelines in a script',
    );
  }
  return words as string[];
}

/** A parsed word as a literal argument: globs stay patterns (tools expand them), comments end. */
function literalWord(entry: ReturnType<typeof ParseWords>[number]): (string | null)[] {
  if (typeof entry === 'string') return [entry];
  if ('comment' in entry) return [];
  const op = entry as { op?: string; pattern?: string };
  return op.op === 'glob' && op.pattern !== undefined ? [op.pattern] : [null];
}

function timeout(value: unknown, key: string): number {
  if (value === undefined || value === null) return DEFAULT_TIMEOUT_MS;
  if (typeof value === 'number' && value > 0) return value * 1000;
  const parsed = typeof value === 'string' ? parseDuration(value) : null;
  if (parsed?.ok) return parsed.value;
  throw invalid(key, 'must be seconds or a duration like 90s, 5m');
}

function optionalString(value: unknown, key: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  throw invalid(key, 'must be a non-empty text');
}

function gateSpec(value: unknown, index: number): GateSpec {
  const key = `commands[${index}]`;
  const r = record(value, key, GATE_KEYS);
  if (typeof r.name !== 'string' || !/^[\w.-]+$/.test(r.name)) {
    throw invalid(`${key}.name`, 'must be a word (letters, digits, - _ .)');
  }
  if (r.parallel !== undefined && typeof r.parallel !== 'boolean') {
    throw invalid(`${key}.parallel`, 'must be true or false');
  }
  return {
    name: r.name,
    command: commandWords(r.command, `${key}.command`),
    files: optionalString(r.files, `${key}.files`),
    timeoutMs: timeout(r.timeout, `${key}.timeout`),
    parallel: r.parallel ?? false,
  };
}

function preset(value: unknown): PresetName | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && value in PRESETS) return value as PresetName;
  throw invalid('preset', `must be one of ${Object.keys(PRESETS).join(', ')}`);
}

function scope(value: unknown): CriticalScope {
  if (value === undefined || value === null) return 'auto';
  if (SCOPES.includes(value as CriticalScope)) return value as CriticalScope;
  throw invalid('critical', `must be one of ${SCOPES.join(', ')}`);
}

function maxLines(value: unknown): number | null {
  if (value === undefined || value === null || value === false) return null;
  if (Number.isInteger(value) && (value as number) > 0) return value as number;
  throw invalid('max_lines', 'must be a positive whole number, or false');
}

function commands(value: unknown): GateSpec[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid('commands', 'must be a list of gates');
  return value.map(gateSpec);
}

/** Parses and validates the `gates:` section; every field error names its key. */
export function parseGatesConfig(value: unknown): GatesConfig {
  if (value === undefined || value === null) return { ...DEFAULT_GATES };
  const r = record(value, '', SECTION_KEYS);
  const chosen = preset(r.preset);
  const own = commands(r.commands);
  const inherited = chosen === null ? [] : PRESETS[chosen];
  const names = new Set(own.map((g) => g.name));
  const gates = [...inherited.filter((g) => !names.has(g.name)), ...own];
  const seen = new Set<string>();
  for (const gate of own) {
    if (seen.has(gate.name)) throw invalid('commands', `has two gates named ${gate.name}`);
    seen.add(gate.name);
  }
  return {
    preset: chosen,
    gates,
    critical: scope(r.critical),
    maxLines: maxLines(r.max_lines),
    maxLinesFiles: optionalString(r.max_lines_files, 'max_lines_files'),
  };
}
