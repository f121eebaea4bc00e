/**
 * Finding the repository the way git finds a plain one, without starting git, with node's
 * built-ins only: both the full code (src/git/repo.ts) and the answer cache in front of it
 * (src/cli/answer-key.ts, bundled without flagstore's other modules) use it, so both find the
 * same folders. Anything unusual returns null, and the caller asks git (or stays out of the way).
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/** Variables that change how git finds a repository: with any of them set, git itself decides. */
export const DISCOVERY_ENV: readonly string[] = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_CEILING_DIRECTORIES',
  'GIT_DISCOVERY_ACROSS_FILESYSTEM',
];

/** Variables that give git settings through the environment (`git -c`, a hook's caller's). */
export const CONFIG_ENV: readonly string[] = [
  'GIT_CONFIG',
  'GIT_CONFIG_COUNT',
  'GIT_CONFIG_PARAMETERS',
  'GIT_CONFIG_GLOBAL',
  'GIT_CONFIG_SYSTEM',
];

/** The nearest `.git` entry above a folder, and what it is. */
export interface DotGit {
  /** The work tree: the folder holding `.git`. */
  root: string;
  /** The git directory: `.git` itself, or where a `.git` file's `gitdir:` line points. */
  gitDir: string;
  /** True when `.git` is a file (a linked worktree or a submodule). */
  linked: boolean;
  /** The user id owning `.git` (git's safe.directory rule looks at it). */
  owner: number;
}

/** What a `.git` entry in `dir` says, or undefined when there is none. */
function dotGitIn(dir: string): DotGit | null | undefined {
  const dotGit = join(dir, '.git');
  const stat = statSync(dotGit, { throwIfNoEntry: false });
  if (stat === undefined) return undefined;
  const found = { root: dir, gitDir: dotGit, linked: false, owner: stat.uid };
  if (stat.isDirectory()) return found;
  const match = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'));
  if (match === null) return null;
  const target = (match[1] as string).trim();
  return { ...found, gitDir: isAbsolute(target) ? target : resolve(dir, target), linked: true };
}

/**
 * The nearest folder above the real `cwd` with a `.git` entry, on the same file system, as
 * git's discovery finds it; null where git must decide: a discovery variable set, a folder
 * inside a git directory, a bare repository or a mount point on the way up, an unreadable
 * folder or `.git` file.
 */
export function nearestDotGit(cwd: string): DotGit | null {
  if (DISCOVERY_ENV.some((name) => process.env[name] !== undefined)) return null;
  try {
    let dir = realpathSync.native(cwd);
    if (/(^|\/)\.git(\/|$)/.test(dir)) return null;
    const device = statSync(dir).dev;
    for (;;) {
      const found = dotGitIn(dir);
      if (found !== undefined) return found;
      const up = dirname(dir);
      const bare = statSync(join(dir, 'HEAD'), { throwIfNoEntry: false }) !== undefined;
      if (up === dir || bare || statSync(up).dev !== device) return null;
      dir = up;
    }
  } catch {
    return null;
  }
}

/** The git dir shared by all worktrees of the one `gitDir` belongs to. */
export function commonDirOf(gitDir: string): string {
  let common: string;
  try {
    common = readFileSync(join(gitDir, 'commondir'), 'utf8').trim();
  } catch {
    return gitDir;
  }
  return isAbsolute(common) ? common : resolve(gitDir, common);
}

/**
 * The common dir of a linked worktree's git dir as `git worktree add` makes one
 * (`<common dir>/worktrees/<name>`, no `config.worktree`); null for any other git dir (a
 * submodule's, `--separate-git-dir`'s), which git must read.
 */
export function linkedCommonDir(gitDir: string): string | null {
  const common = commonDirOf(gitDir);
  if (dirname(gitDir) !== join(common, 'worktrees')) return null;
  return existsSync(join(gitDir, 'config.worktree')) ? null : common;
}

/** A path under HOME as git makes it: `${HOME}/rest` (HOME='' gives `/rest`); none when unset. */
function underHome(rest: string): string | undefined {
  const home = process.env.HOME;
  return home === undefined ? undefined : `${home}/${rest}`;
}

/**
 * git's configuration files for a repository, as git reads them: the repository's, the
 * worktree's, the user's (`$HOME/.gitconfig` and the XDG one; an empty XDG_CONFIG_HOME is unset;
 * HOME is read as git reads it, not as os.homedir() guesses it: unset, git reads neither) and the
 * system's. Files named by GIT_CONFIG_* variables are not among them. A file git does not read
 * is an empty string, so each keeps its place.
 */
export function gitConfigPaths(gitDir: string, commonDir: string): string[] {
  const xdgHome = process.env.XDG_CONFIG_HOME;
  const key = JSON.stringify([gitDir, commonDir, xdgHome ?? null, process.env.HOME ?? null]);
  let paths = configPaths.get(key);
  if (paths === undefined) {
    const xdg = xdgHome ? join(xdgHome, 'git', 'config') : underHome('.config/git/config');
    const [local, worktree] = [join(commonDir, 'config'), join(gitDir, 'config.worktree')];
    paths = [local, worktree, underHome('.gitconfig') ?? '', xdg ?? '', '/etc/gitconfig'];
    configPaths.set(key, paths);
  }
  return [...paths];
}

/**
 * The lists above, by their folders and variables: a write asks for them at every object it
 * reads or writes, and joining the paths each time made node's path code hot enough for V8 to
 * optimise it on a background thread, which the process then waited for as it ended.
 */
const configPaths = new Map<string, string[]>();

/**
 * Each file's path and identity (inode, size, modification and change times, mode), `-` for a
 * file that cannot be read: a key that changes whenever one of them is written or replaced.
 */
export function fileStamps(paths: string[]): string[] {
  return paths.map((file) => {
    try {
      // A missing file (the usual case for two of git's five) is no exception: making one costs
      // more than the stat, and a write asks for these stamps at every object it reads or writes.
      const s = statSync(file, { bigint: true, throwIfNoEntry: false });
      if (s === undefined) return `${file}\0-`;
      return `${file}\0${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}:${s.mode}`;
    } catch {
      return `${file}\0-`;
    }
  });
}
