import { execFileSync } from 'node:child_process';
import { chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRepo } from '../src/git/repo.js';
import { cli, git, makeRepo, tempDir } from './helpers.js';
import { committedFlag } from './flag-repo.js';

/** What git itself answers from a folder: the work tree root, or null where it refuses. */
function gitRoot(cwd: string): string | null {
  try {
    return git(cwd, 'rev-parse', '--show-toplevel').trim();
  } catch {
    return null;
  }
}

/** What flagstore finds from a folder: the root, or null where it refuses. */
async function ourRoot(cwd: string): Promise<string | null> {
  return findRepo(cwd).then(
    (repo) => repo.root,
    () => null,
  );
}

/** A PATH whose git fails `rev-parse --show-toplevel` (git's discovery) and runs the rest. */
function noDiscovery(): { PATH: string } {
  const dir = tempDir();
  const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  const script = `#!/bin/sh\ncase "$*" in *--show-toplevel*) exit 97;; esac\nexec '${real}' "$@"\n`;
  writeFileSync(join(dir, 'git'), script, { mode: 0o755 });
  return { PATH: `${dir}:${process.env.PATH ?? ''}` };
}

describe('finding the repository agrees with git', () => {
  it('in a subfolder, below a .git that is not a git directory, and with core.worktree', async () => {
    const repo = await makeRepo();
    const sub = join(repo, 'a', 'b');
    mkdirSync(sub, { recursive: true });
    expect(await ourRoot(sub)).toBe(repo);
    const fake = join(repo, 'fake');
    mkdirSync(join(fake, '.git'), { recursive: true });
    writeFileSync(join(fake, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    expect(await ourRoot(fake)).toBe(gitRoot(fake));
    expect(await ourRoot(fake)).toBe(repo);
    const outer = tempDir();
    git(outer, 'init', '-q');
    mkdirSync(join(outer, 'wt'));
    git(outer, 'config', 'core.worktree', join(outer, 'wt'));
    expect(await ourRoot(join(outer, 'wt'))).toBe(join(outer, 'wt'));
  });

  it('refuses where git refuses: a bare repository inside a work tree, the git directory itself', async () => {
    const repo = await makeRepo();
    const bare = join(repo, 'store.git');
    git(repo, 'init', '-q', '--bare', bare);
    expect(gitRoot(bare)).toBeNull();
    expect(await ourRoot(bare)).toBeNull();
    expect(await ourRoot(join(repo, '.git', 'refs'))).toBe(gitRoot(join(repo, '.git', 'refs')));
  });

  it('finds a plain clone and its linked worktree without running git; asks git for a worktree with its own config', async () => {
    const { repo, id } = await committedFlag();
    const tree = join(tempDir(), 'linked');
    git(repo, 'worktree', 'add', '-q', '-b', 'side', tree);
    // A git that refuses to find a repository: only the walk up to .git can find these (the
    // ledger is still read by git, whose failures are reported, never read as "no flags").
    for (const dir of [repo, tree]) {
      const listed = await cli(dir, ['--json', 'list', '--for', '@b.two'], noDiscovery());
      expect(listed.code, listed.stderr).toBe(0);
      expect(listed.json<{ flags: { id: string }[] }>().flags.map((f) => f.id)).toEqual([id]);
    }
    const found = await findRepo(join(tree, 'flags'));
    expect(found.root).toBe(gitRoot(tree));
    expect(found.gitDir).toBe(git(tree, 'rev-parse', '--absolute-git-dir').trim());
    // A worktree's own config (extensions.worktreeConfig) may move its work tree: git decides.
    writeFileSync(join(found.gitDir, 'config.worktree'), '');
    const noGit = { PATH: tempDir() };
    const linked = await cli(tree, ['list'], noGit);
    expect(linked.code).toBe(8);
    expect(linked.stderr).toContain('git is not installed');
  });

  it.skipIf(process.getuid?.() !== 0)(
    "refuses another user's repository, as git's safe.directory rule does",
    async () => {
      const dir = tempDir();
      git(dir, 'init', '-q');
      mkdirSync(join(dir, 'sub'));
      chownSync(join(dir, '.git'), 65534, 65534);
      expect(gitRoot(join(dir, 'sub'))).toBeNull();
      expect(await ourRoot(join(dir, 'sub'))).toBeNull();
    },
  );
});
