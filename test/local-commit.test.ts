import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localCommit } from '../src/git/local-commit.js';
import { git, makeRepo, tempDir } from './helpers.js';

/** git's own answer: the commit, or null where rev-parse finds none. */
function gits(repo: string, name: string): string | null {
  try {
    return git(repo, 'rev-parse', '--verify', '-q', `${name}^{commit}`).trim();
  } catch {
    return null;
  }
}

/** localCommit's answer where it gives one (null included), else git's: what check and diff use. */
function answered(repo: string, name: string): string | null {
  const local = localCommit(repo, name);
  return local === undefined ? gits(repo, name) : local;
}

/** A repository with two commits on main. */
async function twoCommits(): Promise<string> {
  const repo = await makeRepo();
  git(repo, 'commit', '-q', '--allow-empty', '--no-verify', '-m', 'second');
  return repo;
}

describe('localCommit: HEAD and branch names without git rev-parse', () => {
  it("answers as git does for HEAD, branches, remotes' branches and names that are absent", async () => {
    const repo = await twoCommits();
    git(repo, 'update-ref', 'refs/remotes/origin/main', 'HEAD~1');
    for (const name of ['HEAD', 'main', 'origin/main', 'master', 'origin/master']) {
      expect(localCommit(repo, name), name).toBe(gits(repo, name));
    }
    expect(localCommit(repo, 'master')).toBeNull();
    git(repo, 'pack-refs', '--all');
    for (const name of ['HEAD', 'main', 'origin/main']) {
      expect(localCommit(repo, name), `${name}, packed`).toBe(gits(repo, name));
    }
    const unborn = tempDir();
    git(unborn, 'init', '-q', '-b', 'main');
    expect(localCommit(unborn, 'HEAD')).toBeNull();
    expect(gits(unborn, 'HEAD')).toBeNull();
  });

  it('leaves to git what it cannot be sure of: a tag of the same name, a symbolic branch, object ids', async () => {
    const repo = await twoCommits();
    // git takes the tag before the branch (refs/tags before refs/heads).
    git(repo, 'tag', 'main', 'HEAD~1');
    expect(localCommit(repo, 'main')).toBeUndefined();
    expect(gits(repo, 'main')).not.toBe(git(repo, 'rev-parse', 'refs/heads/main').trim());
    // A branch that is a symbolic ref: git follows it, this leaves it to git.
    git(repo, 'symbolic-ref', 'refs/heads/alias', 'refs/heads/main');
    git(repo, 'symbolic-ref', 'HEAD', 'refs/heads/alias');
    expect(localCommit(repo, 'HEAD')).toBeUndefined();
    expect(localCommit(repo, 'alias')).toBeUndefined();
    // A detached HEAD names its commit itself (as CI checkouts do).
    git(repo, 'checkout', '-q', '--detach', 'HEAD~1');
    expect(localCommit(repo, 'HEAD')).toBe(gits(repo, 'HEAD'));
    // Names no ref holds that git reads as object ids: an abbreviation in capitals, the
    // `<tag>-<n>-g<abbreviation>` of git describe.
    const short = gits(repo, 'HEAD')?.slice(0, 7) ?? '';
    for (const name of [short.toUpperCase(), `v1-2-g${short}`, `topic/fix-g${short}`]) {
      expect(gits(repo, name), name).not.toBeNull();
      expect(answered(repo, name), name).toBe(gits(repo, name));
    }
    // After gc: an answer, when it gives one, is git's.
    const packed = await makeRepo();
    git(packed, 'gc', '-q');
    expect(answered(packed, 'main')).toBe(gits(packed, 'main'));
  });

  it("follows git's order: $GIT_DIR/<name> and refs/<name> before the branch, a remote's HEAD last", async () => {
    const repo = await twoCommits();
    const older = git(repo, 'rev-parse', 'HEAD~1').trim();
    for (const file of ['main', 'refs/main']) {
      writeFileSync(join(repo, '.git', file), `${older}\n`);
      expect(gits(repo, 'main'), file).toBe(older);
      expect(answered(repo, 'main'), file).toBe(older);
      rmSync(join(repo, '.git', file));
    }
    // Packed, with no folder of the remote's left: refs/remotes/origin is then absent.
    git(repo, 'update-ref', '--no-deref', 'refs/remotes/origin/HEAD', older);
    git(repo, 'pack-refs', '--all');
    expect(gits(repo, 'origin')).toBe(older);
    expect(answered(repo, 'origin')).toBe(older);
  });
});
