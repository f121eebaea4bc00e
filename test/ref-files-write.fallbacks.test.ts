/**
 * The ledger ref moved in this process (src/git/ref-files-write.ts) hands the move to git
 * wherever its reading could differ from git's: each case here is one a reviewer found where
 * the in-process move wrote other bytes or permissions than `git update-ref`, or crashed. A move
 * made here must leave the same reflog line git leaves in a copy of the repository.
 */
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gitConfigPaths } from '../src/git/discovery.js';
import { looseCommit } from '../src/git/loose-commit.js';
import { refFilesMove } from '../src/git/ref-files-write.js';
import { git, tempDir } from './helpers.js';
import { nextCopy } from './ref-next.js';
import { lastLine, REASON, REF, withNext } from './ref-helpers.js';

/** A reflog line with its seconds blanked (the zone is kept: it must be git's). */
const untimed = (line: string): string => line.replace(/> \d+ ([+-]\d{4})\t/, '> _ $1\t');

/**
 * Moves the ledger here and with `git update-ref` in a copy: the move is handed to git (null)
 * or leaves git's reflog line and the file modes git leaves.
 */
async function sameAsGit(setUp: (root: string) => void): Promise<boolean | null> {
  const { root, old, next } = await nextCopy();
  setUp(root);
  const twin = tempDir();
  cpSync(root, twin, { recursive: true });
  const moved = refFilesMove(root, { ref: REF, next, old, reason: REASON });
  if (moved === null) return null;
  git(twin, 'update-ref', '-m', REASON, REF, next, old);
  const log = (dir: string): string => join(dir, '.git', 'logs', REF);
  expect(untimed(lastLine(log(root)))).toBe(untimed(lastLine(log(twin))));
  return moved;
}

const saved = { ...process.env };
afterEach(() => {
  for (const name of ['TZ', 'HOME', 'XDG_CONFIG_HOME', 'EMAIL']) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

describe('the in-process ledger move hands to git what it cannot read as git does', () => {
  it('a core.sharedRepository or fsync key given without a value', async () => {
    for (const key of ['sharedRepository', 'fsyncObjectFiles', 'sharedrepository ; c']) {
      const addKey = (root: string): void =>
        appendFileSync(join(root, '.git', 'config'), `[core]\n\t${key}\n`);
      expect(await sameAsGit(addKey)).toBeNull();
    }
  });

  it('names with runs of blanks, tabs, Unicode blanks, non-UTF-8 bytes or a trailing dot', async () => {
    const names = ['Ann  Lee', 'Ann\t\tLee', 'Ann\u00a0Lee', 'Ann Lee.'];
    for (const name of names) {
      const setName = (root: string): void =>
        appendFileSync(join(root, '.git', 'config'), `[user]\n\tname = ${name}  \n`);
      await sameAsGit(setName);
    }
    const latin1 = (root: string): void =>
      appendFileSync(
        join(root, '.git', 'config'),
        Buffer.from('[user]\n\tname = Ren\xe9\n', 'latin1'),
      );
    expect(await sameAsGit(latin1)).toBeNull();
    const runs = (root: string): void => {
      git(root, 'config', 'user.name', 'Ann  Lee');
    };
    expect(await sameAsGit(runs)).toBe(true);
  });

  it('a comment ending in a backslash does not swallow the next line', async () => {
    const comment = (root: string): void =>
      appendFileSync(join(root, '.git', 'config'), '[user]\n\t# note \\\n\tname = Other\n');
    expect(await sameAsGit(comment)).toBe(true);
  });

  it('a TZ libc reads and node does not (a POSIX string); a zone name both read is kept', async () => {
    const { root } = await nextCopy();
    const tree = git(root, 'rev-parse', `${REF}^{tree}`).trim();
    const spec = { tree, parents: [], message: 'm\n', author: 'A', committer: 'A', email: 'a@b' };
    for (const tz of ['IST-5:30', '<+0330>-3:30', 'Nowhere/Else']) {
      process.env.TZ = tz;
      expect(await sameAsGit(() => undefined)).toBeNull();
      expect(looseCommit(root, spec)).toBeNull();
    }
    for (const tz of ['Asia/Kolkata', ':Asia/Kolkata', '/usr/share/zoneinfo/Asia/Kolkata']) {
      process.env.TZ = tz;
      expect(await sameAsGit(() => undefined)).toBe(true);
      expect(looseCommit(root, spec)).not.toBeNull();
    }
  });

  it('a core.hooksPath that is a file, and a HEAD that is a symbolic link', async () => {
    const hooksFile = (root: string): void => {
      writeFileSync(join(root, 'hooks-file'), '');
      git(root, 'config', 'core.hooksPath', 'hooks-file');
    };
    expect(await sameAsGit(hooksFile)).toBeNull();
    const linkHead = (root: string): void => {
      rmSync(join(root, '.git', 'HEAD'));
      symlinkSync(REF, join(root, '.git', 'HEAD'));
    };
    expect(await sameAsGit(linkHead)).toBeNull();
  });

  it('a config.worktree, a bare repository', async () => {
    const worktree = (root: string): void =>
      writeFileSync(join(root, '.git', 'config.worktree'), '');
    expect(await sameAsGit(worktree)).toBeNull();
    const { root, old, next } = await nextCopy();
    git(root, 'config', 'core.bare', 'true');
    expect(refFilesMove(root, { ref: REF, next, old, reason: REASON })).toBeNull();
  });
});

describe('the in-process ledger move reads the config files git reads', () => {
  it('creates no reflog with logAllRefUpdates false when there is none', async () => {
    const noLog = (root: string): void => {
      git(root, 'config', 'core.logAllRefUpdates', 'false');
      rmSync(join(root, '.git', 'logs', REF));
    };
    const { root, old, next } = await nextCopy();
    noLog(root);
    expect(refFilesMove(root, { ref: REF, next, old, reason: REASON })).toBe(true);
    expect(existsSync(join(root, '.git', 'logs', REF))).toBe(false);
  });

  it("reads $HOME/.gitconfig and the XDG file, and HOME as git does (unset: neither; '': /)", async () => {
    const home = tempDir();
    process.env.HOME = home;
    writeFileSync(join(home, '.gitconfig'), '[committer]\n\tname = Home Name\n');
    expect(await sameAsGit(() => undefined)).toBe(true);
    rmSync(join(home, '.gitconfig'));
    mkdirSync(join(home, '.config', 'git'), { recursive: true });
    writeFileSync(join(home, '.config', 'git', 'config'), '[committer]\n\tname = Xdg Name\n');
    expect(await sameAsGit(() => undefined)).toBe(true);
    // A new ledger written here (not a copy of one written before HOME changed) reads it too.
    const { root } = await withNext();
    expect(git(root, 'log', '-g', '-1', '--format=%gn', REF).trim()).toBe('Xdg Name');
    process.env.HOME = '';
    expect(gitConfigPaths('/g', '/g').slice(2, 4)).toEqual(['/.gitconfig', '/.config/git/config']);
    delete process.env.HOME;
    expect(gitConfigPaths('/g', '/g').slice(2, 4)).toEqual(['', '']);
  });
});
