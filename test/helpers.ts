/**
 * Test helpers: real git repositories in temp folders, and the CLI run two ways: `cli` in this
 * process (the binary's own `runCommand`, one at a time), `spawnCli` as the built binary in a
 * child, for what only a real process shows: concurrency, signals, terminals, standard input.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { run as runHook } from '../src/cli/hook.js';
import { commandName, runCommand } from '../src/cli/main.js';
import { setOutputSink, type OutputSink } from '../src/cli/output.js';
import { copyTree } from './copy-tree.js';
import { endPerFile, oncePerRun } from './per-file.js';
import { refreshIndex } from './index-stamps.js';

const execFileAsync = promisify(execFile);
/** Small fixtures written for the tests (agent files); nothing outside the checkout is read. */
export const FIXTURES = resolve(import.meta.dirname, 'fixtures');
/** The CLI entry point under test. */
export const BIN = resolve(import.meta.dirname, '..', 'bin', 'flagstore.js');
const temps: string[] = [];

/**
 * Removes the temp folders of the test file that ran and forgets its template repositories.
 * test/setup.ts calls it after each test file: this module is loaded once per worker when test
 * files share one (`isolate: false`), so its state must not outlive a file.
 */
export function endTestFile(): void {
  endPerFile();
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A new temp folder, removed after the test file. */
export function tempDir(prefix = 'flagstore-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** Runs git in a folder and returns its output. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' });
}

/**
 * A fresh git repository with an identity, initialised with `flagstore init` and committed.
 * The first call in a run builds it (test/per-file.ts's oncePerRun); each call copies it (nothing
 * in it names its folder) and refreshes the index's file stamps, as a commit there would have
 * left them (in this process, test/index-stamps.ts): no git process, where a build is about ten.
 */
export async function makeRepo(): Promise<string> {
  const template = await oncePerRun('repo', buildRepo);
  const dir = tempDir();
  copyTree(template, dir);
  refreshIndex(dir);
  return dir;
}

/** A repository on an unborn `main` with an identity, nothing else; `initArgs` go to git init. */
export function emptyRepo(dir = tempDir(), initArgs: string[] = []): string {
  git(dir, 'init', '-q', '-b', 'main', ...initArgs);
  identify(dir);
  return dir;
}

/** Gives the repository at `dir` a committer identity named `name`, its address made from it. */
export function identify(dir: string, name = 'Test'): void {
  git(dir, 'config', 'user.email', `${name.toLowerCase().replace(/\W/g, '')}@example.com`);
  git(dir, 'config', 'user.name', name);
}

/** Builds makeRepo's repository in the empty folder `dir`. */
async function buildRepo(dir: string): Promise<void> {
  emptyRepo(dir);
  git(dir, 'config', 'commit.gpgsign', 'false');
  const init = await cli(dir, ['init']);
  if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
  git(dir, 'add', '-A');
  // No hook run here: the set-up commit is not under test, and a hook run is a node process.
  git(dir, 'commit', '-q', '--no-verify', '-m', 'init');
}

/** The outcome of one CLI run. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  json: <T = Record<string, unknown>>() => T;
}

/** Runs a CLI command in this process, in a folder; never throws on a non-zero exit. */
export function cli(
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  const next = queue.then(() => inProcess(cwd, args, env));
  queue = next.catch(() => undefined);
  return next;
}

/** Runs the built binary in a child process, in a folder; never throws on a non-zero exit. */
export async function spawnCli(
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [BIN, ...args], {
      cwd,
      env: cliEnv(process.env, env),
      maxBuffer: 256 * 1024 * 1024,
    });
    return result(0, stdout, stderr);
  } catch (error) {
    const e = error as {
      code?: number | string;
      signal?: string;
      stdout?: string;
      stderr?: string;
    };
    // An exit code is the command's answer; anything else (output past maxBuffer, a signal) is
    // the test's failure, never a partial output passed off as the command's.
    if (typeof e.code !== 'number') throw error;
    return result(e.code, e.stdout ?? '', e.stderr ?? '');
  }
}

/** The environment a CLI run sees: no colour, no inherited identity unless the test gives one. */
function cliEnv(base: NodeJS.ProcessEnv, env: Record<string, string>): NodeJS.ProcessEnv {
  const full: NodeJS.ProcessEnv = { ...base, NO_COLOR: '1', ...env };
  if (!('FLAGSTORE_AGENT' in env)) delete full.FLAGSTORE_AGENT;
  return full;
}

/** In-process runs share the process's folder, environment and output: one at a time. */
let queue: Promise<unknown> = Promise.resolve();

async function inProcess(
  cwd: string,
  args: string[],
  env: Record<string, string>,
): Promise<CliResult> {
  const saved = { ...process.env };
  const savedCwd = process.cwd();
  let stdout = '';
  let stderr = '';
  const output: OutputSink = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
  };
  // A server reads this process's standard input until it closes: it needs a process of its own.
  if (commandName(args) === 'mcp') return spawnCli(cwd, args, env);
  try {
    process.chdir(cwd);
  } catch {
    return spawnCli(cwd, args, env);
  }
  setEnv(cliEnv(saved, env));
  try {
    const code = await runInProcess(args, output);
    return result(code, stdout, stderr);
  } finally {
    setEnv(saved);
    process.chdir(savedCwd);
  }
}

/** Dispatches like bin/flagstore.js: `gate pre-commit` exactly takes the hook's light entry. */
async function runInProcess(args: string[], output: OutputSink): Promise<number> {
  if (args.length === 2 && args[0] === 'gate' && args[1] === 'pre-commit') {
    setOutputSink(output);
    try {
      return await runHook();
    } finally {
      setOutputSink(null);
    }
  }
  return runCommand(args, { output });
}

/** Makes process.env exactly `env` (process.env must be changed in place, not replaced). */
function setEnv(env: NodeJS.ProcessEnv): void {
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}

function result(code: number, stdout: string, stderr: string): CliResult {
  return { code, stdout, stderr, json: <T>() => JSON.parse(stdout) as T };
}

/** Texts long enough for the seed's rules. */
export const CHANGE = 'The users table gained a preferences JSON column for personalisation.';
export const ACTION =
  'Update the loaders in api/users.ts and the serializers in api/serialize.ts to read and return the preferences column; add tests for null values.';

/** What the seed's `create-flag` is given; each field has a valid default. */
export interface SeedCreate {
  type?: string;
  from?: string;
  /** No `--target_agent` at all when absent (a flag for every agent). */
  to?: string;
  change?: string;
  action?: string;
  extra?: string[];
}

/** Arguments of the seed's `create-flag`, with its snake_case options as its prompts spell them. */
export function seedCreateArgs(o: SeedCreate = {}): string[] {
  return [
    'create-flag',
    ...['--flag_type', o.type ?? 'change', '--source_agent', o.from ?? '@a.one'],
    ...(o.to === undefined ? [] : ['--target_agent', o.to]),
    ...['--change_description', o.change ?? CHANGE, '--action_required', o.action ?? ACTION],
    ...(o.extra ?? []),
  ];
}

/** Arguments of a valid native `create`, with overrides appended. */
export function createArgs(type = 'change', ...extra: string[]): string[] {
  return ['create', type, '--change', CHANGE, '--action', ACTION, ...extra];
}

/** Creates a flag through the CLI and returns its id. */
export async function createFlag(repo: string, by: string, ...args: string[]): Promise<string> {
  const res = await cli(repo, [
    '--json',
    ...createArgs(...(args.length > 0 ? (args as [string, ...string[]]) : ['change'])),
    '--by',
    by,
  ]);
  if (res.code !== 0) throw new Error(`create failed: ${res.stdout}${res.stderr}`);
  return res.json<{ flag: { id: string } }>().flag.id;
}

/** Who asks whom about which flag: an `information_request` chained to `about`. */
export interface Question {
  from: string;
  to: string;
  about: string;
}

/** Creates a question (an `information_request` chained to a flag) and returns its id. */
export function askAbout(repo: string, q: Question): Promise<string> {
  return createFlag(repo, q.from, 'information_request', '--to', q.to, '--chain', q.about);
}

/** Names of the flag files in a repository. */
export function flagFiles(repo: string): string[] {
  return readdirSync(join(repo, 'flags'))
    .filter((name) => name.endsWith('.md'))
    .sort();
}

/** Text of a flag file. */
export function readFlag(repo: string, id: string): string {
  return readFileSync(join(repo, 'flags', `${id}.md`), 'utf8');
}

/** A valid pending flag file by hand, with extra front-matter lines and body text. */
export function flagText(id: string, extra = '', body = ''): string {
  return [
    '---',
    `id: ${id}`,
    'flag_type: change',
    'source_agent: "@a.one"',
    'target_agent: "@b.two"',
    'impact_level: medium',
    extra,
    'created_at: 2026-11-20T09:30:00Z',
    '---',
    '',
    '## Change description',
    '',
    'The users table gained a preferences JSON column for personalisation of dashboards.',
    '',
    '## Action required',
    '',
    'Update the loaders in api/users.ts and the serializers in api/serialize.ts to read and return the new column.',
    body,
    '',
  ]
    .filter((line, i) => line !== '' || i > 8)
    .join('\n');
}

/** Leaves `.git/index.lock` in `repo` as a crashed git would, an hour old; returns its path. */
export function staleIndexLock(repo: string): string {
  const lock = join(repo, '.git', 'index.lock');
  writeFileSync(lock, '');
  const hourAgo = new Date(Date.now() - 3_600_000);
  utimesSync(lock, hourAgo, hourAgo);
  return lock;
}
