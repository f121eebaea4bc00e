/**
 * git's failures as flagstore errors, in one place: git's own words, the `git` exit code, and
 * the fix where git's message shows one (a repository format this git does not know, a
 * repository owned by another user, a branch in the way of the ledger's, missing objects).
 * Every caller that runs git reports a failure through {@link gitFailure}, never as "no flags".
 */
import { existsSync } from 'node:fs';
import { FlagstoreError } from '../core/errors.js';

/** Where git ran and what it was asked: `git <command> failed: ...`. */
export interface GitRun {
  cwd: string;
  command: string;
}

/**
 * The error to report when starting git failed (git missing, or the folder gone), else null:
 * node says `spawn git ENOENT` (`spawnSync git ENOENT`) for both.
 */
export function spawnFailure(error: unknown, cwd: string): FlagstoreError | null {
  const e = error as NodeJS.ErrnoException;
  if (e.code !== 'ENOENT' || !/spawn(?:Sync)? git\b/.test(String(e.message))) return null;
  if (!existsSync(cwd)) {
    return new FlagstoreError('not_a_repo', `folder ${cwd} does not exist`, {
      fix: 'pass -C a folder inside a git repository, or cd into one',
    });
  }
  return new FlagstoreError('git', 'git is not installed or not on PATH', { fix: 'install git' });
}

/** git's own words for a failure: its standard error, else the error's message. */
export function gitMessage(error: unknown): string {
  const e = error as { stderr?: string | Buffer; message?: string };
  const stderr = e.stderr === undefined ? '' : String(e.stderr);
  return (stderr || e.message || String(error)).trim();
}

/** A path as a shell word the user can paste. */
function shellWord(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}

/** git refusing a repository another user owns (safe.directory). */
function ownershipFix(message: string): string | undefined {
  const path = /detected dubious ownership in repository at '(.+)'$/m.exec(message)?.[1];
  return path === undefined
    ? undefined
    : `if you trust this repository: git config --global --add safe.directory ${shellWord(path)}`;
}

/** A repository format (an extension such as reftable) this git does not know. */
function extensionFix(message: string): string | undefined {
  if (!/unknown repository extensions? found/i.test(message)) return undefined;
  const names = [...message.matchAll(/^\s+(\S+)$/gm)].map((m) => m[1]).join(', ');
  return `upgrade git to a version that knows this repository's format (${names || 'its extensions'}; this one: git --version), or use the git that made the repository`;
}

/** The refs of a directory/file conflict git reported: the one there, the one wanted. */
export function refConflict(message: string): { existing: string; wanted: string } | null {
  const found = /'(refs\/[^']+)' exists; cannot create '(refs\/[^']+)'/.exec(message);
  return found === null ? null : { existing: found[1] as string, wanted: found[2] as string };
}

const branchOf = (ref: string): string => ref.replace(/^refs\/heads\//, '');

/** A branch whose name makes the ledger's impossible (`a` against `a/b`, or `a/b` against `a`). */
function conflictFix(message: string): string | undefined {
  const conflict = refConflict(message);
  if (conflict === null) return undefined;
  const existing = branchOf(conflict.existing);
  const wanted = branchOf(conflict.wanted);
  const renamed = existing.includes('/') ? existing.replace(/\//g, '-') : `${existing}-branch`;
  const other = wanted.includes('/') ? wanted.replace(/\//g, '-') : `${wanted}-ledger`;
  return `the branch ${existing} is in the way of ${wanted}: rename it (git branch -m ${existing} ${renamed}), or set another ledger branch in .flagstore.yml (ledger: { branch: ${other} })`;
}

/** Messages of git that mean an object is missing (or unreadable) from the repository. */
const MISSING_OBJECT =
  /not a valid object name|not a tree object|bad object|invalid object|unable to read (?:tree |sha1 file |[0-9a-f]{7})|could not get object info|missing (?:blob|tree|commit)|object .* is corrupt/i;

/** True when git's message says an object is missing: pruned by `git gc` under a write, or lost. */
export function missingObject(message: string): boolean {
  return MISSING_OBJECT.test(message);
}

function missingFix(message: string): string | undefined {
  return missingObject(message)
    ? 'git fsck names what is missing; fetch it again from a clone that has it (git fetch), then retry'
    : undefined;
}

/** The fix git's message points to, if any. */
export function gitFix(message: string): string | undefined {
  for (const fix of [ownershipFix, extensionFix, conflictFix, missingFix]) {
    const found = fix(message);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** True when git says the folder is in no repository (or in one without a work tree). */
export function notARepository(message: string): boolean {
  return /not a git repository|must be run in a work tree/i.test(message);
}

/**
 * Any failure of a git run as a FlagstoreError: git missing, else `git <command> failed: <what
 * git said>` with the `git` exit code and the fix git's message shows. A FlagstoreError is
 * kept as it is.
 */
export function gitFailure(error: unknown, run: GitRun): FlagstoreError {
  if (error instanceof FlagstoreError) return error;
  const spawn = spawnFailure(error, run.cwd);
  if (spawn !== null) return spawn;
  const message = gitMessage(error);
  const fix = gitFix(message);
  return new FlagstoreError('git', `git ${run.command} failed: ${message}`, fix ? { fix } : {});
}
