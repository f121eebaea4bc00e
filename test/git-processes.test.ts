/**
 * How many git processes the main commands start, counted through a `git` first on PATH that
 * logs each call and runs the real one (docs/performance.md, "Round gitproc24"): a warm read,
 * a read after a write, the writes, the pre-commit gate, `check`, `show` and `sync`. A regression (a git call
 * added, or one merged away coming back) changes a count here.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { agentIdentity } from '../src/gates/agent.js';
import { plainConfigValue } from '../src/git/config-read.js';
import { headBranch } from '../src/git/ref-files.js';
import { AGENT, LIST, seeded, warm } from './answer-helpers.js';
import { cli, createFlag, git, makeRepo, spawnCli, tempDir } from './helpers.js';
import { cluster } from './ledger-helpers.js';
import { counted } from './git-count.js';

describe('git processes per command', () => {
  it('a warm read starts one (diff-files); a read after a write four, diff-files twice', async () => {
    const repo = await seeded();
    const id = await createFlag(repo, '@ops.cicd', 'change', '--to', AGENT);
    await warm(repo, LIST);
    const hit = await counted(repo, LIST);
    expect(hit.trace).toEqual(['hit']);
    expect(hit.gits).toEqual(['diff-files']);
    expect((await cli(repo, ['lock', id, '--by', AGENT])).code).toBe(0);
    await sleep(200);
    // The look-up's diff-files stands for the first key's; the second key lists again.
    const miss = await counted(repo, LIST);
    expect(miss.trace).toEqual(['miss', 'kept']);
    // The ledger's listing kept by tree id is carried to the new tree by a diff-tree, not listed.
    expect(miss.gits).toEqual(['diff-files', 'diff-files', 'diff-tree', 'ls-files']);
    expect((await counted(repo, LIST)).gits).toEqual(['diff-files']);
  });

  it('create, lock, unlock and complete start none', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const create = ['create', 'change', '--change', 'x'.repeat(60), '--action', 'y'.repeat(120)];
    for (const args of [
      [...create, '--to', '@b.two', '--by', '@a.one'],
      ['lock', id, '--by', '@b.two'],
      ['unlock', id, '--by', '@b.two'],
      ['complete', id, '--by', '@b.two', '--notes', 'done'],
    ]) {
      expect((await counted(repo, args)).gits, args[0]).toEqual([]);
    }
  });

  it('create --commit starts six and runs no hook: the commit made by plumbing', async () => {
    const repo = await makeRepo();
    await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const create = ['create', 'change', '--change', 'x'.repeat(60), '--action', 'y'.repeat(120)];
    const { gits } = await counted(repo, [
      ...create,
      '--to',
      '@b.two',
      '--by',
      '@a.one',
      '--commit',
    ]);
    // No rev-parse (the git dir and HEAD are read from their files) and no cat-file (the blobs
    // just written, read to refuse an LFS pointer a clean filter made, are read here too).
    const commit = 'commit-tree read-tree update-index update-index update-ref write-tree';
    expect(gits.join(' ')).toBe(commit);
  });

  it('the pre-commit gate starts one, the committer and the objects read from the files here', async () => {
    const repo = await makeRepo();
    git(repo, 'config', 'flagstore.agent', '@a.one');
    writeFileSync(join(repo, 'a.txt'), 'a\n');
    git(repo, 'add', 'a.txt');
    await counted(repo, ['gate', 'pre-commit']);
    // Warm: the staged list; the staged blobs, HEAD and the ledger's tip are read here.
    expect((await counted(repo, ['gate', 'pre-commit'])).gits).toEqual(['diff']);
    // Packed by gc as well (HEAD's commit and trees in a pack, the staged blob loose).
    git(repo, 'gc', '-q');
    writeFileSync(join(repo, 'a.txt'), 'b\n');
    git(repo, 'add', 'a.txt');
    expect((await counted(repo, ['gate', 'pre-commit'])).gits).toEqual(['diff']);
  });

  it("the gate's first commit after another process's write carries the ledger's listing: diff-tree, no ls-tree", async () => {
    const repo = await makeRepo();
    git(repo, 'config', 'flagstore.agent', '@a.one');
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    writeFileSync(join(repo, 'a.txt'), 'a\n');
    git(repo, 'add', 'a.txt');
    await counted(repo, ['gate', 'pre-commit']);
    expect((await spawnCli(repo, ['lock', id, '--by', '@b.two'])).code).toBe(0);
    const after = await counted(repo, ['gate', 'pre-commit']);
    expect(after.gits).toEqual(['cat-file', 'diff', 'diff-tree', 'ls-files']);
  });

  it('check on the default branch starts three once warm (no merge-base, no rev-parse)', async () => {
    const repo = await makeRepo();
    await counted(repo, ['check']);
    const warmCheck = await counted(repo, ['check']);
    // No origin/HEAD ref file: no `git symbolic-ref`; HEAD and main read from their ref files
    // (src/git/local-commit.ts): no `git rev-parse`. `git diff` names the changed flag files;
    // `git ls-files` the temp files and saved hidden edits the index holds (round mend47: readers
    // sweep a committed temp file from the work tree, so only the index still shows it).
    expect(warmCheck.gits).toEqual(['diff', 'ls-files', 'ls-tree']);
    // An unborn HEAD has no base: the default branch is not looked for.
    const unborn = tempDir();
    git(unborn, 'init', '-q', '-b', 'main');
    expect((await counted(unborn, ['check'])).gits).toEqual([]);
  });

  it("check asks git for the remote's HEAD where its file is, and compares with that branch", async () => {
    const bare = join(tempDir(), 'remote.git');
    git(tempDir(), 'clone', '-q', '--bare', await makeRepo(), bare);
    git(bare, 'branch', '-q', '-m', 'main', 'trunk');
    const clone = join(tempDir(), 'clone');
    git(tempDir(), 'clone', '-q', bare, clone);
    git(clone, 'branch', '-q', 'main');
    const res = await spawnCli(clone, ['--json', 'check']);
    expect(res.json<{ range: { label: string } }>().range.label).toBe(
      'merge-base(origin/trunk, HEAD)...work tree',
    );
    expect((await counted(clone, ['check'])).gits).toContain('symbolic-ref');
    // A linked worktree keeps its refs in the clone's folder: the remote's HEAD is still found.
    const worktree = join(tempDir(), 'worktree');
    git(clone, 'worktree', 'add', '-q', '-b', 'side', worktree);
    const inWorktree = await spawnCli(worktree, ['--json', 'check']);
    expect(inWorktree.json<{ range: { label: string } }>().range.label).toBe(
      'merge-base(origin/trunk, HEAD)...work tree',
    );
  });
});

describe('init and doctor', () => {
  it('read their settings and hook paths in this process: init writes, doctor checks attributes', async () => {
    const dir = tempDir();
    git(dir, 'init', '-q', '-b', 'main');
    const init = await counted(dir, ['init']);
    // flagstore.bin and the merge driver's two settings written, the new files' status.
    expect(init.gits).toEqual(['config', 'config', 'config', 'status']);
    expect((await counted(dir, ['init'])).gits).toEqual([]);
    // The attributes in effect, and which ignore file covers flagstore's temp files.
    expect((await counted(dir, ['doctor'])).gits).toEqual(['check-attr', 'check-ignore']);
  });
});

describe('show', () => {
  it('finds the ledger from its ref files: two git grep, no for-each-ref', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    expect((await counted(repo, ['show', id])).gits).toEqual(['grep', 'grep']);
  });
});

describe('sync', () => {
  it('reads the branch from the HEAD file: no symbolic-ref in a sync or a synced write', async () => {
    const repo = await makeRepo();
    const remote = join(tempDir(), 'remote.git');
    git(repo, 'init', '-q', '--bare', remote);
    git(repo, 'remote', 'add', 'origin', remote);
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    await counted(repo, ['sync']);
    // Nothing to publish: the fetch only (the remotes, the branch's remote and the merge driver's
    // setting are read from the config files: round gitconf27).
    const sync = await counted(repo, ['sync']);
    expect(sync.gits).toEqual(['fetch']);
    const lock = await counted(repo, ['lock', id, '--by', '@b.two', '--sync']);
    expect(lock.gits).toEqual(['fetch', 'push']);
    git(repo, 'checkout', '-q', '--detach');
    expect((await cli(repo, ['unlock', id, '--by', '@b.two'])).code).toBe(0);
    const trailers = git(
      repo,
      'log',
      '-2',
      '--format=%(trailers:key=Flagstore-Branch)',
      'flagstore',
    );
    expect(trailers.split('\n').filter(Boolean)).toEqual([
      'Flagstore-Branch: (detached)',
      'Flagstore-Branch: main',
    ]);
  });
});

describe('sync with another clone', () => {
  it('ahead, merged, fast-forward: one merge-base each, the ledger folders read in this process', async () => {
    const [a, b] = (await cluster(2)).clones as [string, string];
    for (const dir of [a, b]) expect((await cli(dir, ['sync'])).code).toBe(0);
    const parents = (dir: string) => git(dir, 'rev-list', '--parents', '-1', 'flagstore').trim();
    // B's ledger ahead of the remote's: published as it is, no merge commit.
    await createFlag(b, '@b.two', 'change', '--to', '@a.one');
    const ahead = await counted(b, ['sync']);
    expect(ahead.gits).toEqual(['fetch', 'merge-base', 'push']);
    expect(parents(b).split(' ')).toHaveLength(2);
    const id = await createFlag(a, '@a.one', 'change', '--to', '@b.two', '--sync');
    await createFlag(b, '@b.two', 'change', '--to', '@a.one');
    // B's local flag and A's published one: the ledgers diverged, B merges and publishes (the
    // copies merged are read in this process).
    const merged = await counted(b, ['sync']);
    expect(merged.gits).toEqual(['diff-tree', 'fetch', 'merge-base', 'push']);
    // The tip is a merge commit: its two parents follow it.
    expect(parents(b).split(' ')).toHaveLength(3);
    // A's ledger is behind the remote's merge: a fast-forward.
    const forward = await counted(a, ['sync']);
    expect(forward.gits).toEqual(['fetch', 'merge-base']);
    expect(git(a, 'rev-parse', 'flagstore')).toBe(git(b, 'rev-parse', 'flagstore'));
    // A's pushed lock completed by B: the copies A's sync compares (its work tree's against the
    // ledger's, the lock against the completion) are read in this process, no cat-file.
    expect((await cli(a, ['lock', id, '--sync', '--by', '@a.one'])).code).toBe(0);
    expect((await cli(b, ['complete', id, '--sync', '--force', '--by', '@b.two'])).code).toBe(0);
    expect((await counted(a, ['sync'])).gits).not.toContain('cat-file');
  });
});

describe("HEAD's branch read in this process", () => {
  it('agrees with git symbolic-ref --short, and leaves git anything outside refs/heads/', async () => {
    const repo = await makeRepo();
    const gitDir = join(repo, '.git');
    const short = () => {
      try {
        return git(repo, 'symbolic-ref', '--quiet', '--short', 'HEAD').trim();
      } catch {
        return null;
      }
    };
    git(repo, 'checkout', '-q', '-b', 'feature/x.y');
    expect(headBranch(gitDir)).toBe(short());
    git(repo, 'checkout', '-q', '--detach');
    expect([headBranch(gitDir), short()]).toEqual([null, null]);
    git(repo, 'symbolic-ref', 'HEAD', 'refs/remotes/origin/main');
    expect(headBranch(gitDir)).toBeUndefined();
  });
});

describe('flagstore.agent read in this process', () => {
  /** The agent the library finds, and the one git's own `git config --get` gives. */
  async function both(repo: string): Promise<[string | null, string | null]> {
    const mine = await agentIdentity(repo, {});
    let theirs: string | null = null;
    try {
      theirs = git(repo, 'config', '--get', 'flagstore.agent').trim() || null;
    } catch {
      theirs = null;
    }
    return [mine, theirs];
  }

  it('agrees with git: last value, includes, quotes, -c settings, unset', async () => {
    const repo = await makeRepo();
    const config = join(repo, '.git', 'config');
    const base = readFileSync(config, 'utf8');
    const extra = join(tempDir(), 'extra');
    writeFileSync(extra, '[flagstore]\n\tagent = @in.cluded\n');
    const cases = [
      '[flagstore]\n\tagent = @a.one\n\tagent = @b.two\n',
      `[flagstore]\n\tagent = @a.one\n[include]\n\tpath = ${extra}\n`,
      '[flagstore]\n\tagent = "@quo.ted"\n',
      '[FlagStore]\n\tAgent = @upper.case ; a comment\n',
      '',
    ];
    for (const text of cases) {
      writeFileSync(config, base + text);
      const [mine, theirs] = await both(repo);
      expect(mine, text).toBe(theirs);
    }
    expect((await both(repo))[0]).toBeNull();
    // A subsection's key is read too (test/git-config-sections.property.test.ts compares more).
    git(repo, 'config', 'branch.main.remote', 'origin');
    expect(plainConfigValue(repo, 'branch.main.remote')).toBe('origin');
    expect(plainConfigValue(repo, 'branch.Main.remote')).toBeNull();
    expect(plainConfigValue(repo, 'flagstore.agent')).toBeNull();
    // A `git -c` setting reaches a hook through the environment: git is asked.
    const saved = process.env.GIT_CONFIG_PARAMETERS;
    process.env.GIT_CONFIG_PARAMETERS = "'flagstore.agent'='@from.env'";
    try {
      expect(await both(repo)).toEqual(['@from.env', '@from.env']);
    } finally {
      if (saved === undefined) delete process.env.GIT_CONFIG_PARAMETERS;
      else process.env.GIT_CONFIG_PARAMETERS = saved;
    }
  });
});
