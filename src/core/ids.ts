/**
 * Flag IDs are ULIDs: time-sortable and coordination-free. People type them back by a unique
 * prefix or a unique suffix (the random tail differs from the first character, so five
 * characters almost always suffice), or by `#67` / `67`, the id a flag had in the original store.
 */
import { fail, ok, type Result } from './errors.js';

/** A full flag ID: 26 Crockford base32 characters, uppercase. */
export const ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;
/** The shortest prefix or suffix a user may type. */
export const MIN_PREFIX = 4;
/** The shortest short form flagstore prints. */
export const MIN_SHORT = 5;
/** What a command's or tool's id argument takes: what {@link resolveId} resolves. */
export const TYPED_ID_HELP = `flag id, or ${MIN_PREFIX}+ characters of its start or end (as listed)`;
/** How many characters of a flag's ID its commit messages carry (see {@link messageId}). */
export const MESSAGE_ID_LENGTH = 10;
const PREFIX_PATTERN = /^[0-9A-HJKMNP-TV-Z]+$/;
const LEGACY_PATTERN = /^#?(\d{1,15})$/;

const FILE_NAME = /^([0-9A-HJKMNP-TV-Z]{26})\.md$/;

/** The flag id a file name holds (`<id>.md`), or null when it names no flag file. */
export function flagIdOfFile(name: string): string | null {
  return FILE_NAME.exec(name)?.[1] ?? null;
}

/** What `validate`, the commit gate and `check` say of a markdown file in the flags folder not named by an id. */
export const FLAG_FILE_NAME_RULE =
  'file name must be <id>.md with a 26-character flag id; a flag written by hand gets its id and name with: flagstore validate --fix';

/** {@link FLAG_FILE_NAME_RULE} as the problem `validate`, `list --json` and the board report. */
export const FLAG_FILE_NAME_PROBLEM = {
  field: 'file',
  line: 1,
  severity: 'error',
  message: FLAG_FILE_NAME_RULE,
} as const;

/**
 * Why a flag file's path holds no flag: it is a symlink, a folder or a submodule, which flagstore
 * never reads through (a symlink could point at any file on the machine); and the fix.
 */
export function notRegularFile(path: string): { message: string; fix: string } {
  return {
    message: `${path} is not a regular file (a symlink or a folder)`,
    fix: `replace it with the flag file itself, or remove it: git rm ${path}`,
  };
}

/** True when a repository-relative path is a flag file: `<flagsDir>/<id>.md`. */
export function isFlagFilePath(path: string, flagsDir: string): boolean {
  return path.startsWith(`${flagsDir}/`) && flagIdOfFile(path.slice(flagsDir.length + 1)) !== null;
}

/**
 * True when a file name in the flags folder is one `validate` reads as a flag file (markdown, not
 * hidden) but it carries no id, so readers skip it: a hand-written `README.md`, a misnamed flag.
 */
export function isMisnamedFlagFile(name: string): boolean {
  return /^[^./][^/]*\.md$/.test(name) && flagIdOfFile(name) === null;
}

/**
 * The name of an atomic write's temp file, `.<name>.<pid>.<8 hex>.tmp`, beside the file it
 * replaces (src/store/atomic.ts): no reader lists it, and none is ever part of a commit.
 */
const TEMP_FILE = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/** The process id in a temp file's name (see TEMP_FILE); null when the name is no temp file's. */
export function tempFileWriter(name: string): number | null {
  const pid = TEMP_FILE.exec(name)?.[1];
  return pid === undefined ? null : Number(pid);
}

/** True when the value is a full, canonical flag ID. */
export function isFlagId(value: string): boolean {
  return ID_PATTERN.test(value);
}

/** The full ID `raw` spells (trimmed, any case), or null for a prefix, suffix or `#67`. */
export function typedFullId(raw: string): string | null {
  const id = raw.trim().toUpperCase();
  return isFlagId(id) ? id : null;
}

/** Checks that user input is a plausible ID part (never a path) and uppercases it. */
export function parseIdPrefix(raw: string): Result<string> {
  const prefix = raw.trim().toUpperCase();
  if (prefix.length < MIN_PREFIX || prefix.length > 26 || !PREFIX_PATTERN.test(prefix)) {
    return fail(
      'usage',
      `${JSON.stringify(raw)} is not a flag id: use ${MIN_PREFIX} to 26 characters of an id (its start or its end, as listed), or #67 for an imported flag`,
      { fix: 'flagstore list', details: { id: raw } },
    );
  }
  return ok(prefix);
}

/** The original store's integer id in `#67` or `67`, or null when the text is not one. */
export function legacyNumber(raw: string): { value: number; marked: boolean } | null {
  const match = LEGACY_PATTERN.exec(raw.trim());
  if (match === null) return null;
  return { value: Number(match[1]), marked: raw.trim().startsWith('#') };
}

/** Finds the flag that had an original integer id, or null. */
export type LegacyLookup = (legacyId: number) => string | null;

/**
 * Resolves what a user typed: `#67` (an imported flag's original id), else a unique prefix or
 * suffix of a known ID. A bare number is tried as an original id first.
 */
export function resolveId(
  raw: string,
  known: readonly string[],
  legacy: LegacyLookup = () => null,
): Result<string> {
  const number = legacyNumber(raw);
  if (number !== null) {
    const found = legacy(number.value);
    if (found !== null) return ok(found);
    if (number.marked || raw.trim().length < MIN_PREFIX) {
      const note = number.marked
        ? ''
        : ` ("${raw.trim()}" is read as one: a flag id needs ${MIN_PREFIX} or more characters)`;
      return fail('not_found', `no imported flag had the original id #${number.value}${note}`, {
        fix: 'flagstore list --status all',
        details: { id: raw.trim() },
      });
    }
  }
  return resolvePrefix(raw, known);
}

/** Resolves a prefix or suffix against known IDs: one match, or an error naming the candidates. */
export function resolvePrefix(raw: string, known: readonly string[]): Result<string> {
  const parsed = parseIdPrefix(raw);
  if (!parsed.ok) return parsed;
  const part = parsed.value;
  const matches = known.filter((id) => id.startsWith(part) || id.endsWith(part));
  if (matches.length === 1) return ok(matches[0] as string);
  if (matches.length === 0) return noMatch(part, known);
  const shown = matches.slice(0, 10);
  return fail(
    'ambiguous',
    `id ${part} matches ${matches.length} flags: ${shown.join(', ')}${matches.length > shown.length ? ', ...' : ''}`,
    { fix: 'use more characters of the id', details: { id: part, candidates: matches } },
  );
}

/** The most ids an error names when the part typed is inside them. */
const INSIDE_SHOWN = 5;

/**
 * The error for a part no id starts or ends with; when some ids hold it in their middle (a part
 * copied from the middle of an id), it says ids resolve by their start or end and names those
 * ids, acting on none: a middle match is a guess.
 */
function noMatch(part: string, known: readonly string[]): Result<string> {
  const inside = known.filter((id) => id.includes(part));
  if (inside.length === 0) {
    return fail('not_found', `no flag with id ${part}`, {
      fix: 'flagstore list --status all',
      details: { id: part },
    });
  }
  const shown = inside.slice(0, INSIDE_SHOWN).join(', ');
  const more = inside.length > INSIDE_SHOWN ? ` and ${inside.length - INSIDE_SHOWN} more` : '';
  const which = inside.length === 1 ? 'one id holds it' : `${inside.length} ids hold it`;
  return fail(
    'not_found',
    `no flag id starts or ends with ${part}: ids resolve by their start or end, and ${which} in its middle: ${shown}${more}`,
    {
      fix: `type the start or the end of the id meant (as list prints it), e.g. the whole id: ${inside[0] as string}`,
      details: { id: part, inside },
    },
  );
}

function counts(ids: readonly string[], part: (id: string) => string): Map<string, number> {
  const map = new Map<string, number>();
  for (const id of ids) {
    const key = part(id);
    map.set(key, (map.get(key) ?? 0) + 1);
  }
  return map;
}

/**
 * The printed short form of each shown ID (default: all): its shortest suffix, at least `min`
 * characters, that no other ID ends or starts with, and that is not all digits (those read as
 * original ids). Unique among ALL the IDs given: pass every flag's ID, not only the rows shown.
 */
export function shortIds(
  all: readonly string[],
  options: { shown?: readonly string[]; min?: number } = {},
): Map<string, string> {
  const unique = [...new Set(all)];
  const shown = [...new Set(options.shown ?? unique)];
  const min = options.min ?? MIN_SHORT;
  if (shown.length * 16 < unique.length) {
    return new Map(shown.map((id) => [id, scanShort(id, unique, min)]));
  }
  const result = new Map<string, string>();
  let left = shown;
  for (let len = min; len <= 26 && left.length > 0; len++) {
    const ends = counts(unique, (id) => id.slice(-len));
    const starts = counts(unique, (id) => id.slice(0, len));
    left = left.filter((id) => {
      const tail = id.slice(-len);
      const clash =
        (ends.get(tail) ?? 0) > 1 || (starts.get(tail) ?? 0) > (id.startsWith(tail) ? 1 : 0);
      const usable = printable(tail, clash);
      if (usable) result.set(id, tail);
      return !usable;
    });
  }
  return result;
}

function printable(tail: string, clash: boolean): boolean {
  return tail.length === 26 || (!clash && !/^\d+$/.test(tail));
}

/** The short form of one ID by scanning the others (cheaper when few rows are shown). */
function scanShort(id: string, all: readonly string[], min: number): string {
  for (let len = min; len < 26; len++) {
    const tail = id.slice(-len);
    const clash = all.some(
      (other) => other !== id && (other.endsWith(tail) || other.startsWith(tail)),
    );
    if (printable(tail, clash)) return tail;
  }
  return id;
}

/**
 * The ID a commit message names a flag by: its last {@link MESSAGE_ID_LENGTH} characters, the
 * random part, which tables' short forms end with. Not its first ten: those are its creation
 * time to the millisecond, shared by flags made in the same millisecond and by every flag an
 * import made from one second of a seed database, so typed back they matched several flags. A
 * message is kept for good, so its form is fixed, not the shortest unique one of the day.
 */
export function messageId(id: string): string {
  return id.slice(-MESSAGE_ID_LENGTH);
}
