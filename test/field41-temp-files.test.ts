/**
 * Field trial 41: flagstore's temp flag files (`.<id>.md.<pid>.<hex>.tmp`) and writers that stall.
 * A writer stalled for over a minute between writing its temp file and renaming it finds the temp
 * file swept away by a reader (removeStaleTemps). Its transition is already in the ledger, so it
 * writes the work-tree copy again instead of failing with an "unexpected error" after recording
 * the completion, which left the branch's file pending. A `create` swept the same way failed with
 * "recorded, but its file was not written" (round mend50): it writes its new file again. Meanwhile `git status` shows the temp
 * file, and `git add -A` staged it: the commit gate passed it, and readers later deleted the
 * committed file. The gate now refuses one, and `init` writes a `.gitignore` rule that keeps them
 * out of `git status` and `git add -A` in the first place (appended; a second init adds nothing).
 */
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { tempPathFor } from '../src/store/atomic.js';
import { describe, expect, it } from 'vitest';
import { stopped } from './stall-helpers.js';
import {
  BIN,
  cli,
  createArgs,
  createFlag,
  emptyRepo,
  flagFiles,
  git,
  makeRepo,
} from './helpers.js';
import { committedFlag } from './flag-repo.js';
import { doctorCheck } from './doctor-check.js';

/** The temp files in a repository's flags folder. */
function temps(repo: string): string[] {
  return readdirSync(join(repo, 'flags')).filter((name) => name.endsWith('.tmp'));
}

/**
 * Runs the binary with `args` in `repo`, stopped (SIGSTOP) at the stall `point` right after it
 * wrote its temp flag file; a reader's listing sweeps that file away (aged past a minute), then
 * the writer goes on. Resolves with its exit code and what it said.
 */
async function sweptWhileStopped(
  repo: string,
  point: 'RENAME' | 'LINK',
  args: string[],
): Promise<{ code: number | null; stderr: string }> {
  const env = { ...process.env, [`FLAGSTORE_TEST_STALL_BEFORE_${point}`]: '1', NO_COLOR: '1' };
  const child = spawn(process.execPath, [BIN, ...args], { cwd: repo, env });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  await stopped(child);
  const [temp] = temps(repo);
  expect(temp).toBeDefined();
  const aMinuteAgo = new Date(Date.now() - 61_000);
  utimesSync(join(repo, 'flags', temp ?? ''), aMinuteAgo, aMinuteAgo);
  expect((await cli(repo, ['list'])).code).toBe(0);
  expect(temps(repo)).toEqual([]);
  child.kill('SIGCONT');
  return { code: await exited, stderr };
}

describe('a writer stalled before renaming its temp flag file', () => {
  it('writes its copy again once a reader swept the temp file away', async () => {
    const { repo, id } = await committedFlag();
    const args = ['complete', id, '--by', '@b.two', '--notes', 'done after a long stall'];
    const { code, stderr } = await sweptWhileStopped(repo, 'RENAME', args);
    expect(code, stderr).toBe(0);
    expect(stderr).not.toContain('unexpected error');
    expect(readFileSync(join(repo, 'flags', `${id}.md`), 'utf8')).toMatch(/^status: completed$/m);
    expect(temps(repo)).toEqual([]);
    expect((await cli(repo, ['show', id])).stdout).not.toContain('differ');
  });

  it("creates a flag's file all the same once its new file's temp file was swept away", async () => {
    const repo = await makeRepo();
    const args = ['--json', ...createArgs('change', '--to', '@b.two', '--by', '@a.one')];
    const { code, stderr } = await sweptWhileStopped(repo, 'LINK', args);
    // Before: exit 9, "flag <id> is recorded, but its file was not written: ENOENT ... link".
    expect(code, stderr).toBe(0);
    const [flag] = flagFiles(repo);
    expect(flag).toBeDefined();
    const id = (flag ?? '').replace(/\.md$/, '');
    expect(readFileSync(join(repo, 'flags', flag ?? ''), 'utf8')).toMatch(/^status: pending$/m);
    expect(temps(repo)).toEqual([]);
    expect((await cli(repo, ['show', id])).stdout).not.toContain('differ');
    expect((await cli(repo, ['validate'])).code).toBe(0);
  });
});

describe('a flagstore temp file staged in the flags folder', () => {
  it('is refused by the flags gate, with the git rm --cached that unstages it', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const temp = `flags/.${id}.md.4242.0badc0de.tmp`;
    writeFileSync(join(repo, temp), readFileSync(join(repo, 'flags', `${id}.md`)));
    git(repo, 'add', '-A');
    // Forced past init's ignore rule (git add -A leaves it out: see below).
    git(repo, 'add', '-f', '--', temp);
    const gate = await cli(repo, ['gate', 'pre-commit']);
    expect(gate.stdout + gate.stderr).toMatch(/fail\s+flags/);
    expect(gate.stdout + gate.stderr).toContain(`${temp}: a flagstore temp file`);
    expect(gate.code).toBe(1);
    git(repo, 'rm', '-q', '--cached', '--', temp);
    expect((await cli(repo, ['gate', 'pre-commit'])).code).toBe(0);
  });
});

describe("init's ignore rule for temp files", () => {
  it('keeps a temp file out of git status and git add -A; appended once, taken out by uninstall', async () => {
    const repo = emptyRepo();
    const mine = 'node_modules/\r\n*.log';
    writeFileSync(join(repo, '.gitignore'), mine);
    writeFileSync(join(repo, '.gitattributes'), '*.png binary\r\n');
    expect((await cli(repo, ['init'])).code).toBe(0);
    const rule = `${FLAGS_RULE}\n/agents/**/.*.tmp\n/.claude/agents/**/.*.tmp\n`;
    // Appended in the file's own line ends: a CR LF file gets CR LF lines, never a mix.
    const crlf = `${mine}\r\n${rule.replaceAll('\n', '\r\n')}`;
    expect(readFileSync(join(repo, '.gitignore'), 'utf8')).toBe(crlf);
    expect(readFileSync(join(repo, '.gitattributes'), 'utf8')).not.toMatch(/[^\r]\n/);
    expect((await cli(repo, ['init'])).stdout).toMatch(/unchanged\s+\.gitignore/);
    expect(readFileSync(join(repo, '.gitignore'), 'utf8')).toBe(crlf);
    const temp = 'flags/.01M99DQ8ZKV5SKQJY55FTPMJ0E.md.4242.0badc0de.tmp';
    writeFileSync(join(repo, temp), 'half a write\n');
    const saved = 'flags/01M99DQ8ZKV5SKQJY55FTPMJ0E.md.flagstore-unstaged';
    writeFileSync(join(repo, saved), 'your hidden edits\n');
    // The hook's saved hidden edits stay in sight until the user brings them back.
    expect(git(repo, 'status', '--porcelain', '--untracked-files=all')).not.toContain('.tmp');
    git(repo, 'add', '-A');
    expect(git(repo, 'diff', '--cached', '--name-only').split('\n')).toContain(saved);
    expect(git(repo, 'ls-files', '--', temp)).toBe('');
    expect((await cli(repo, ['uninstall'])).code).toBe(0);
    expect(readFileSync(join(repo, '.gitignore'), 'utf8')).toBe(`${mine}\r\n`);
    expect(readFileSync(join(repo, '.gitattributes'), 'utf8')).toBe('*.png binary\r\n');
    const fresh = emptyRepo();
    expect((await cli(fresh, ['init'])).code).toBe(0);
    expect(readFileSync(join(fresh, '.gitignore'), 'utf8')).toBe(rule);
    expect((await cli(fresh, ['uninstall'])).code).toBe(0);
    expect(existsSync(join(fresh, '.gitignore'))).toBe(false);
  });

  it("matches a flags folder whose name holds git's pattern characters (space, !, backslash, #)", async () => {
    const repo = emptyRepo();
    const yml = 'flags_dir: "#team! fl\\\\ags"\nagents_dir: "[our] ag*nts"\n';
    writeFileSync(join(repo, '.flagstore.yml'), yml);
    expect((await cli(repo, ['init'])).code).toBe(0);
    const dir = '#team! fl\\ags';
    const flag = `${dir}/01M99DQ8ZKV5SKQJY55FTPMJ0E.md`;
    writeFileSync(join(repo, flag), 'a flag\n');
    expect(git(repo, 'check-attr', 'merge', '--', flag)).toContain('merge: flagstore');
    const temp = `${dir}/.01M99DQ8ZKV5SKQJY55FTPMJ0E.md.4242.0badc0de.tmp`;
    writeFileSync(join(repo, temp), 'half a write\n');
    expect(git(repo, 'check-ignore', '--', temp)).not.toBe('');
    // A catalog folder's rule is escaped the same way: it matches that folder and no other.
    const agent = tempPathFor('[our] ag*nts/team/x.md');
    const other = tempPathFor('[our] agents/x.md');
    expect(git(repo, 'check-ignore', '--no-index', '--', agent)).not.toBe('');
    expect(() => git(repo, 'check-ignore', '--no-index', '--', other)).toThrow();
  });
});

/** The sentence the gate's output says of `path`, from the rule's head on. */
function saidOf(output: string, path: string): string | undefined {
  return output.split('\n').find((line) => line.startsWith(`${path}: `));
}

describe("flagstore's own files committed with --no-verify beside the flags", () => {
  it('fail the gate and check in one sentence each, until git rm --cached takes them out', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const text = readFileSync(join(repo, 'flags', `${id}.md`));
    const temp = `flags/.${id}.md.4242.0badc0de.tmp`;
    // The hook's saved hidden edits of a flag file saved while its gates ran (docs/gates.md).
    const saved = `flags/${id}.md.flagstore-unstaged.2`;
    for (const path of [temp, saved]) writeFileSync(join(repo, path), text);
    git(repo, 'add', '-A');
    git(repo, 'add', '-f', '--', temp);
    const gate = await cli(repo, ['gate', 'pre-commit']);
    expect(gate.code).toBe(1);
    git(repo, 'commit', '-q', '--no-verify', '-m', 'a flag, and two files beside it');
    // check lists them by glob pathspecs, whatever the caller's environment says of pathspecs.
    const check = await cli(repo, ['check', '--base', 'HEAD'], { GIT_LITERAL_PATHSPECS: '1' });
    expect(check.code).toBe(3);
    for (const path of [temp, saved]) {
      const said = saidOf(gate.stdout + gate.stderr, path)?.slice(path.length + 2);
      expect(said).toContain(`fix: git rm --cached -- ${path}, then commit`);
      expect(check.stdout + check.stderr).toContain(`${path}:1: error: ${said ?? '?'}`);
    }
    expect(saidOf(gate.stdout, saved)).toContain(
      `hidden edits the commit gates saved beside flags/${id}.md`,
    );
    git(repo, 'rm', '-q', '--cached', '--', temp, saved);
    expect((await cli(repo, ['check', '--base', 'HEAD'])).code).toBe(0);
  });
});

const ignoreCheck = (repo: string) => doctorCheck(repo, '.gitignore');

/** The rule init wrote from round mend48 to round mend51: the flags folder's temp files only. */
const FLAGS_RULE = "# flagstore's temp files (added by flagstore init)\n/flags/.*.tmp";

describe("the catalog folders' temp files (instructions --install, agents add and import)", () => {
  it('are ignored in each catalog folder at any depth; doctor names a folder left out', async () => {
    const repo = await makeRepo();
    const names = ['agents/backend.api.md', 'agents/team/x.md', '.claude/agents/reviewer.md'];
    for (const name of names) {
      mkdirSync(join(repo, dirname(name)), { recursive: true });
      writeFileSync(join(repo, tempPathFor(name)), 'half a write\n');
    }
    expect(git(repo, 'status', '--porcelain', '--untracked-files=all')).not.toContain('.tmp');
    expect(await ignoreCheck(repo)).toMatchObject({ ok: true, fix: null });
    writeFileSync(join(repo, '.gitignore'), `${FLAGS_RULE}\n`);
    expect(git(repo, 'status', '--porcelain', '--untracked-files=all')).toContain('.tmp');
    const missing = await ignoreCheck(repo);
    expect(missing).toMatchObject({ ok: false, fix: 'flagstore init' });
    expect(missing?.detail).toContain('temp files in agents/, .claude/agents/ (');
    expect((await cli(repo, ['init'])).code).toBe(0);
    expect(await ignoreCheck(repo)).toMatchObject({ ok: true, fix: null });
    expect(git(repo, 'status', '--porcelain', '--untracked-files=all')).not.toContain('.tmp');
  });
});

describe('doctor and a repository set up before init wrote the ignore rule', () => {
  it('says nothing ignores the temp files, with flagstore init; a !-line is taken as meant', async () => {
    const repo = await makeRepo();
    expect((await ignoreCheck(repo))?.ok).toBe(true);
    // As init left it before round mend48: the user's lines only.
    writeFileSync(join(repo, '.gitignore'), 'node_modules/\n');
    const missing = await ignoreCheck(repo);
    expect(missing?.ok).toBe(false);
    expect(missing?.detail).toContain("nothing ignores flagstore's temp files");
    expect(missing?.fix).toBe('flagstore init');
    expect((await cli(repo, ['init'])).code).toBe(0);
    expect(await ignoreCheck(repo)).toMatchObject({ ok: true, fix: null });
    const meantLines =
      'node_modules/\n!/flags/.*.tmp\n/agents/**/.*.tmp\n/.claude/agents/**/.*.tmp\n';
    writeFileSync(join(repo, '.gitignore'), meantLines);
    const meant = await ignoreCheck(repo);
    expect(meant?.ok).toBe(true);
    expect(meant?.detail).toContain('on purpose (.gitignore:2: !/flags/.*.tmp)');
  });
});
