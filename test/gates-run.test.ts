import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, git, makeRepo, tempDir } from './helpers.js';
import { commit, configureGates, FMT_GATE, gate, read, write } from './gate-helpers.js';

const GOOD = 'export const a = 1;\n';
const BAD = 'export   const a=1\n';

/**
 * A gate that fails when a staged .ts file holds two spaces in a row (BAD does, GOOD does not):
 * a shell and grep, where prettier costs ~0.6 s of CPU a run and a node process ~0.1 s. For the
 * tests of which content a gate judges; the first test runs prettier itself.
 *
 * Only the tests whose subject is the hook (blocking `git commit`, what `git commit -a` and
 * `git commit <path>` hand it, a terminal) commit through it; the others run
 * `flagstore gate pre-commit` in this process with `gate()`, the hook's own entry: no `git
 * commit` and no node process per run.
 */
const SPACES_GATE = `  commands:
    - name: fmt
      command: [sh, -c, '! grep -l "  " "$@"', sh, '{staged_files}']
      files: '*.ts'
`;

describe('external gates on real commits', () => {
  it('a failing fmt gate blocks the commit and prints one line per gate and the output tail', async () => {
    const repo = await makeRepo();
    configureGates(repo, FMT_GATE);
    write(repo, 'a.ts', BAD);
    git(repo, 'add', 'a.ts');
    const res = commit(repo, []);
    expect(res.code).not.toBe(0);
    expect(res.output).toMatch(/fail {2}fmt +\d+ms {2}exit code 1/);
    expect(res.output).toContain('--- fmt (last lines) ---');
    expect(res.output).toContain('a.ts');
    expect(res.output).toMatch(/pass {2}flags/);
    write(repo, 'a.ts', GOOD);
    git(repo, 'add', 'a.ts');
    const ok = await gate(repo);
    expect(ok.output).toMatch(/pass {2}fmt/);
    expect(ok.code).toBe(0);
  });

  it('lines up the times of gates whose names are longer than the usual column', async () => {
    const repo = await makeRepo();
    configureGates(
      repo,
      `  commands:\n    - name: typecheck-strict\n      command: "true"\n    - name: fmt\n      command: "true"\n`,
    );
    write(repo, 'a.txt', 'a\n');
    git(repo, 'add', 'a.txt');
    const res = await cli(repo, ['gate', 'pre-commit'], { NO_COLOR: '1' });
    expect(res.code, res.stderr).toBe(0);
    const timed = res.stdout.split('\n').filter((line) => /^pass {2}\S+ +\d+ms$/.test(line));
    expect(timed.map((line) => line.split(' ').filter(Boolean)[1])).toEqual(
      expect.arrayContaining(['flags', 'typecheck-strict', 'fmt']),
    );
    // Every time ends in the same column, after the longest name and one space.
    expect(new Set(timed.map((line) => line.length))).toEqual(new Set([6 + 16 + 1 + 7]));
  });

  it('skips a gate when no staged file matches its pattern, and on FLAGSTORE_SKIP', async () => {
    const repo = await makeRepo();
    configureGates(repo, FMT_GATE);
    write(repo, 'notes.txt', 'x  y\n');
    git(repo, 'add', 'notes.txt');
    const res = await gate(repo);
    expect(res.code).toBe(0);
    expect(res.output).toMatch(/skip {2}fmt +no staged file matches \*\.ts/);
    git(repo, 'reset', '-q', '--', 'notes.txt');
    write(repo, 'a.ts', BAD);
    git(repo, 'add', 'a.ts');
    const skipped = await gate(repo, { FLAGSTORE_SKIP: 'fmt' });
    expect(skipped.code).toBe(0);
    expect(skipped.output).toMatch(/skip {2}fmt +FLAGSTORE_SKIP/);
  });

  it('judges a partially staged file by its staged content and keeps the unstaged edits', async () => {
    const repo = await makeRepo();
    configureGates(repo, SPACES_GATE);
    write(repo, 'a.ts', GOOD);
    git(repo, 'add', 'a.ts');
    write(repo, 'a.ts', `${GOOD}${BAD}`);
    const res = await gate(repo);
    expect(res.code).toBe(0);
    expect(res.output).toContain(
      'unstaged edits in 1 file(s) hidden while gates ran, then restored',
    );
    expect(read(repo, 'a.ts')).toBe(`${GOOD}${BAD}`);
    expect(git(repo, 'show', ':a.ts')).toBe(GOOD);
    git(repo, 'commit', '-q', '--no-verify', '-m', 'a.ts judged');
    write(repo, 'b.ts', BAD);
    git(repo, 'add', 'b.ts');
    write(repo, 'b.ts', GOOD);
    const refused = await gate(repo);
    expect(refused.code).not.toBe(0);
    expect(read(repo, 'b.ts')).toBe(GOOD);
    expect(git(repo, 'diff', '--cached', '--name-only')).toBe('b.ts\n');
  });

  it('follows GIT_INDEX_FILE: git commit -a and git commit <path> judge what they commit', async () => {
    const repo = await makeRepo();
    configureGates(repo, SPACES_GATE);
    write(repo, 'a.ts', GOOD);
    write(repo, 'b.ts', GOOD);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'set-up');
    write(repo, 'a.ts', BAD);
    expect(commit(repo, ['-a']).code).not.toBe(0);
    write(repo, 'b.ts', `${GOOD}// b\n`);
    const onlyB = commit(repo, ['b.ts']);
    expect(onlyB.code).toBe(0);
    expect(read(repo, 'a.ts')).toBe(BAD);
    expect(git(repo, 'show', 'HEAD:a.ts')).toBe(GOOD);
  });

  it('times out a slow gate, kills it, and keeps unstaged edits', async () => {
    const repo = await makeRepo();
    configureGates(
      repo,
      `  commands:\n    - name: slow\n      command: [sleep, '120']\n      timeout: 1\n`,
    );
    write(repo, 'a.ts', GOOD);
    git(repo, 'add', 'a.ts');
    write(repo, 'a.ts', 'unstaged work\n');
    const res = await gate(repo);
    expect(res.code).not.toBe(0);
    expect(res.output).toMatch(/fail {2}slow +\d+ms {2}timed out after 1s/);
    expect(read(repo, 'a.ts')).toBe('unstaged work\n');
  });

  it('a crashing gate fails and keeps unstaged edits; a command that is not installed says so', async () => {
    const repo = await makeRepo();
    configureGates(
      repo,
      `  commands:\n    - name: crash\n      command: [sh, -c, 'kill -SEGV $$']\n    - name: missing\n      command: flagstore-no-such-tool --check\n`,
    );
    write(repo, 'a.ts', GOOD);
    git(repo, 'add', 'a.ts');
    write(repo, 'a.ts', 'unstaged work\n');
    const res = await gate(repo);
    expect(res.code).not.toBe(0);
    expect(res.output).toContain('killed by SIGSEGV');
    // The reason wraps to the hook's 80 columns, under the gate's name.
    expect(res.output.replace(/\n {6}/g, ' ')).toContain(
      'flagstore-no-such-tool is not installed (not found on PATH)',
    );
    expect(read(repo, 'a.ts')).toBe('unstaged work\n');
  });

  it('a gate that modifies files fails (gates check, they do not fix)', async () => {
    const repo = await makeRepo();
    configureGates(
      repo,
      `  commands:\n    - name: fixer\n      command: [sh, -c, 'for f; do echo "// fixed" >> "$f"; done', sh, '{staged_files}']\n`,
    );
    write(repo, 'a.ts', GOOD);
    git(repo, 'add', 'a.ts');
    const res = await gate(repo);
    expect(res.code).not.toBe(0);
    expect(res.output).toContain('modified files (a gate must check, not fix): a.ts');
  });

  it('passes hostile file names as single arguments, never through a shell', async () => {
    const repo = await makeRepo();
    const out = join(tempDir(), 'args.txt');
    write(repo, 'x.ts', GOOD);
    git(repo, 'add', 'x.ts');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'x.ts');
    // The gate writes each argument it gets on a line of its own to the file named by $0.
    configureGates(
      repo,
      `  commands:\n    - name: args\n      command: [sh, -c, 'printf "%s\\n" "$@" > "$0"', ${JSON.stringify(out)}, '{staged_files}']\n`,
    );
    const hostile = ['a b; rm -rf x.ts', '$(touch pwned).ts', '-rf.ts'];
    hostile.forEach((name) => write(repo, name, GOOD));
    git(repo, 'add', '--', ...hostile);
    const res = await gate(repo);
    expect(res.code).toBe(0);
    const args = readFileSync(out, 'utf8').split('\n').filter(Boolean);
    expect(args.sort()).toEqual(['$(touch pwned).ts', './-rf.ts', 'a b; rm -rf x.ts'].sort());
    expect(existsSync(join(repo, 'x.ts'))).toBe(true);
    expect(existsSync(join(repo, 'pwned'))).toBe(false);
  });

  it('built-in gates read the index: conflict markers and invalid flag files block', async () => {
    const repo = await makeRepo();
    write(repo, 'm.txt', 'a\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> other\n');
    git(repo, 'add', 'm.txt');
    write(repo, 'm.txt', 'resolved in the work tree only\n');
    const res = await gate(repo);
    expect(res.code).not.toBe(0);
    expect(res.output).toContain('m.txt:2: merge conflict marker');
    git(repo, 'reset', '-q', '--', 'm.txt');
    write(repo, 'flags/01JXXXXXXXXXXXXXXXXXXXXXXX.md', '---\nid: nope\n---\n');
    git(repo, 'add', 'flags');
    const bad = await gate(repo);
    expect(bad.code).not.toBe(0);
    expect(bad.output).toMatch(/fail {2}flags/);
    expect(bad.output).toContain('flags/01JXXXXXXXXXXXXXXXXXXXXXXX.md: line');
    expect((await cli(repo, ['--json', 'gate', 'pre-commit'])).json<{ ok: boolean }>().ok).toBe(
      false,
    );
  });

  it('the size limit of the seed standard is off by default and counts staged lines when set', async () => {
    const repo = await makeRepo();
    write(repo, 'long.ts', 'x\n'.repeat(5));
    git(repo, 'add', 'long.ts');
    expect((await gate(repo)).output).toMatch(/skip {2}size +off/);
    configureGates(repo, '  max_lines: 3\n  max_lines_files: "*.ts"\n');
    write(repo, 'long2.ts', 'x\n'.repeat(4));
    write(repo, 'long.txt', 'x\n'.repeat(9));
    git(repo, 'add', 'long2.ts', 'long.txt');
    write(repo, 'long2.ts', 'x\n');
    const res = await gate(repo);
    expect(res.code).not.toBe(0);
    expect(res.output).toContain('long2.ts: 4 lines (limit 3)');
    expect(res.output).not.toContain('long.txt');
  });

  it('shows which gates are running on a terminal, and nothing of it when piped', async () => {
    const repo = await makeRepo();
    const slow = JSON.stringify(['sleep', '1.5']);
    configureGates(repo, `  commands:\n    - name: slowgate\n      command: ${slow}\n`);
    write(repo, 'a.txt', 'a\n');
    git(repo, 'add', 'a.txt');
    const piped = commit(repo, []);
    expect(piped.code).toBe(0);
    expect(piped.output).toMatch(/pass {2}slowgate/);
    expect(piped.output).not.toContain('gates: running');
    expect(piped.output).not.toContain('\x1b[2K');
    git(repo, 'reset', '-q', '--soft', 'HEAD~1');
    // `script` gives the commit a real terminal; the command line is ours, no user text in it.
    const tty = spawnSync('script', ['-qec', 'git commit -q -m tty', '/dev/null'], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(tty.status, tty.stdout).toBe(0);
    expect(tty.stdout).toMatch(/gates: running slowgate \(\d+s\)/);
    const after = tty.stdout.slice(tty.stdout.lastIndexOf('gates: running'));
    expect(after).toContain('\x1b[2K');
    expect(after).toMatch(/pass {2}slowgate/);
  });
});
