/**
 * Every command shown in the docs runs: each ```sh block of README.md and docs/*.md runs with
 * bash (errexit, pipefail) in a sandbox repository. Its `flagstore` commands run in this worker
 * (test/docs-shell.ts); the hooks its commits run are the built binary, on PATH. A block that cannot run here (it installs software, or needs a database from the
 * original tool) is preceded by `<!-- docs-check: skip (why, and what runs it instead) -->`.
 */
import { execFile } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsShell, type DocsShell } from './docs-shell.js';
import { copyTree } from './copy-tree.js';
import { BIN, cli, createFlag, FIXTURES, git, tempDir } from './helpers.js';
import { oncePerFile } from './per-file.js';

const execFileAsync = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');
const MARKER = /^<!-- docs-check: (skip \((.+)\)|new repository|after init) -->$/;

/** Where a block runs: the full sandbox, a new repository, or one just set up with init. */
type Setting = 'sandbox' | 'new repository' | 'after init';

/** One ```sh block: where it is, its text, where it runs, and why it is skipped (null: it runs). */
interface Block {
  where: string;
  code: string;
  setting: Setting;
  skip: string | null;
}

function blocksOf(file: string): Block[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const blocks: Block[] = [];
  lines.forEach((line, i) => {
    if (line.trim() !== '```sh') return;
    const end = lines.findIndex((l, j) => j > i && l.trim() === '```');
    const before = lines.slice(0, i).filter((l) => l.trim() !== '');
    const marker = MARKER.exec(before[before.length - 1]?.trim() ?? '');
    const setting = marker?.[1]?.startsWith('skip') ? 'sandbox' : (marker?.[1] as Setting);
    blocks.push({
      where: `${file}:${i + 1}`,
      code: lines.slice(i + 1, end).join('\n'),
      setting: setting ?? 'sandbox',
      skip: marker?.[2] ?? null,
    });
  });
  return blocks;
}

const DOCS = ['README.md', ...readdirSync(join(ROOT, 'docs')).map((f) => `docs/${f}`)]
  .filter((f) => f.endsWith('.md'))
  .sort();
const BLOCKS = DOCS.flatMap(blocksOf);

/** A flag id the reference pages use in their examples. */
const DOC_ID = '01JD3ZQ8XKQ5V7W9Y2B4C6D8EF';

/**
 * The repository the docs' examples assume: set up and committed, the fixture catalog, a flag
 * with the docs' example id, a remote, a `feature` branch, tags v1 and v2, a staged file, and a
 * sibling project with agent files. Each setting is built once; each block gets a copy.
 */
async function sandbox(setting: Setting): Promise<{ repo: string; path: string }> {
  const templateBase = await oncePerFile(`docs-check ${setting}`, () => template(setting));
  const base = tempDir('flagstore-docs-');
  copyTree(templateBase, base);
  const repo = join(base, 'repo');
  if (setting === 'sandbox') pointRemotes(repo, templateBase, base);
  return { repo, path: `${join(base, 'bin')}:${process.env.PATH ?? ''}` };
}

async function template(setting: Setting): Promise<string> {
  const base = tempDir('flagstore-docs-template-');
  const repo = join(base, 'repo');
  binDir(base);
  newRepo(repo);
  if (setting === 'new repository') return base;
  expect((await cli(repo, ['init'])).code).toBe(0);
  if (setting === 'sandbox') await populate(base, repo);
  else {
    git(repo, 'add', '-A');
    // Set-up commits skip the hook (a node process each); the examples' own commits run it.
    git(repo, 'commit', '-q', '--no-verify', '-m', 'set up flagstore');
  }
  return base;
}

/** A new repository with an identity: written into its config, as three `git config` would. */
function newRepo(repo: string): void {
  git(dirname(repo), 'init', '-q', '-b', 'main', repo);
  const identity =
    '[user]\n\temail = docs@example.com\n\tname = Docs\n[commit]\n\tgpgsign = false\n';
  appendFileSync(join(repo, '.git', 'config'), identity);
}

/**
 * The remotes' URLs are the only text naming the template: set to the copy's remote by hand,
 * as `git remote set-url` would (two git processes fewer per block).
 */
function pointRemotes(repo: string, templateBase: string, base: string): void {
  const config = join(repo, '.git', 'config');
  const remote = (dir: string): string => `url = ${join(dir, 'origin.git')}\n`;
  const text = readFileSync(config, 'utf8');
  if (text.split(remote(templateBase)).length !== 3)
    throw new Error(`remotes not as set up:\n${text}`);
  writeFileSync(config, text.replaceAll(remote(templateBase), remote(base)));
}

/** `flagstore` on PATH: the built binary (the hooks the examples' commits run find it there). */
function binDir(base: string): void {
  const bin = join(base, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'flagstore'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(bin, 'flagstore'), 0o755);
}

async function populate(base: string, repo: string): Promise<void> {
  const bare = join(base, 'origin.git');
  git(base, 'init', '-q', '--bare', '-b', 'main', bare);
  cpSync(join(FIXTURES, 'agents'), join(repo, 'agents'), { recursive: true });
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '--no-verify', '-m', 'set up flagstore');
  git(repo, 'tag', 'v1');
  const made = await createFlag(repo, '@database.postgres', 'change', '--to', '@backend.api');
  const text = readFileSync(join(repo, 'flags', `${made}.md`), 'utf8').replaceAll(made, DOC_ID);
  rmSync(join(repo, 'flags', `${made}.md`));
  writeFileSync(join(repo, 'flags', `${DOC_ID}.md`), text);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '--no-verify', '-m', 'a flag for the docs');
  git(repo, 'tag', 'v2');
  git(repo, 'remote', 'add', 'origin', bare);
  git(repo, 'remote', 'add', 'upstream', bare);
  git(repo, 'push', '-q', 'origin', 'main');
  git(repo, 'branch', 'feature');
  mkdirSync(join(base, 'other-project', '.claude', 'agents'), { recursive: true });
  cpSync(
    join(FIXTURES, 'agents', 'ops.git.md'),
    join(base, 'other-project', '.claude', 'agents', 'vcs.history.md'),
  );
  writeFileSync(join(repo, 'notes.md'), 'notes\n');
  git(repo, 'add', 'notes.md');
}

/** README's quick start: the first block of README.md that runs in a new repository. */
const QUICK_START = BLOCKS.find(
  (b) => b.where.startsWith('README.md:') && b.setting === 'new repository',
);

/** Runs a block's text with bash in its folder; `flagstore` is the worker's (test/docs-shell.ts). */
function runBlock(block: Block, at: { repo: string; path: string }, shell: DocsShell) {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: at.path, NO_COLOR: '1' };
  delete env.FLAGSTORE_AGENT;
  const script = `set -euo pipefail\n${shell.prelude}${block.code}\n`;
  return execFileAsync('bash', ['-c', script], { cwd: at.repo, env }).then(
    (out) => ({ code: 0, ...out }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({
      code: error.code ?? 1,
      stdout: error.stdout ?? '',
      stderr: error.stderr ?? '',
    }),
  );
}

// Blocks run side by side: each has its own sandbox; their commands take turns in this worker.
describe.concurrent('docs: every shell example runs', () => {
  let shell: DocsShell;
  beforeAll(async () => void (shell = await docsShell()));
  afterAll(() => shell.close());

  it('finds the examples, and every skipped one says why', () => {
    expect(BLOCKS.length).toBeGreaterThan(15);
    for (const block of BLOCKS.filter((b) => b.skip !== null))
      expect(block.skip?.length, block.where).toBeGreaterThan(10);
    expect(QUICK_START?.code).toContain('flagstore agents add');
  });

  for (const block of BLOCKS.filter((b) => b.skip === null)) {
    it(block.where, async ({ expect }) => {
      const at = await sandbox(block.setting);
      const res = await runBlock(block, at, shell);
      expect(res.code, `${block.where}\n${res.stdout}\n${res.stderr}`).toBe(0);
      if (block !== QUICK_START) return;
      // The quick start leaves nothing uncommitted: the agent file is in the set-up commit.
      expect(git(at.repo, 'status', '--porcelain')).toBe('');
      expect(git(at.repo, 'ls-files', 'agents')).toContain('agents/backend.api.md');
    });
  }
});
