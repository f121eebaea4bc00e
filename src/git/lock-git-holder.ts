/**
 * The git process that most likely holds a ref's lock file, on Linux. git writes the ref's next
 * value into its lock file and closes it before the rename, so, unlike flagstore (lock-owner.ts),
 * it is not seen holding the file open; a slow one (`git update-ref --stdin` between `prepare` and
 * `commit`, a long `git fetch` or `gc`) is found instead by what can be read of it: a git process
 * of this PID namespace working in the lock's repository (its working folder, where git moves
 * to the top of its work tree) that was already running when the lock file was written. Read only
 * once a lock has stood in a write's way, never on a write's ordinary path.
 */
import { readFileSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { clipText } from '../core/clip.js';
import { oneLine } from '../core/sanitize.js';
import { commonDirOf, nearestDotGit } from './discovery.js';
import { otherPids, statFields, stoppedState } from './lock-owner.js';

/** A live git process that most likely holds a lock file: its pid, state and command line. */
export interface GitHolder {
  pid: number;
  stopped: boolean;
  command: string;
}

const PROC = '/proc';

/** Clock ticks a second in `/proc/<pid>/stat` (USER_HZ: 100 on every Linux flagstore runs on). */
const TICKS = 100;

/** How much earlier than the lock file a process may seem to start and still be its holder. */
const SLACK_S = 1;

/** The common git dir of the repository a folder is in (inside a git dir: that one), or null. */
function commonDirAt(folder: string): string | null {
  const inside = /^(.*?\/\.git)(\/|$)/.exec(folder)?.[1];
  if (inside !== undefined) return commonDirOf(inside);
  const dot = nearestDotGit(folder);
  return dot === null ? null : commonDirOf(dot.gitDir);
}

/** True when a process works in the repository whose common dir holds `lock` (both real paths). */
function worksOn(pid: string, lock: string): boolean {
  try {
    const common = commonDirAt(readlinkSync(`${PROC}/${pid}/cwd`));
    return common !== null && lock.startsWith(`${realpathSync(common)}/`);
  } catch {
    return false;
  }
}

/** A process's command line, word by word; none when it is gone. */
function commandWords(pid: string): string[] {
  try {
    return readFileSync(`${PROC}/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

/** A git process's command line as one short, safe line. */
function commandOf(pid: string): string {
  const words = commandWords(pid);
  return words.length === 0 ? 'git' : clipText(oneLine(words.join(' ')), 80);
}

/**
 * git commands that read and never take a ref's lock: a long-lived one (an editor's
 * `git cat-file --batch`, a paged `git log`) started before a lock left by a killed writer was
 * named as its holder, and its fix said to wait for it instead of to remove the lock.
 */
const READERS = new Set([
  'blame',
  'cat-file',
  'check-attr',
  'check-ignore',
  'diff',
  'diff-files',
  'diff-index',
  'diff-tree',
  'grep',
  'log',
  'ls-files',
  'ls-tree',
  'rev-list',
  'rev-parse',
  'show',
  'status',
  'upload-pack',
]);

/**
 * git's own options that take their value as the next word (`git --git-dir .git log`): that
 * word is no subcommand. Each also takes `--option=value`, one word.
 */
const VALUED = new Set(['-c', '-C', '--git-dir', '--work-tree', '--namespace', '--config-env']);

/**
 * True when a git process runs one of the {@link READERS}: its first word that is no option, or
 * the program's own name (`git-upload-pack`, as a fetch from this repository starts it).
 */
function readsOnly(pid: string): boolean {
  const [program = '', ...words] = commandWords(pid);
  const named = /^git-(.+)$/.exec(basename(program))?.[1];
  if (named !== undefined) return READERS.has(named);
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i] ?? '';
    if (VALUED.has(word)) i += 1;
    else if (!word.startsWith('-')) return READERS.has(word);
  }
  return false;
}

/** True when the process's name is git's (`git`, or a `git-*` program such as git-receive-pack). */
function isGit(pid: string): boolean {
  try {
    return /^git(-|$)/.test(readFileSync(`${PROC}/${pid}/comm`, 'utf8').trim());
  } catch {
    return false;
  }
}

/** The lock file's real path and when it was written, in seconds since boot; null when gone. */
function lockedAt(path: string): { lock: string; at: number } | null {
  try {
    const lock = realpathSync(path);
    const uptime = Number(readFileSync(`${PROC}/uptime`, 'utf8').split(' ')[0]);
    return { lock, at: uptime - (Date.now() - statSync(lock).mtimeMs) / 1000 };
  } catch {
    return null;
  }
}

/** A git process of this namespace (not this one): its pid, start (s since boot), stopped or not. */
interface Candidate {
  pid: string;
  start: number;
  stopped: boolean;
}

/** The git processes of this namespace other than this one that may take a ref's lock. */
function gitProcesses(): Candidate[] {
  return otherPids().flatMap((pid) => {
    const fields = isGit(pid) && !readsOnly(pid) ? statFields(pid) : null;
    return fields === null
      ? []
      : [{ pid, start: Number(fields[19]) / TICKS, stopped: stoppedState(fields[0]) }];
  });
}

/**
 * The git process working in the lock file's repository that started last before the file was
 * written, or null: none, not Linux, or the file gone.
 */
export function gitLockHolder(path: string): GitHolder | null {
  if (process.platform !== 'linux') return null;
  const locked = lockedAt(path);
  if (locked === null) return null;
  const before = gitProcesses()
    .filter((p) => p.start <= locked.at + SLACK_S)
    .sort((a, b) => b.start - a.start);
  const holder = before.find((p) => worksOn(p.pid, locked.lock));
  if (holder === undefined) return null;
  return { pid: Number(holder.pid), stopped: holder.stopped, command: commandOf(holder.pid) };
}
