/** Turns untrusted front matter and body text into a typed flag, collecting every problem. */
import { clipText } from './clip.js';
import { isHandle } from './handles.js';
import { isFlagId } from './ids.js';
import { CODE_LOCATION_PATTERN, seedRulesOfValidFields, type Problem } from './rules.js';
import { unsafeTextProblems } from './text-rules.js';
import {
  FLAG_TYPES,
  FRONT_MATTER_KEYS,
  IMPACT_LEVELS,
  STATUSES,
  type BodyField,
  type Flag,
  type JsonValue,
} from './types.js';

/** The outcome of validation: the flag when it is usable, and all problems found. */
export interface Validation {
  flag: Flag | null;
  problems: Problem[];
}

type Data = Record<string, unknown>;

class Checker {
  readonly problems: Problem[] = [];
  constructor(private readonly data: Data) {}

  error(field: string, message: string): void {
    this.problems.push({ field, message, severity: 'error' });
  }

  oneOf<T extends string>(key: string, values: readonly T[], fallback?: T): T {
    const value = this.data[key] ?? fallback;
    if (typeof value === 'string' && (values as readonly string[]).includes(value))
      return value as T;
    this.error(key, `${key} must be one of ${values.join(', ')} (got ${describe(value)})`);
    return values[0] as T;
  }

  text(key: string, nullable: boolean): string | null {
    const value = this.data[key];
    if (value === undefined || value === null) {
      if (!nullable) this.error(key, `${key} is required`);
      return null;
    }
    if (typeof value === 'string' || typeof value === 'number') return String(value);
    this.error(key, `${key} must be text (got ${describe(value)})`);
    return null;
  }

  matching(
    key: string,
    test: (v: string) => boolean,
    what: string,
    nullable = true,
  ): string | null {
    const value = this.text(key, nullable);
    if (value !== null && !test(value))
      this.error(key, `${key} must be ${what} (got ${describe(value)})`);
    return value;
  }

  handle(key: string, nullable: boolean): string | null {
    return this.matching(key, isHandle, 'a handle like @domain.module', nullable);
  }

  timestamp(key: string, nullable: boolean): string | null {
    return this.matching(key, isTimestamp, 'an ISO 8601 timestamp', nullable);
  }

  boolean(key: string): boolean {
    const value = this.data[key] ?? false;
    if (typeof value === 'boolean') return value;
    this.error(key, `${key} must be true or false (got ${describe(value)})`);
    return false;
  }

  /** Structured context: any JSON value, within a nesting depth and a size. */
  context(key: string): JsonValue | null {
    const value = (this.data[key] ?? null) as JsonValue | null;
    if (!nestedWithin(value, CONTEXT_DEPTH)) {
      this.error(key, `${key} is nested more than ${CONTEXT_DEPTH} levels deep`);
      return null;
    }
    if (JSON.stringify(value).length > CONTEXT_BYTES) {
      this.error(key, `${key} is larger than ${CONTEXT_BYTES / 1024} KiB as JSON`);
      return null;
    }
    return value;
  }

  /** A non-negative integer, or null when absent. */
  legacyId(key: string): number | null {
    const value = this.data[key];
    if (value === undefined || value === null) return null;
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
    this.error(key, `${key} must be a whole number (got ${describe(value)})`);
    return null;
  }

  fileList(key: string): string[] {
    const value = this.data[key];
    if (value === undefined || value === null) return [];
    if (typeof value === 'string') return splitList(value);
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
    this.error(key, `${key} must be a list of file paths`);
    return [];
  }
}

/** Splits the seed's comma-separated file list. */
export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function isTimestamp(value: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value) &&
    !Number.isNaN(Date.parse(value))
  );
}

/** A value as a short, one-line quote for a message (JSON escapes line breaks). */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = 'a value too deeply nested to show';
  }
  return clipText(text, 80);
}

/** Deepest nesting a flag's context may have, and its largest size as JSON. */
const CONTEXT_DEPTH = 32;
export const CONTEXT_BYTES = 64 * 1024;

/** True when no array or object in `value` is nested deeper than `max` (checked without recursion). */
function nestedWithin(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [item, depth] = next;
    if (typeof item !== 'object' || item === null) continue;
    if (depth > max) return false;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return true;
}

/**
 * Validates front matter plus body sections of one flag. Control characters are errors for a
 * writer (`strictText`) and warnings on a read, so a file written before the rule stays readable.
 */
export function validateFlag(
  data: Data,
  body: Partial<Record<BodyField, string>>,
  options: { strictText?: boolean } = {},
): Validation {
  const c = new Checker(data);
  const flag: Flag = {
    id: c.matching('id', isFlagId, 'a 26-character flag id', false) ?? '',
    flag_type: c.oneOf('flag_type', FLAG_TYPES),
    source_agent: c.handle('source_agent', false) ?? '',
    target_agent: c.handle('target_agent', true),
    impact_level: c.oneOf('impact_level', IMPACT_LEVELS, 'medium'),
    status: c.oneOf('status', STATUSES, 'pending'),
    locked: c.boolean('locked'),
    locked_by: c.handle('locked_by', true),
    locked_at: c.timestamp('locked_at', true),
    lock_expires_at: c.timestamp('lock_expires_at', true),
    related_files: c.fileList('related_files'),
    code_location: c.matching('code_location', (v) => CODE_LOCATION_PATTERN.test(v), 'file:line'),
    chain_origin_id: c.matching('chain_origin_id', isFlagId, 'a flag id'),
    context: c.context('context'),
    created_at: c.timestamp('created_at', false) ?? '',
    completed_at: c.timestamp('completed_at', true),
    completed_by: c.handle('completed_by', true),
    legacy_id: c.legacyId('legacy_id'),
    unlocked_at: c.timestamp('unlocked_at', true),
    change_description: body.change_description ?? '',
    action_required: body.action_required ?? '',
    example_usage: body.example_usage ?? null,
    notes: body.notes ?? null,
  };
  const problems = [
    ...c.problems,
    ...seedRulesOfValidFields(flag, c.problems),
    ...checkLifecycle(flag, c.problems),
  ];
  problems.push(...unsafeTextProblems(flag, options.strictText ? 'error' : 'warning'));
  problems.push(...unknownKeyWarnings(data));
  const usable = !problems.some((p) => p.severity === 'error');
  return { flag: usable ? flag : null, problems };
}

function lifecycleError(field: string, message: string): Problem {
  return { field, message, severity: 'error' };
}

function checkCompletion(flag: Flag): Problem[] {
  const completed = flag.status === 'completed';
  const hasCompletion = flag.completed_at !== null || flag.completed_by !== null;
  if (completed && (flag.completed_at === null || flag.completed_by === null)) {
    return [lifecycleError('status', 'a completed flag needs completed_at and completed_by')];
  }
  if (!completed && hasCompletion) {
    return [lifecycleError('status', 'a pending flag cannot have completed_at or completed_by')];
  }
  return [];
}

function checkLock(flag: Flag): Problem[] {
  if (flag.locked && flag.status === 'completed') {
    return [lifecycleError('locked', 'a completed flag cannot be locked')];
  }
  const lockFields = flag.locked_by ?? flag.locked_at ?? flag.lock_expires_at;
  if (!flag.locked && lockFields !== null) {
    return [
      lifecycleError(
        'locked',
        'locked is false but locked_by, locked_at or lock_expires_at is set',
      ),
    ];
  }
  return [];
}

/** Lifecycle rules; an unknown status (read as pending) is reported alone, not as pending. */
function checkLifecycle(flag: Flag, found: Problem[]): Problem[] {
  const completion = found.some((p) => p.field === 'status') ? [] : checkCompletion(flag);
  return [...completion, ...checkLock(flag)];
}

const KNOWN_KEYS = new Set<string>(FRONT_MATTER_KEYS);

function unknownKeyWarnings(data: Data): Problem[] {
  return Object.keys(data)
    .filter((key) => !KNOWN_KEYS.has(key))
    .flatMap((key) => {
      const near = FRONT_MATTER_KEYS.find((known) => editDistance(known, key) <= 2);
      if (near === undefined) return [];
      return [
        {
          field: key,
          message: `unknown field ${key}: did you mean ${near}?`,
          severity: 'warning' as const,
        },
      ];
    });
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** A line git writes around a merge conflict: `<<<<<<< label`, `=======`, `>>>>>>> label`. */
const CONFLICT_MARKER = /^(?:(?:<{7}|>{7}|\|{7})(?: |$)|={7}$)/;
/** What every marker line starts with (a cheap test that a text may hold one). */
const MARKER_RUN = /<{7}|>{7}|\|{7}|={7}/;

/** 1-based lines of a text that are merge conflict markers (CR before LF ignored). */
export function conflictMarkerLines(text: string): number[] {
  const lines: number[] = [];
  // Most files hold no run of seven marker characters at all: one scan says so.
  if (!MARKER_RUN.test(text)) return lines;
  text.split('\n').forEach((line, i) => {
    if (CONFLICT_MARKER.test(line.replace(/\r$/, ''))) lines.push(i + 1);
  });
  return lines;
}

/** One error per merge conflict marker left in a file, so no reader takes it as resolved. */
export function conflictMarkerProblems(text: string): (Problem & { line: number })[] {
  return conflictMarkerLines(text).map((line) => ({
    field: 'file',
    line,
    severity: 'error',
    message: 'merge conflict marker: resolve the conflict and remove the markers',
  }));
}
