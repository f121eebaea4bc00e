/**
 * Hiding unstaged work in the edge cases lint-staged's suite keeps (modes, line ends, filters,
 * deleted folders): real `git commit` runs the installed hook, whose gate records what it saw.
 * The full scenario table is in docs/gates.md ("Scenarios tried").
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { git, makeRepo, tempDir } from './helpers.js';
import { commit, configureGates, write } from './gate-helpers.js';

/**
 * A gate that copies each staged file, as it sees it, to the same path under the folder `$0`.
 * A shell script: a node gate is ~0.1 s of CPU a run.
 */
const SEEN = `for f; do case $f in */*) mkdir -p "$0/\${f%/*}";; esac; cat "$f" > "$0/$f"; done`;

/** A repository whose one gate logs what it saw; returns it and the log's path (a folder). */
async function seeingRepo(): Promise<{ repo: string; log: string }> {
  const repo = await makeRepo();
  const log = tempDir();
  configureGates(
    repo,
    `  commands:\n    - name: seen\n      command: [sh, -c, ${JSON.stringify(SEEN)}, ${JSON.stringify(log)}, '{staged_files}']\n`,
  );
  return { repo, log };
}

/** The files under `dir`/`sub`, as paths relative to `dir`. */
function filesUnder(dir: string, sub = ''): string[] {
  return readdirSync(join(dir, sub), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(dir, join(sub, entry.name)) : [join(sub, entry.name)],
  );
}

/** What the gate saw: each staged file's content (latin1), by path. */
function seen(log: string): Record<string, string> {
  return Object.fromEntries(
    filesUnder(log).map((path) => [path, readFileSync(join(log, path), 'latin1')]),
  );
}

function exec(repo: string, path: string): boolean {
  return (statSync(join(repo, path)).mode & 0o111) !== 0;
}

function leftovers(repo: string): string[] {
  return git(repo, 'status', '--porcelain', '--untracked-files=all').split('\n').filter(Boolean);
}

/**
 * Commits `file` ("one"), stages "two" in it, deletes the folder `gone` (unstaged), then commits
 * with the hook; its result.
 */
function commitDeleting(repo: string, file: string, gone: string): ReturnType<typeof commit> {
  mkdirSync(join(repo, dirname(file)), { recursive: true });
  write(repo, file, 'one\n');
  git(repo, 'add', file);
  git(repo, 'commit', '-q', '--no-verify', '-m', 'folder');
  write(repo, file, 'two\n');
  git(repo, 'add', file);
  rmSync(join(repo, gone), { recursive: true });
  return commit(repo, []);
}

describe('hiding unstaged work: edge cases', () => {
  it('gives back an unstaged change of mode alone: chmod +x unstaged, and a staged +x undone', async () => {
    const { repo } = await seeingRepo();
    write(repo, 'run.sh', 'echo one\n');
    write(repo, 'tool.sh', 'echo tool\n');
    git(repo, 'add', 'run.sh', 'tool.sh');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'scripts');
    write(repo, 'run.sh', 'echo two\n');
    git(repo, 'add', 'run.sh');
    chmodSync(join(repo, 'run.sh'), 0o755);
    git(repo, 'update-index', '--chmod=+x', 'tool.sh');
    const res = commit(repo, []);
    expect(res.code, res.output).toBe(0);
    expect(res.output).toContain('hidden while gates ran, then restored');
    expect(git(repo, 'ls-tree', 'HEAD', 'run.sh', 'tool.sh')).toMatch(
      /^100644 blob \S+\trun\.sh\n100755 blob \S+\ttool\.sh\n$/,
    );
    expect(exec(repo, 'run.sh')).toBe(true);
    expect(exec(repo, 'tool.sh')).toBe(false);
    expect(leftovers(repo)).toEqual([' M run.sh', ' M tool.sh']);
  });

  it('shows the gates a partially staged file as a checkout writes it: CR LF, smudge filter', async () => {
    const { repo, log } = await seeingRepo();
    git(repo, 'config', 'core.autocrlf', 'true');
    git(repo, 'config', 'filter.up.clean', 'sed s/SECRET/xxx/');
    git(repo, 'config', 'filter.up.smudge', 'sed s/xxx/SECRET/');
    write(repo, '.gitattributes', 'f.txt filter=up\n');
    write(repo, 'c.txt', 'one\r\ntwo\r\n');
    write(repo, 'f.txt', 'a SECRET\n');
    git(repo, 'add', '.gitattributes', 'c.txt', 'f.txt');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'converted files');
    write(repo, 'c.txt', 'one\r\nTWO\r\n');
    write(repo, 'f.txt', 'a SECRET\nB\n');
    git(repo, 'add', 'c.txt', 'f.txt');
    write(repo, 'c.txt', 'one\r\nTWO\r\nthree\r\n');
    write(repo, 'f.txt', 'a SECRET\nB\nc\n');
    const res = commit(repo, []);
    expect(res.code, res.output).toBe(0);
    expect(seen(log)).toEqual({ 'c.txt': 'one\r\nTWO\r\n', 'f.txt': 'a SECRET\r\nB\r\n' });
    expect(git(repo, 'show', 'HEAD:c.txt')).toBe('one\nTWO\n');
    expect(git(repo, 'show', 'HEAD:f.txt')).toBe('a xxx\nB\n');
    expect(readFileSync(join(repo, 'f.txt'), 'utf8')).toBe('a SECRET\nB\nc\n');
    expect(readFileSync(join(repo, 'c.txt'), 'utf8')).toBe('one\r\nTWO\r\nthree\r\n');
    expect(existsSync(join(repo, '.git', 'flagstore', 'backup'))).toBe(false);
  });

  it('shows the stored bytes of a file whose required smudge filter fails (checkout-index skips it)', async () => {
    const { repo, log } = await seeingRepo();
    // The filter's commands are script files of this repository's own, outside its work tree.
    const scripts = join(repo, '.git', 'filters');
    mkdirSync(scripts);
    const [clean, smudge] = [join(scripts, 'clean.sh'), join(scripts, 'smudge.sh')];
    writeFileSync(clean, '#!/bin/sh\ncat\n');
    writeFileSync(smudge, '#!/bin/sh\ncat >/dev/null\nexit 1\n');
    for (const script of [clean, smudge]) chmodSync(script, 0o755);
    git(repo, 'config', 'filter.broken.clean', clean);
    git(repo, 'config', 'filter.broken.smudge', smudge);
    git(repo, 'config', 'filter.broken.required', 'true');
    write(repo, '.gitattributes', 'f.txt filter=broken\n');
    write(repo, 'f.txt', 'one\n');
    write(repo, 'g.txt', 'one\n');
    git(repo, 'add', '.gitattributes', 'f.txt', 'g.txt');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'filtered file');
    for (const file of ['f.txt', 'g.txt']) {
      write(repo, file, 'one\ntwo\n');
      git(repo, 'add', file);
      write(repo, file, 'one\ntwo\nthree\n');
    }
    const res = commit(repo, []);
    expect(res.code, res.output).toBe(0);
    expect(seen(log)).toEqual({ 'f.txt': 'one\ntwo\n', 'g.txt': 'one\ntwo\n' });
    expect(git(repo, 'show', 'HEAD:f.txt')).toBe('one\ntwo\n');
    for (const file of ['f.txt', 'g.txt']) {
      expect(readFileSync(join(repo, file), 'utf8')).toBe('one\ntwo\nthree\n');
    }
    expect(existsSync(join(repo, '.git', 'flagstore', 'backup'))).toBe(false);
  });

  it('an unstaged deletion of a whole folder: the folders the hide made are gone after', async () => {
    const { repo, log } = await seeingRepo();
    const res = commitDeleting(repo, 'd/e/x.txt', 'd');
    expect(res.code, res.output).toBe(0);
    expect(seen(log)).toEqual({ 'd/e/x.txt': 'two\n' });
    expect(git(repo, 'show', 'HEAD:d/e/x.txt')).toBe('two\n');
    expect(existsSync(join(repo, 'd'))).toBe(false);
    expect(leftovers(repo)).toEqual([' D d/e/x.txt']);
  });

  it('removes only the folders the hide made: a folder that was there, left empty, stays', async () => {
    const { repo } = await seeingRepo();
    const res = commitDeleting(repo, 'keep/new/x.txt', 'keep/new');
    expect(res.code, res.output).toBe(0);
    expect(existsSync(join(repo, 'keep', 'new'))).toBe(false);
    expect(statSync(join(repo, 'keep')).isDirectory()).toBe(true);
  });
});
