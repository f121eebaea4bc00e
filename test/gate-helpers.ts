/** Helpers for gate tests: real `git commit` (which runs the installed hook) and gate configs. */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { copyTree } from './copy-tree.js';
import { cli, createArgs, emptyRepo, git, tempDir } from './helpers.js';
import { oncePerFile } from './per-file.js';

/** Absolute path of this checkout's prettier, for a real formatting gate. */
export const PRETTIER = resolve(
  import.meta.dirname,
  '..',
  'node_modules',
  'prettier',
  'bin',
  'prettier.cjs',
);

/** The outcome of `git commit`. */
export interface CommitResult {
  code: number;
  output: string;
}

function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const full: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...env };
  for (const name of ['FLAGSTORE_AGENT', 'FLAGSTORE_SKIP', 'FLAGSTORE_ALLOW_CRITICAL']) {
    if (!(name in env)) delete full[name];
  }
  return full;
}

/** Runs `git commit` with the given arguments; the hook installed by init runs. */
export function commit(
  repo: string,
  args: string[],
  env: Record<string, string> = {},
): CommitResult {
  const res = spawnSync('git', ['commit', '-m', 'test commit', ...args], {
    cwd: repo,
    env: cleanEnv(env),
    encoding: 'utf8',
  });
  return { code: res.status ?? 1, output: `${res.stdout}${res.stderr}` };
}

/**
 * Runs `flagstore gate pre-commit` in this process on what is staged (the hook's own entry, as
 * `cli()` dispatches it), without `git commit`: no commit, no hook process. For tests of which
 * content a gate judges or what a verdict says, where the hook itself is not the subject. The
 * environment is the commit's of {@link commit}: FLAGSTORE_SKIP and FLAGSTORE_ALLOW_CRITICAL
 * only when given.
 */
export async function gate(repo: string, env: Record<string, string> = {}): Promise<CommitResult> {
  const res = await cli(repo, ['gate', 'pre-commit'], {
    FLAGSTORE_SKIP: '',
    FLAGSTORE_ALLOW_CRITICAL: '',
    ...env,
  });
  return { code: res.code, output: `${res.stdout}${res.stderr}` };
}

/** Starts `git commit` in the background (to kill its hook). */
export function commitInBackground(repo: string): Promise<CommitResult> {
  return new Promise((done) => {
    const child = spawn('git', ['commit', '-m', 'background'], { cwd: repo, env: cleanEnv({}) });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('close', (code) => done({ code: code ?? 1, output }));
  });
}

/**
 * Runs `git commit` with its output going to a pipe whose reader is already gone, as in
 * `git commit ... 2>&1 | head` once head has stopped: the exit code (a signal counts as 128 + 1).
 */
export function commitToClosedPipe(repo: string): Promise<number> {
  return new Promise((done) => {
    const child = spawn('git', ['commit', '-q', '-m', 'reader gone'], {
      cwd: repo,
      env: cleanEnv({}),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    child.stderr.destroy();
    child.on('close', (code, signal) => done(code ?? (signal === null ? 1 : 129)));
  });
}

/** Appends a `gates:` section to the repository's configuration and commits it. */
export function configureGates(repo: string, yaml: string): void {
  appendFileSync(join(repo, '.flagstore.yml'), `gates:\n${yaml}`);
  git(repo, 'add', '.flagstore.yml');
  git(repo, 'commit', '-q', '--no-verify', '-m', 'configure gates');
}

/** A gate whose one command passes at once: a run that only hides and restores edits. */
export const PASSING_GATE = `  commands:\n    - name: quick\n      command: [node, -e, '0']\n`;

/** Commits `text` as `path` without the gate: the base a test stages over. */
export function commitFile(repo: string, path: string, text: string): void {
  write(repo, path, text);
  git(repo, 'add', path);
  git(repo, 'commit', '-q', '--no-verify', '-m', path);
}

/** Stages `staged` as `path`, then edits it to `edited`: the unstaged edit a gate run hides. */
export function stageUnderEdit(repo: string, path: string, staged: string, edited: string): void {
  write(repo, path, staged);
  git(repo, 'add', path);
  write(repo, path, edited);
}

/** A gate running this checkout's prettier --check on the staged files. */
export const FMT_GATE = `  commands:
    - name: fmt
      command: [node, ${JSON.stringify(PRETTIER)}, --check, '{staged_files}']
      files: '*.ts'
`;

/** Writes a file in the repository. */
export function write(repo: string, path: string, text: string): void {
  writeFileSync(join(repo, path), text);
}

/** Reads a file of the repository. */
export function read(repo: string, path: string): string {
  return readFileSync(join(repo, path), 'utf8');
}

/** Creates a flag with the CLI (no commit) and returns its id. */
export async function flag(repo: string, by: string, ...extra: string[]): Promise<string> {
  const res = await cli(repo, ['--json', ...createArgs(...(extra as [string])), '--by', by]);
  if (res.code !== 0) throw new Error(`create failed: ${res.stdout}${res.stderr}`);
  return res.json<{ flag: { id: string } }>().flag.id;
}

/** Creates a critical flag and commits it (a flags-only commit, always allowed). */
export async function criticalFlag(repo: string, by: string, ...extra: string[]): Promise<string> {
  const id = await flag(repo, by, 'security', '--impact', 'critical', ...extra);
  git(repo, 'add', '-A');
  const res = commit(repo, []);
  if (res.code !== 0) throw new Error(`flags-only commit refused: ${res.output}`);
  return id;
}

/**
 * {@link criticalFlag} for a set-up that is not about the hook: the flags-only commit is made
 * with --no-verify (no hook process).
 */
export async function criticalFlagNoVerify(
  repo: string,
  by: string,
  ...extra: string[]
): Promise<string> {
  const id = await flag(repo, by, 'security', '--impact', 'critical', ...extra);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '--no-verify', '-m', 'a critical flag');
  return id;
}

/** A fresh git repository with an identity and nothing else (no flagstore init). */
export function bareRepo(): string {
  const dir = emptyRepo();
  git(dir, 'config', 'commit.gpgsign', 'false');
  return dir;
}

/**
 * {@link bareRepo}, built once per test file and copied (the copy names no folder): no git
 * process per repository after the first.
 */
export async function copiedBareRepo(): Promise<string> {
  const template = await oncePerFile('bare-repo', () => Promise.resolve(bareRepo()));
  const dir = tempDir();
  copyTree(template, dir);
  return dir;
}

let attempt = 0;

/**
 * Whether the gate runs on a real `git commit` of a code file while a critical flag is pending
 * (see {@link criticalFlag}): true when the commit is blocked. A commit that went through is
 * kept (the repository moves on), a blocked one leaves the file unstaged again.
 */
export function gateBlocks(repo: string, env: Record<string, string> = {}): boolean {
  const file = `code-${++attempt}.txt`;
  write(repo, file, 'work\n');
  git(repo, 'add', file);
  const res = commit(repo, [], env);
  const blocked = res.output.includes('commit blocked: 1 unresolved critical flag(s)');
  if (res.code !== 0) git(repo, 'reset', '-q', '--', file);
  if (blocked !== (res.code !== 0)) throw new Error(`unexpected commit outcome: ${res.output}`);
  return blocked;
}

/**
 * {@link gateBlocks} without `git commit`: the gate runs in this process ({@link gate}) on a
 * newly staged code file; a passing one is committed with --no-verify (the repository moves on
 * as after a commit through the hook), a blocked one is unstaged again.
 */
export async function gateBlocksInProcess(
  repo: string,
  env: Record<string, string> = {},
): Promise<boolean> {
  const file = `code-${++attempt}.txt`;
  write(repo, file, 'work\n');
  git(repo, 'add', file);
  const res = await gate(repo, env);
  const blocked = res.output.includes('commit blocked: 1 unresolved critical flag(s)');
  if (blocked !== (res.code !== 0)) throw new Error(`unexpected gate outcome: ${res.output}`);
  if (blocked) git(repo, 'reset', '-q', '--', file);
  else git(repo, 'commit', '-q', '--no-verify', '-m', 'test commit');
  return blocked;
}

/** Runs `flagstore doctor --json` and returns whether every check passed, with the checks. */
export async function doctor(
  repo: string,
): Promise<{ ok: boolean; checks: { name: string; ok: boolean; detail: string }[] }> {
  return (await cli(repo, ['--json', 'doctor'])).json();
}

/** A gate that counts its runs in the git folder (see {@link gateRuns}), failing while `block` exists. */
export const COUNTING_GATE = 'gates:\n  commands:\n    - name: count\n      command: sh count.sh\n';

/** The script {@link COUNTING_GATE} runs, to be written as count.sh. */
export const COUNT_SH = 'echo run >> "$(git rev-parse --git-dir)/gate-runs"\ntest ! -f block\n';

/** The install a hook framework (pre-commit, prek) is advised to run: both hooks. */
export const ADVISED = ['install', '-t', 'pre-commit', '-t', 'pre-merge-commit'];

/** Runs a program in the repository without a shell: its exit code and its output. */
export function run(
  repo: string,
  program: string,
  args: string[],
  env: Record<string, string>,
): { code: number; output: string } {
  const res = spawnSync(program, args, {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  return { code: res.status ?? 1, output: `${res.stdout}${res.stderr}` };
}

/** How many times the counting gate ran since the last call. */
export function gateRuns(repo: string): number {
  const file = join(repo, '.git', 'gate-runs');
  if (!existsSync(file)) return 0;
  const count = readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
  rmSync(file);
  return count;
}
