/**
 * A hook manager's configuration checked out with CR LF line ends (a Windows editor,
 * `core.autocrlf`): `init` adds the gate with the file's own line ends, the manager itself (the
 * real lefthook, pre-commit and simple-git-hooks) still reads it, and `uninstall` gives the
 * file back byte for byte.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withLineEndsOf } from '../src/core/line-ends.js';
import { cli, git } from './helpers.js';
import { copiedBareRepo, read, write } from './gate-helpers.js';

const MODULES = resolve(import.meta.dirname, '..', 'node_modules');
const HAS_PRE_COMMIT = spawnSync('pre-commit', ['--version']).status === 0;

const crlf = (lines: string[]): string => lines.map((line) => `${line}\r\n`).join('');

/**
 * Runs init and uninstall around `check` and returns what init made of the file; `edited` is
 * the one line init changes (simple-git-hooks keeps the hook as one JSON string).
 */
async function initAndUninstall(
  repo: string,
  rel: string,
  check: () => void,
  edited = '',
): Promise<string> {
  const before = read(repo, rel);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '--no-verify', '-m', 'config');
  const init = await cli(repo, ['init']);
  expect(init.code, init.stderr).toBe(0);
  const after = read(repo, rel);
  // Every line the user wrote is there as it was, with its own line end; in a CR LF file every
  // line still ends CR LF.
  if (!/(^|[^\r])\n/.test(before)) expect(after).not.toMatch(/[^\r]\n/);
  for (const line of before.match(/.*\n/g)!)
    if (!line.startsWith(edited || '\0')) expect(after).toContain(line);
  expect(after).toContain('.flagstore/hooks/pre-commit');
  check();
  expect((await cli(repo, ['uninstall'])).code).toBe(0);
  expect(read(repo, rel)).toBe(before);
  return after;
}

function run(repo: string, program: string, args: string[]): string {
  return execFileSync(program, args, { cwd: repo, encoding: 'utf8', stdio: 'pipe' });
}

describe('a CR LF hook manager configuration', () => {
  it('lefthook.yml: the job is added with CR LF, lefthook reads it, uninstall restores the file', async () => {
    const repo = await copiedBareRepo();
    const rel = 'lefthook.yml';
    write(
      repo,
      rel,
      crlf(['# team hooks', 'pre-commit:', '  commands:', '    hello:', '      run: echo hi']),
    );
    const lefthook = join(MODULES, '.bin', 'lefthook');
    await initAndUninstall(repo, rel, () => {
      run(repo, lefthook, ['validate']);
      expect(run(repo, lefthook, ['dump'])).toMatch(/flagstore[^]*hello|hello[^]*flagstore/);
    });
  });

  it.skipIf(!HAS_PRE_COMMIT)(
    '.pre-commit-config.yaml: the hook is added with CR LF, pre-commit validates it, uninstall restores the file',
    async () => {
      const repo = await copiedBareRepo();
      const rel = '.pre-commit-config.yaml';
      const lines = ['repos:', '  - repo: local', '    hooks:', '      - id: hello'];
      const rest = ['        name: hello', '        entry: echo hi', '        language: system'];
      write(repo, rel, crlf([...lines, ...rest]));
      await initAndUninstall(repo, rel, () => {
        run(repo, 'pre-commit', ['validate-config', rel]);
      });
    },
  );

  it('package.json (simple-git-hooks): the line is added with CR LF, simple-git-hooks applies it, uninstall restores the file', async () => {
    const repo = await copiedBareRepo();
    const pkg = { name: 'x', private: true, 'simple-git-hooks': { 'pre-commit': 'echo sgh ran' } };
    write(repo, 'package.json', withLineEndsOf('\r\n', `${JSON.stringify(pkg, null, 2)}\n`));
    write(repo, '.gitignore', 'node_modules\n');
    symlinkSync(MODULES, join(repo, 'node_modules'));
    await initAndUninstall(
      repo,
      'package.json',
      () => {
        // init ran the project's simple-git-hooks, which read the CR LF package.json.
        expect(read(repo, '.git/hooks/pre-commit')).toMatch(/flagstore\/hooks\/pre-commit/);
      },
      '    "pre-commit": "echo sgh ran"',
    );
  });
});

/** Lines ending CR LF and LF in turn, as a file edited on two systems. */
const mixed = (lines: string[]): string =>
  lines.map((line, i) => `${line}${i % 2 === 0 ? '\r\n' : '\n'}`).join('');

describe('a hook manager configuration of mixed line ends: uninstall gives it back byte for byte', () => {
  it('lefthook.yml', async () => {
    const repo = await copiedBareRepo();
    const lines = [
      '# team hooks',
      'pre-commit:',
      '  commands:',
      '    hello:',
      '      run: echo hi',
    ];
    write(repo, 'lefthook.yml', mixed(lines));
    const lefthook = join(MODULES, '.bin', 'lefthook');
    await initAndUninstall(repo, 'lefthook.yml', () => run(repo, lefthook, ['validate']));
  });

  it.skipIf(!HAS_PRE_COMMIT)('.pre-commit-config.yaml', async () => {
    const repo = await copiedBareRepo();
    const rel = '.pre-commit-config.yaml';
    const lines = ['repos:', '  - repo: local', '    hooks:', '      - id: hello'];
    const rest = ['        name: hello', '        entry: echo hi', '        language: system'];
    write(repo, rel, mixed([...lines, ...rest]));
    await initAndUninstall(repo, rel, () => run(repo, 'pre-commit', ['validate-config', rel]));
  });

  it('package.json (simple-git-hooks)', async () => {
    const repo = await copiedBareRepo();
    const pkg = { name: 'x', private: true, 'simple-git-hooks': { 'pre-commit': 'echo sgh ran' } };
    write(repo, 'package.json', mixed(JSON.stringify(pkg, null, 2).split('\n')));
    write(repo, '.gitignore', 'node_modules\n');
    symlinkSync(MODULES, join(repo, 'node_modules'));
    const edited = '    "pre-commit": "echo sgh ran"';
    await initAndUninstall(repo, 'package.json', () => undefined, edited);
  });
});

describe('withLineEndsOf', () => {
  it('follows the line ends most of the model lines have', () => {
    expect(withLineEndsOf('a\r\nb\r\n', 'x\ny\n')).toBe('x\r\ny\r\n');
    expect(withLineEndsOf('a\r\nb\r\n', 'x\r\ny\n')).toBe('x\r\ny\r\n');
    expect(withLineEndsOf('a\nb\n', 'x\ny\n')).toBe('x\ny\n');
    expect(withLineEndsOf('a\r\nb\nc\n', 'x\ny\n')).toBe('x\ny\n');
    expect(withLineEndsOf(null, 'x\ny\n')).toBe('x\ny\n');
  });

  it('keeps the bytes of every line it did not add, in a file of mixed line ends', () => {
    expect(withLineEndsOf('a\r\nb\nc\r\n', 'a\nX\nb\nc\n')).toBe('a\r\nX\r\nb\nc\r\n');
    expect(withLineEndsOf('a\r\nX\r\nb\nc\r\n', 'a\nb\nc\n')).toBe('a\r\nb\nc\r\n');
    expect(withLineEndsOf('a\r\nb\nc\r\n', 'a\nB\nc\n')).toBe('a\r\nB\nc\r\n');
    expect(withLineEndsOf('a\r\nb\nc', 'a\nb\nc\nd\n')).toBe('a\r\nb\nc\r\nd\r\n');
  });
});
