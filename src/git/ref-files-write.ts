/**
 * The ledger ref's compare-and-swap in this process, as git's files backend makes it
 * (refs/files-backend.c), for the plain case only: take `<ref>.lock` with O_CREAT|O_EXCL (the
 * lock every git takes, so a `git update-ref` racing with this one waits for it or fails), read
 * the ref under the lock (its file, else its `packed-refs` line) and compare it with the old
 * value, write `<new>\n` into the lock, append the reflog line git would append, and rename the
 * lock onto the ref. git's default `core.fsync` flushes neither the ref nor its reflog, so
 * neither is flushed here (any `fsync` setting sends the repository to git: loose.ts).
 *
 * Anything this module is not sure of answers null, and the caller runs `git update-ref`
 * instead: see {@link refFilesMove} for the list.
 */
import {
  closeSync,
  constants,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { FlagstoreError } from '../core/errors.js';
import { configBool, configValues, type ConfigValues } from '../core/git-config.js';
import { gitConfigPaths } from './discovery.js';
import { configStamp, looseStore, refFilesValue } from './loose.js';
import { gitTime, plainIdentPart, plainTimeZone } from './loose-commit.js';
import { refuseStaleLockFile } from './ref-lock.js';

/** A ref move from `old` (a commit: the ref must be there) to `next`, logged with `reason`. */
export interface FilesMove {
  ref: string;
  next: string;
  old: string;
  reason: string;
}

/** A branch name whose every component git takes as it is (check-ref-format's rules, strictly). */
const PLAIN_REF =
  /^refs\/heads\/(?:[A-Za-z0-9_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*\/)*[A-Za-z0-9_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*$/;
const SHA1 = /^[0-9a-f]{40}$/;
/** A reflog message git keeps as it is (normalize_reflog_message changes none of it). */
const PLAIN_REASON = /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/;
/** `GIT_*` variables that do not change how git moves a ref or what its reflog says. */
const HARMLESS_ENV =
  /^GIT_(?:COMMITTER_(?:NAME|EMAIL)|AUTHOR_(?:NAME|EMAIL|DATE)|SSL_\w+|SSH(?:_\w+)?|ASKPASS|TERMINAL_PROMPT|PAGER|EDITOR|SEQUENCE_EDITOR|HTTP_\w+|MERGE_AUTOEDIT)$/;

/** The config keys that decide the move (lower case, as configValues takes them). */
const KEYS = [
  'core.logallrefupdates',
  'core.hookspath',
  'core.bare',
  'user.name',
  'user.email',
  'committer.name',
  'committer.email',
];

/** What the config files say about a ref move: the reflog rule, the hooks folder, the identity. */
interface MoveSettings {
  /** core.logAllRefUpdates: true (refs/heads/* get a reflog), false (only existing ones), always. */
  log: boolean | 'always';
  hooks: string;
  name: string | undefined;
  email: string | undefined;
}

/** git's config files from the lowest priority to the highest (the last value wins). */
function configFiles(gitDir: string): string[] {
  const [local, , home, xdg, system] = gitConfigPaths(gitDir, gitDir);
  // A file git does not read (no HOME, say) is an empty path.
  return [system, xdg, home, local].filter((file): file is string => !!file);
}

function readValues(gitDir: string): ConfigValues | null {
  if (statSync(join(gitDir, 'config.worktree'), { throwIfNoEntry: false }) !== undefined) {
    return null;
  }
  const merged: ConfigValues = new Map();
  for (const file of configFiles(gitDir)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const values = configValues(text, KEYS);
    if (values === null) return null;
    for (const [key, value] of values) merged.set(key, value);
  }
  return merged;
}

function text(value: string | true | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** core.logAllRefUpdates as git reads it (unset in a repository with a work tree: true). */
function logRule(value: string | true | undefined): boolean | 'always' | null {
  if (value === 'always') return 'always';
  return configBool(value) ?? (value === undefined ? true : null);
}

/** The settings, or null when a value is one git could read otherwise (or a bare repository). */
function settingsOf(root: string, gitDir: string): MoveSettings | null {
  const values = readValues(gitDir);
  if (values === null || configBool(values.get('core.bare')) === true) return null;
  const log = logRule(values.get('core.logallrefupdates'));
  const hooksPath = values.get('core.hookspath');
  if (log === null || hooksPath === true || hooksPath?.startsWith('~')) return null;
  const hooks = hooksPath === undefined ? join(gitDir, 'hooks') : resolve(root, hooksPath);
  return {
    log,
    hooks,
    name: text(values.get('committer.name')) ?? text(values.get('user.name')),
    email: text(values.get('committer.email')) ?? text(values.get('user.email')),
  };
}

const settingsCache = new Map<string, { stamp: string; settings: MoveSettings | null }>();

function settings(root: string, gitDir: string): MoveSettings | null {
  const stamp = configStamp(gitDir);
  const known = settingsCache.get(gitDir);
  if (known?.stamp === stamp) return known.settings;
  const found = settingsOf(root, gitDir);
  settingsCache.set(gitDir, { stamp, settings: found });
  return found;
}

/** The reflog's identity, `name <email>`, as git_committer_info finds it; null: ask git. */
function identity(found: MoveSettings): string | null {
  const env = process.env;
  const name = env.GIT_COMMITTER_NAME ?? found.name;
  const email = env.GIT_COMMITTER_EMAIL ?? found.email ?? env.EMAIL;
  if (name === undefined || email === undefined) return null;
  return plainIdentPart(name) && plainIdentPart(email) ? `${name} <${email}>` : null;
}

/** True when HEAD points at the ref: git would log the move in HEAD's reflog too. */
function headIsRef(gitDir: string, ref: string): boolean | null {
  try {
    // A symbolic link HEAD (git's old way) may name the ref through the link: git decides.
    if (lstatSync(join(gitDir, 'HEAD')).isSymbolicLink()) return null;
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8');
    return head.trim() === `ref: ${ref}` || !/^(ref: refs\/\S+|[0-9a-f]{40})\n?$/.test(head);
  } catch {
    return null;
  }
}

/** What a move needs, when every condition for making it here holds. */
interface Ready {
  gitDir: string;
  who: string;
  log: boolean | 'always';
}

function plainEnv(): boolean {
  return Object.keys(process.env).every(
    (name) => !name.startsWith('GIT_') || HARMLESS_ENV.test(name),
  );
}

/** Everything {@link refFilesMove} checks before it takes the lock; null: ask git. */
function ready(root: string, target: { ref: string; reason: string }): Ready | null {
  const plainRef = PLAIN_REF.test(target.ref) && !/\.lock(\/|$)/.test(target.ref);
  if (!plainRef || !PLAIN_REASON.test(target.reason) || !plainEnv()) return null;
  const store = looseStore(root);
  if (store === null) return null;
  const found = settings(root, store.gitDir);
  const who = found === null ? null : identity(found);
  if (found === null || who === null || headIsRef(store.gitDir, target.ref) !== false) return null;
  if (!plainTimeZone() || !noHook(join(found.hooks, 'reference-transaction'))) return null;
  return { gitDir: store.gitDir, who, log: found.log };
}

/** True when the hook is surely absent; any doubt (core.hooksPath a file: ENOTDIR) is false. */
function noHook(hook: string): boolean {
  try {
    statSync(hook);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/**
 * True when a move of `ref` would be made in this process (see {@link refFilesMove}); asked
 * before a write starts `git update-ref` ahead, so a write that moves the ref here starts none.
 */
export function canMoveRefFiles(root: string, target: { ref: string; reason: string }): boolean {
  return ready(root, target) !== null;
}

/** Appends git's reflog line for the move when git would: false when that failed. */
function appendReflog(go: Ready, move: FilesMove): boolean {
  const path = join(go.gitDir, 'logs', move.ref);
  const line = `${move.old} ${move.next} ${go.who} ${gitTime(new Date())}\t${move.reason}\n`;
  let fd: number;
  try {
    if (go.log === false) {
      fd = openSync(path, constants.O_APPEND | constants.O_WRONLY);
    } else {
      mkdirSync(dirname(path), { recursive: true });
      fd = openSync(path, constants.O_APPEND | constants.O_WRONLY | constants.O_CREAT, 0o666);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return go.log === false && (code === 'ENOENT' || code === 'EISDIR');
  }
  try {
    writeSync(fd, line);
    return true;
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}

/** Under the lock: check the old value, write the new one into the lock; see refFilesMove. */
function writeLocked(go: Ready, move: FilesMove, fd: number): boolean | null {
  try {
    const current = refFilesValue(go.gitDir, move.ref);
    if (current === null) return null;
    if (current !== move.old) return false;
    writeSync(fd, `${move.next}\n`);
  } finally {
    closeSync(fd);
  }
  return appendReflog(go, move) ? true : null;
}

/**
 * Moves `ref` from `old` to `next` in this process, as `git update-ref -m <reason> <ref> <next>
 * <old>` does in a plain repository: true when moved, false when the ref was not at `old` (or
 * its lock was taken: another writer is moving it), null when git must do it. A lock file nobody
 * has touched for 30 s throws, with the fix. The lock is removed on every path but success.
 *
 * git does it (null) for: a repository loose.ts leaves to git (Windows, a linked worktree,
 * SHA-256, reftable, `core.sharedRepository`, any `fsync` setting, config includes, variables
 * that move the git dir or give settings), any other `GIT_*` variable but the identity's and a
 * few transport ones (`GIT_COMMITTER_DATE` among them), a `config.worktree`, a bare
 * repository, a config value this reader is not sure of, a `reference-transaction` hook
 * (in `core.hooksPath` too), an identity git would make up or clean (no `user.name` or
 * `user.email`), HEAD pointing at the ref (git logs the move there too) or a symbolic link, a
 * `core.hooksPath` that cannot be looked in, a `TZ` that node and libc may read differently (a
 * POSIX string: see plainTimeZone), a ref name or reason outside the plain set, a ref that must
 * not exist yet (its creation), a symbolic or unreadable ref, a file in the way of the ref's
 * folder (git reports the conflict: src/git/git-failure.ts), and a reflog that cannot be written.
 */
export function refFilesMove(root: string, move: FilesMove): boolean | null {
  const go = SHA1.test(move.next) && SHA1.test(move.old) ? ready(root, move) : null;
  if (go === null) return null;
  const path = join(go.gitDir, move.ref);
  const lock = `${path}.lock`;
  let fd: number;
  try {
    // A file where a folder of the ref's name must go (a branch `a` in the way of `a/b`) fails
    // here, EEXIST too: git moves the ref instead, or says why it cannot.
    mkdirSync(dirname(path), { recursive: true });
  } catch {
    return null;
  }
  try {
    fd = openSync(lock, 'wx', 0o666);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return null;
    refuseStaleLockFile(lock);
    return false;
  }
  let moved: boolean | null = null;
  try {
    const outcome = writeLocked(go, move, fd);
    if (outcome === true) renameSync(lock, path);
    moved = outcome;
    return outcome;
  } catch (error) {
    throw new FlagstoreError('git', `could not move ${move.ref}: ${(error as Error).message}`, {
      fix: `check that the repository's .git folder is writable, then retry`,
    });
  } finally {
    if (moved !== true) rmSync(lock, { force: true });
  }
}
