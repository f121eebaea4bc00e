/** Error values shared by every layer; the CLI turns them into exit codes in one place. */

/** What kind of failure an error is; each kind maps to one exit code. */
export type ErrorCode =
  | 'usage'
  | 'invalid'
  | 'not_found'
  | 'ambiguous'
  | 'conflict'
  | 'not_a_repo'
  | 'git'
  | 'io'
  | 'internal';

/** Options for a {@link FlagstoreError}: the fix command and structured details. */
export interface ErrorOptions {
  /** A command (or short instruction) that resolves the problem, when one exists. */
  fix?: string;
  /** Machine-readable details, merged into `--json` error output. */
  details?: Record<string, unknown>;
}

/** A failure with a clear message, a kind, and where possible the command that fixes it. */
export class FlagstoreError extends Error {
  readonly code: ErrorCode;
  readonly fix: string | undefined;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: ErrorOptions = {}) {
    super(message);
    this.name = 'FlagstoreError';
    this.code = code;
    this.fix = options.fix;
    this.details = options.details ?? {};
  }
}

/** File-system failures: the disk, permissions, or a path that is not what it should be. */
const IO_CODES = new Set([
  'EACCES',
  'EPERM',
  'EROFS',
  'ENOSPC',
  'EDQUOT',
  'EISDIR',
  'ENOTDIR',
  'EMFILE',
  'ENFILE',
  'EIO',
  'ELOOP',
  'ENAMETOOLONG',
]);

/** Any thrown value as a FlagstoreError: file-system failures are `io`, the unforeseen `internal`. */
export function asFlagstoreError(error: unknown): FlagstoreError {
  if (error instanceof FlagstoreError) return error;
  const e = error as NodeJS.ErrnoException;
  if (typeof e?.code === 'string' && IO_CODES.has(e.code)) {
    return new FlagstoreError('io', `${e.code}: ${e.message.replace(/^[A-Z]+: /, '')}`, {
      fix: 'check the path, its permissions and the free disk space',
      details: { errno: e.code, ...(e.path === undefined ? {} : { path: e.path }) },
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new FlagstoreError('internal', `unexpected error: ${message}`);
}

/** The outcome of an operation that can fail: a value or an error, never a throw. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: FlagstoreError };

/** Wraps a value as a successful {@link Result}. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** Builds a failed {@link Result}. */
export function fail<T = never>(
  code: ErrorCode,
  message: string,
  options: ErrorOptions = {},
): Result<T> {
  return { ok: false, error: new FlagstoreError(code, message, options) };
}

/** Returns the value of a result, or throws its error to the caller's single error boundary. */
export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw result.error;
  return result.value;
}

/** Exit codes, one per error kind; documented in the README. */
export const EXIT_CODES: Record<ErrorCode, number> = {
  internal: 1,
  usage: 2,
  invalid: 3,
  not_found: 4,
  ambiguous: 5,
  conflict: 6,
  not_a_repo: 7,
  git: 8,
  io: 9,
};
