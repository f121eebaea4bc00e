/** Helpers of the ledger tests: a bare remote and clones of it, each on its own branch. */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { expect } from 'vitest';
import { copyTree } from './copy-tree.js';
import { cli, createFlag, git, identify, makeRepo, tempDir } from './helpers.js';
import { oncePerFile, oncePerRun } from './per-file.js';
import { refreshIndex } from './index-stamps.js';
import { LEDGER_EMAIL } from '../src/git/ledger.js';

/** A bare remote (`git init --bare -b main`) and a fresh repository pushed to it as `origin`. */
export async function repoWithRemote(): Promise<{ bare: string; repo: string }> {
  const bare = join(tempDir(), 'remote.git');
  git(tempDir(), 'init', '-q', '--bare', '-b', 'main', bare);
  const repo = await makeRepo();
  git(repo, 'remote', 'add', 'origin', bare);
  git(repo, 'push', '-q', '-u', 'origin', 'main');
  return { bare, repo };
}

/** A clone of `bare` named `name`, with an identity, set up with `flagstore init`. */
export async function cloneOf(bare: string, name: string): Promise<string> {
  const dir = join(tempDir(), name);
  git(tempDir(), 'clone', '-q', bare, dir);
  identify(dir, name);
  git(dir, 'config', 'commit.gpgsign', 'false');
  expect((await cli(dir, ['init'])).code).toBe(0);
  return dir;
}

/** A bare remote and its clones, all in one folder, and the flag they share. */
export interface Cluster {
  bare: string;
  clones: string[];
  id: string;
}

/**
 * A bare remote (`git init --bare -b main`) holding one committed flag, and `n` clones of it,
 * each on its own feature branch, set up with `flagstore init`. Built once per run for each `n`
 * (test/per-file.ts's oncePerRun) and copied: some twenty git processes and `n` inits fewer per
 * cluster.
 */
export async function cluster(n: number): Promise<Cluster> {
  return copyCluster(await clusterTemplate(n));
}

/**
 * The cluster of `n` clones built once in this run itself, not a copy: for a file that makes its
 * own copies of it (never change it; its clones' `origin` names the folder it was built in).
 */
export async function clusterTemplate(n: number): Promise<Cluster> {
  const root = await oncePerRun(`cluster-${n}`, (dir) => buildCluster(n, dir));
  const clones = Array.from({ length: n }, (_, i) => join(root, `clone-${i}`));
  return { bare: join(root, 'remote.git'), clones, id: readFileSync(join(root, 'id'), 'utf8') };
}

/** A copy of `from` in a new folder, its clones' origin set to the copied remote. */
export function copyCluster(from: Cluster): Cluster {
  const root = tempDir();
  copyTree(dirname(from.bare), root);
  const bare = join(root, basename(from.bare));
  const clones = from.clones.map((dir) => join(root, basename(dir)));
  for (const dir of clones) {
    setOrigin(dir, bare);
    // The file stamps a checkout there would have left (copies have new ones).
    refreshIndex(dir);
  }
  return { bare, clones, id: from.id };
}

/**
 * `git remote set-url origin <url>` in a copied clone whose one `[remote "origin"]` section
 * starts with a plain `url` line, as git clone writes it (the run's temp folders need no
 * quoting; the url names the folder the template was built in, not its final one): a git
 * process fewer per clone copied. Anything else goes to git.
 */
export function setOrigin(dir: string, url: string): void {
  const file = join(dir, '.git', 'config');
  const text = readFileSync(file, 'utf8');
  const origin = '[remote "origin"]\n';
  const line = /^\[remote "origin"\]\n\turl = [\w./-]+\n/m;
  if (/^[\w./-]+$/.test(url) && text.split(origin).length === 2 && line.test(text)) {
    writeFileSync(file, text.replace(line, `${origin}\turl = ${url}\n`));
  } else git(dir, 'remote', 'set-url', 'origin', url);
}

/** Builds {@link cluster}'s remote and clones in the empty folder `root`, its flag's id in `id`. */
async function buildCluster(n: number, root: string): Promise<void> {
  const bare = join(root, 'remote.git');
  git(root, 'init', '-q', '--bare', '-b', 'main', bare);
  const seed = await makeRepo();
  const id = await createFlag(seed, '@a.one', 'change', '--to', '@clone.alpha');
  git(seed, 'add', '-A');
  git(seed, 'commit', '-q', '--no-verify', '-m', 'a flag');
  git(seed, 'remote', 'add', 'origin', bare);
  git(seed, 'push', '-q', '-u', 'origin', 'main');
  for (let i = 0; i < n; i++) {
    const dir = join(root, `clone-${i}`);
    git(root, 'clone', '-q', bare, dir);
    identify(dir, `Clone ${i}`);
    git(dir, 'config', 'commit.gpgsign', 'false');
    git(dir, 'switch', '-q', '-c', `feature-${i}`);
    expect((await cli(dir, ['init'])).code).toBe(0);
  }
  writeFileSync(join(root, 'id'), id);
}

/**
 * Two synced clones A and B and a flag X: B makes and publishes a flag Y (`other`), locks X
 * locally (never published), then A locks X through the remote. B's next synced write loses X.
 */
export async function splitLockWithOther(): Promise<{
  a: string;
  b: string;
  id: string;
  other: string;
}> {
  const built = await oncePerFile('split-lock-with-other', buildSplitLockWithOther);
  const [a, b] = copyCluster(built).clones as [string, string];
  return { a, b, id: built.id, other: built.other };
}

async function buildSplitLockWithOther(): Promise<Cluster & { other: string }> {
  const built = await cluster(2);
  const [a, b] = built.clones as [string, string];
  const id = built.id;
  for (const dir of [a, b]) expect((await cli(dir, ['sync'])).code).toBe(0);
  const other = await createFlag(b, '@b.two', 'change', '--to', '@clone.alpha', '--sync');
  expect((await cli(b, ['lock', id, '--by', '@b.two'])).code).toBe(0);
  const granted = await cli(a, ['lock', id, '--sync', '--by', '@a.one']);
  expect(granted.code, granted.stderr).toBe(0);
  return { ...built, other };
}

/**
 * The environment of a commit an older flagstore wrote: its ledger commits had flagstore's
 * identity too (since the ledger's first version), which sync checks (src/git/ledger-identity.ts).
 */
export const OLDER_FLAGSTORE_ENV = {
  ...process.env,
  GIT_COMMITTER_NAME: 'flagstore',
  GIT_COMMITTER_EMAIL: LEDGER_EMAIL,
};

/** git in `repo` with a temporary index of its own (the repository's index is untouched). */
function withTempIndex(repo: string): (args: string[], input?: string) => string {
  const env = { ...process.env, GIT_INDEX_FILE: join(tempDir(), 'index') };
  return (args, input) =>
    execFileSync('git', args, { cwd: repo, env, encoding: 'utf8', input }).trim();
}

/**
 * A commit of a tree holding exactly `paths` (path -> blob id), written with plumbing in a
 * temporary index (the repository's own index and HEAD are untouched), and its tree.
 */
export function plumbingCommit(
  repo: string,
  paths: Map<string, string>,
  parents: string[],
): { commit: string; tree: string } {
  const run = withTempIndex(repo);
  run(['read-tree', '--empty']);
  const lines = [...paths].map(([path, oid]) => `100644 ${oid}\t${path}`);
  run(['update-index', '--add', '--index-info'], `${lines.join('\n')}\n`);
  const tree = run(['write-tree']);
  const commit = run(['commit-tree', tree, ...parents.flatMap((p) => ['-p', p]), '-m', 'older']);
  return { commit, tree };
}

/**
 * Commits index-info lines (`<mode> <oid>\t<path>`, mode 0 removes) over the tip of the ledger
 * branch `ref`, by hand as an agent's script would, and moves the ref with its old value.
 */
export function commitLedger(repo: string, ref: string, lines: string[]): void {
  const run = withTempIndex(repo);
  const tip = run(['rev-parse', ref]);
  run(['read-tree', tip]);
  run(['update-index', '--index-info'], `${lines.join('\n')}\n`);
  const commit = run(['commit-tree', run(['write-tree']), '-p', tip, '-m', 'by hand']);
  run(['update-ref', ref, commit, tip]);
}
