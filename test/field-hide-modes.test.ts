/**
 * Hiding unstaged work under field conditions: `core.fileMode=false` (a file system without the
 * x bit, where the work tree's modes and the index's differ and git ignores it), and
 * intent-to-add files (`git add -N`). Real `git commit` runs the installed hook; its gate logs
 * what it saw. After the commit the user's files, modes, intent-to-add entries, status, diff and
 * stash are exactly as before.
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { git, makeRepo, tempDir } from './helpers.js';
import { commit, commitFile, configureGates, stageUnderEdit, write } from './gate-helpers.js';
import { userState } from './user-state.js';

/**
 * Copies each named file into the folder `$0` (`<name>.absent`, empty, when it is absent); fails
 * while `fail` (`$1`) exists. A shell script: a node gate is ~0.1 s of CPU a run.
 */
const SEEN = `fail="$1"; shift; for f; do if [ -e "$f" ]; then cat "$f" > "$0/$f"; else : > "$0/$f.absent"; fi; done; test ! -e "$fail"`;

interface Seeing {
  repo: string;
  log: string;
  fail: string;
}

/** A repository whose one gate logs `extra` files and the staged ones. */
async function seeingRepo(...extra: string[]): Promise<Seeing> {
  const repo = await makeRepo();
  const dir = tempDir();
  const [log, fail] = [join(dir, 'seen'), join(dir, 'fail')];
  mkdirSync(log);
  const args = [log, fail, ...extra].map((a) => JSON.stringify(a)).join(', ');
  configureGates(
    repo,
    `  commands:\n    - name: seen\n      command: [sh, -c, ${JSON.stringify(SEEN)}, ${args}, '{staged_files}']\n`,
  );
  return { repo, log, fail };
}

/** What the gate saw: each file's content, null when it was absent. */
function seen(log: string): Record<string, string | null> {
  return Object.fromEntries(
    readdirSync(log).map((name) =>
      name.endsWith('.absent')
        ? [name.slice(0, -'.absent'.length), null]
        : [name, readFileSync(join(log, name), 'latin1')],
    ),
  );
}

/**
 * Everything the user sees of a repository that a passing commit leaves as it was: the work
 * tree against the index (`git diff`, intent-to-add files included), the intent-to-add entries
 * and the untracked files, every file with its mode, the stash and the branches but the current
 * one (userState's status and HEAD move with the commit).
 */
function seenByUser(repo: string): Record<string, unknown> {
  const { status, stash, branches, files } = userState(repo);
  const lines = status.split('\n');
  const ita = lines.filter((line) => line.startsWith('1 .A '));
  const untracked = lines.filter((line) => line.startsWith('? '));
  const others = branches.split('\n').filter((line) => !line.startsWith('refs/heads/main '));
  return { diff: git(repo, 'diff'), ita, untracked, files, stash, others };
}

describe('hiding unstaged work with core.fileMode=false', () => {
  it('gives back content and the modes the file system had, which differ from the index', async () => {
    const { repo, log } = await seeingRepo();
    git(repo, 'config', 'core.fileMode', 'false');
    write(repo, 'a.txt', 'one\n');
    write(repo, 'b.sh', 'echo b\n');
    git(repo, 'add', 'a.txt', 'b.sh');
    git(repo, 'update-index', '--chmod=+x', 'b.sh');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'files');
    write(repo, 'a.txt', 'one\ntwo\n');
    git(repo, 'add', 'a.txt');
    write(repo, 'a.txt', 'one\ntwo\nthree\n');
    write(repo, 'b.sh', 'echo b\necho more\n');
    chmodSync(join(repo, 'a.txt'), 0o755); // the index says 100644
    chmodSync(join(repo, 'b.sh'), 0o644); // the index says 100755
    const before = seenByUser(repo);
    const head = git(repo, 'rev-parse', 'HEAD');
    const res = commit(repo, []);
    expect(res.code, res.output).toBe(0);
    expect(res.output).toContain(
      'unstaged edits in 2 file(s) hidden while gates ran, then restored',
    );
    expect(seen(log)).toEqual({ 'a.txt': 'one\ntwo\n' });
    expect(git(repo, 'ls-tree', 'HEAD', 'a.txt', 'b.sh')).toMatch(
      /^100644 blob \S+\ta\.txt\n100755 blob \S+\tb\.sh\n$/,
    );
    expect(git(repo, 'show', 'HEAD:a.txt')).toBe('one\ntwo\n');
    expect(git(repo, 'rev-parse', 'HEAD~1')).toBe(head);
    expect(seenByUser(repo)).toEqual(before);
    expect(existsSync(join(repo, '.git', 'flagstore', 'backup'))).toBe(false);
  });
});

describe('hiding unstaged work beside intent-to-add files (git add -N)', () => {
  it.each([
    ['passes', 0],
    ['fails', 1],
  ])(
    'when the gate %s: the file, its intent-to-add entry, status and diff are as before',
    async (_, code) => {
      const { repo, log, fail } = await seeingRepo('new.txt');
      if (code === 1) writeFileSync(fail, '');
      commitFile(repo, 'a.txt', 'one\n');
      stageUnderEdit(repo, 'a.txt', 'one\ntwo\n', 'one\ntwo\nthree\n');
      write(repo, 'new.txt', 'a new file, not staged yet\n');
      git(repo, 'add', '-N', 'new.txt');
      const before = seenByUser(repo);
      expect(before.ita).toEqual([
        `1 .A N... 000000 000000 100644 ${'0'.repeat(40)} ${'0'.repeat(40)} new.txt`,
      ]);
      const res = commit(repo, []);
      expect(res.code, res.output).toBe(code);
      // The commit leaves an intent-to-add file out: the gates see it absent.
      expect(seen(log)).toEqual({ 'new.txt': null, 'a.txt': 'one\ntwo\n' });
      expect(seenByUser(repo)).toEqual(before);
      expect(git(repo, 'ls-tree', '--name-only', 'HEAD', 'new.txt')).toBe('');
      expect(git(repo, 'status', '--porcelain', 'a.txt')).toBe(
        code === 0 ? ' M a.txt\n' : 'MM a.txt\n',
      );
    },
  );

  it('hides a deleted file that git would pair with an intent-to-add copy as a rename', async () => {
    const { repo, log } = await seeingRepo('old.txt', 'moved.txt');
    const text = Array.from({ length: 20 }, (_, i) => `line ${i}\n`).join('');
    write(repo, 'old.txt', text);
    git(repo, 'add', 'old.txt');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'old');
    git(repo, 'mv', '-k', 'old.txt', 'moved.txt');
    git(repo, 'reset', '-q', '--', 'old.txt', 'moved.txt');
    git(repo, 'add', '-N', 'moved.txt');
    write(repo, 'a.txt', 'staged\n');
    git(repo, 'add', 'a.txt');
    expect(git(repo, 'diff', '--name-only')).toBe('moved.txt\n');
    const before = seenByUser(repo);
    const res = commit(repo, []);
    expect(res.code, res.output).toBe(0);
    expect(seen(log)).toEqual({ 'old.txt': text, 'moved.txt': null, 'a.txt': 'staged\n' });
    expect(seenByUser(repo)).toEqual(before);
  });
});
