/**
 * Every command shown in the docs runs: each ```sh block of README.md and docs/*.md runs with
 * bash (errexit, pipefail) in a sandbox repository, with `flagstore` on PATH as the built
 * binary. A block that cannot run here (it installs software, or needs a database from the
 * original tool) is preceded by `<!-- docs-check: skip (why, and what runs it instead) -->`.
 */
import { execFile } from 'node:child_process';
import {
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
import { describe, expect, it } from 'vitest';
import { BIN, cli, createFlag, FIXTURES, git, tempDir } from './helpers.js';

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
 * sibling project with agent files.
 */
async function sandbox(setting: Setting): Promise<{ repo: string; path: string }> {
  if (setting === 'sandbox') return copyOf(await (template ??= populated()));
  const base = tempDir('flagstore-docs-');
  const repo = join(base, 'repo');
  const path = binDir(base);
  newRepo(repo);
  if (setting === 'after init') {
    expect((await cli(repo, ['init'])).code).toBe(0);
    git(repo, 'add', '-A');
    // Set-up commits skip the hook (a node process each); the examples' own commits run it.
    git(repo, 'commit', '-q', '--no-verify', '-m', 'set up flagstore');
  }
  return { repo, path };
}

function newRepo(repo: string): void {
  git(dirname(repo), 'init', '-q', '-b', 'main', repo);
  for (const [key, value] of [
    ['user.email', 'docs@example.com'],
    ['user.name', 'Docs'],
    ['commit.gpgsign', 'false'],
  ])
    git(repo, 'config', key as string, value as string);
}

/** The full sandbox is built once; each block gets a copy with its own remote. */
let template: Promise<string> | undefined;

async function populated(): Promise<string> {
  const base = tempDir('flagstore-docs-template-');
  const repo = join(base, 'repo');
  binDir(base);
  newRepo(repo);
  expect((await cli(repo, ['init'])).code).toBe(0);
  await populate(base, repo);
  return base;
}

function copyOf(templateBase: string): { repo: string; path: string } {
  const base = tempDir('flagstore-docs-');
  cpSync(templateBase, base, { recursive: true });
  const repo = join(base, 'repo');
  // The remotes' URLs are the only text naming the template: set to the copy's remote by hand,
  // as `git remote set-url` would (two git processes fewer per block).
  const config = join(repo, '.git', 'config');
  const remote = (dir: string): string => `url = ${join(dir, 'origin.git')}\n`;
  const text = readFileSync(config, 'utf8');
  if (text.split(remote(templateBase)).length !== 3)
    throw new Error(`remotes not as set up:\n${text}`);
  writeFileSync(config, text.replaceAll(remote(templateBase), remote(base)));
  return { repo, path: `${join(base, 'bin')}:${process.env.PATH ?? ''}` };
}

/** `flagstore` on PATH: the built binary. */
function binDir(base: string): string {
  const bin = join(base, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'flagstore'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(bin, 'flagstore'), 0o755);
  return `${bin}:${process.env.PATH ?? ''}`;
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

// Blocks run side by side: each has its own sandbox, and its commands are child processes.
describe.concurrent('docs: every shell example runs', () => {
  it('finds the examples, and every skipped one says why', () => {
    expect(BLOCKS.length).toBeGreaterThan(15);
    for (const block of BLOCKS.filter((b) => b.skip !== null))
      expect(block.skip?.length, block.where).toBeGreaterThan(10);
  });

  for (const block of BLOCKS.filter((b) => b.skip === null)) {
    it(block.where, async ({ expect }) => {
      const { repo, path } = await sandbox(block.setting);
      const env: NodeJS.ProcessEnv = { ...process.env, PATH: path, NO_COLOR: '1' };
      delete env.FLAGSTORE_AGENT;
      const script = `set -euo pipefail\n${block.code}\n`;
      const res = await execFileAsync('bash', ['-c', script], { cwd: repo, env }).then(
        (out) => ({ code: 0, ...out }),
        (error: { code?: number; stdout?: string; stderr?: string }) => ({
          code: error.code ?? 1,
          stdout: error.stdout ?? '',
          stderr: error.stderr ?? '',
        }),
      );
      expect(res.code, `${block.where}\n${res.stdout}\n${res.stderr}`).toBe(0);
    });
  }
});
