/**
 * `validate --fix`: a flag written by hand gets what only flagstore can give it (an id, a
 * creation time, the file name `<id>.md`) and nothing else. The rest of the file is kept byte
 * for byte; a file that would still be invalid is left as it is. No file is deleted or overwritten
 * unless the file put in its place holds the same bytes.
 */
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { FlagstoreError } from '../core/errors.js';
import { isFlagId } from '../core/ids.js';
import { createAtomic, writeAtomic } from '../store/atomic.js';
import { parseFlagFile, type LocatedProblem } from '../store/flag-file.js';
import { adoptedFlagId } from '../store/ids.js';
import { unlessGone, validateFiles, type FileReport } from './validate.js';
import { userPath, type Workspace } from './workspace.js';

/** One hand-written flag file given its id and name. */
export interface Adoption {
  /** Paths relative to the repository root. */
  from: string;
  to: string;
  id: string;
  /** Front matter fields added (`id`, `created_at`); empty when the file was only renamed. */
  added: string[];
}

/** Why a file was left as it is. */
export interface Unadopted {
  path: string;
  problems: LocatedProblem[];
  /** True when the file's name and id disagree with another file's: both are kept, by hand. */
  conflict?: boolean;
}

const OPENING = /^(\uFEFF?)---(\r?\n)/;

/** The front matter's top-level value of a key, as written, or undefined. */
function topLevel(text: string, key: string): string | undefined {
  const end = text.search(/\r?\n---\s*(\r?\n|$)/);
  const front = end < 0 ? '' : text.slice(0, end);
  const line = new RegExp(`^${key}:[ \\t]*(.*?)[ \\t]*\\r?$`, 'm').exec(front);
  return line?.[1]?.replace(/^(['"])(.*)\1$/, '$2');
}

/**
 * Where a hand-written file's missing fields come from: its id from the time (`created_at`, else
 * when the file was last written) and a hash of its path and text, so two runs adopting the same
 * file at once give it one id and one text (one flag, not two), as only the file's own facts
 * decide them.
 */
interface Sources {
  /** When the file was last written (its mtime). */
  modified: Date;
  stem: string | null;
  seed: string;
}

/** The text with `id` and `created_at` added where missing, and the id it then has. */
function completed(
  text: string,
  { modified, stem, seed }: Sources,
): { text: string; id: string; added: string[] } | null {
  const opening = OPENING.exec(text);
  if (opening === null) return null;
  const [head, bom, eol] = opening as unknown as [string, string, string];
  const written = topLevel(text, 'created_at');
  const when = written !== undefined ? new Date(written) : modified;
  if (Number.isNaN(when.getTime())) return null;
  const fields: [string, string][] = [];
  const id = topLevel(text, 'id') ?? stem ?? adoptedFlagId(when, seed);
  if (topLevel(text, 'id') === undefined) fields.push(['id', id]);
  if (written === undefined) fields.push(['created_at', modified.toISOString()]);
  const lines = fields.map(([key, value]) => `${key}: ${value}${eol}`).join('');
  const rest = text.slice(head.length);
  return { text: `${bom}---${eol}${lines}${rest}`, id, added: fields.map(([key]) => key) };
}

/** The id a file in the flags folder is named by, or null. */
function stemId(path: string): string | null {
  const stem = basename(path, '.md');
  return isFlagId(stem) ? stem : null;
}

/** Creates a file that must not exist yet: false when it does. */
function createdAt(path: string, text: string): boolean {
  try {
    createAtomic(path, text);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** A problem that `fix` leaves for the user, on the front matter's id line. */
function conflict(rel: string, message: string): Unadopted {
  return {
    path: rel,
    conflict: true,
    problems: [{ field: 'id', line: 2, severity: 'error', message }],
  };
}

/**
 * Moves the completed text to `<id>.md`, never over another file: an identical file already
 * there makes this one a duplicate, removed; a different one is a conflict, both files kept.
 */
function moveTo(ws: Workspace, path: string, next: { text: string; id: string }): boolean {
  const target = join(ws.flagsDir, `${next.id}.md`);
  if (createdAt(target, next.text) || readFileSync(target, 'utf8') === next.text) {
    rmSync(path, { force: true });
    return true;
  }
  return false;
}

/**
 * A file named for flag `stem` that holds `id`: every reader takes it for `stem`, so it is not
 * moved (that deleted a committed flag's file); the fix is the user's.
 */
function misnamedConflict(ws: Workspace, o: { rel: string; stem: string; id: string }): Unadopted {
  const free = !existsSync(join(ws.flagsDir, `${o.id}.md`));
  const rename = free ? ` If it is flag ${o.id}'s file renamed, rename it to ${o.id}.md.` : '';
  return conflict(
    o.rel,
    `${o.rel} is named for flag ${o.stem} but holds id ${o.id}; validate --fix moved nothing: set its id back to ${o.stem}; for a new flag, copy the text to a new file without the id line and run validate --fix.${rename}`,
  );
}

/**
 * A write of a file's fix. Its ENOENT is no file gone (that is the read's, before it): a temp file
 * swept away while this run stalled, the folder removed meanwhile, a link to nothing where the
 * file goes. Said with the file and the fix, never taken for a file another run moved.
 */
function writing<T>(rel: string, write: () => T): T {
  try {
    return write();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new FlagstoreError(
      'io',
      `validate --fix could not write the fix of ${rel}: ${(error as Error).message}`,
      {
        fix: 'run flagstore validate --fix again; if it fails the same way, check the path named (a link to a missing file?)',
        details: { path: rel },
      },
    );
  }
}

/**
 * Gives one hand-written flag file in the flags folder its id, creation time and name. The new
 * file is created without overwriting anything and read back valid before the old one goes; a
 * file named with one flag's id that holds another's is left as it is (both are the user's).
 * Null when the file went before it was read (another run moved it).
 */
export function adoptFlagFile(ws: Workspace, path: string): Adoption | Unadopted | null {
  const rel = relative(ws.root, path);
  const [read] = unlessGone(() => ({ text: readFileSync(path, 'utf8'), at: statSync(path).mtime }));
  if (read === undefined) return null;
  const { text: original, at: modified } = read;
  const stem = stemId(path);
  const next = completed(original, { modified, stem, seed: `${rel}\0${original}` });
  const problems = next === null ? parseFlagFile(original).problems : [];
  if (next === null || dirname(path) !== ws.flagsDir) return { path: rel, problems };
  const left = parseFlagFile(next.text).problems.filter((p) => p.severity === 'error');
  if (left.length > 0 || !isFlagId(next.id)) return { path: rel, problems: left };
  if (stem === next.id && next.added.length === 0) return { path: rel, problems: [] };
  if (stem === next.id) writing(rel, () => writeAtomic(path, next.text));
  else if (stem !== null) return misnamedConflict(ws, { rel, stem, id: next.id });
  else if (!writing(rel, () => moveTo(ws, path, next))) {
    return conflict(
      rel,
      `${next.id}.md already holds other text for id ${next.id}; validate --fix moved nothing: merge ${rel} into ${next.id}.md by hand and delete ${rel}, or remove the id line of ${rel} and run validate --fix to give it a new id`,
    );
  }
  return {
    from: rel,
    to: join(relative(ws.root, ws.flagsDir), `${next.id}.md`),
    id: next.id,
    added: next.added,
  };
}

/** What `validate` found, and with `fix` what it repaired first. */
export interface ValidateResult {
  files: FileReport[];
  fixed: Adoption[];
}

/** Which files to validate: `paths` (resolved from `cwd`) or the default folders when empty. */
export interface ValidateRequest {
  cwd: string;
  paths: string[];
  /** Give hand-written flag files their id and name first, then validate them again. */
  fix?: boolean | undefined;
}

/**
 * Validates, and with `fix` adopts the hand-written flag files first (the CLI's `validate --fix`
 * and the MCP `validate` tool's `fix`): the reports are of the files as they are afterwards.
 */
export function validateAndFix(ws: Workspace, request: ValidateRequest): ValidateResult {
  const { cwd, paths } = request;
  const first = validateFiles(ws, cwd, paths);
  if (request.fix !== true) return { files: first, fixed: [] };
  const results = adoptFlagFiles(ws, first);
  const done = results.filter((a): a is Adoption => !('problems' in a));
  const moved = new Map(done.map((a) => [join(ws.root, a.from), join(ws.root, a.to)]));
  const again = paths.map((p) => moved.get(userPath(cwd, p)) ?? p);
  return { files: withConflicts(validateFiles(ws, cwd, again), results), fixed: done };
}

/** The reports with each conflict `fix` left (its message and fix) added to its file's report. */
function withConflicts(reports: FileReport[], results: (Adoption | Unadopted)[]): FileReport[] {
  const left = new Map(
    results.flatMap((r) => ('conflict' in r && r.conflict === true ? [[r.path, r.problems]] : [])),
  );
  return reports.map((report) => {
    const extra = left.get(report.path) ?? [];
    if (extra.length === 0) return report;
    return { ...report, valid: false, problems: [...extra, ...report.problems] };
  });
}

/** Every invalid flag file of a validation, in the flags folder, given its id and name. */
export function adoptFlagFiles(
  ws: Workspace,
  reports: readonly { path: string; valid: boolean }[],
): (Adoption | Unadopted)[] {
  return reports
    .map((report) => join(ws.root, report.path))
    .filter((path, i) => !reports[i]?.valid && dirname(path) === ws.flagsDir)
    .flatMap((path) => adoptFlagFile(ws, path) ?? []);
}
