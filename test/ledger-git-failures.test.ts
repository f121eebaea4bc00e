/**
 * git failing under the ledger (src/git/git-failure.ts): a repository git refuses, a missing
 * object, a branch in the way of the ledger's, a blob pruned under a write. Each is reported
 * with git's own words, the fix and the `git` exit code (8), never as "no flags" nor as a
 * ledger that "kept changing"; a blob pruned between its write and its tree is written again.
 */
import { spawn } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  realpathSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FlagstoreError } from '../src/core/errors.js';
import { gitFix, missingObject } from '../src/git/git-failure.js';
import { buildTree, compareAndSwap } from '../src/git/ledger.js';
import { refFilesMove } from '../src/git/ref-files-write.js';
import { looseStore } from '../src/git/loose.js';
import { ORPHAN_INDEX_MS } from '../src/git/temp-index.js';
import { findRepo } from '../src/git/repo.js';
import { BIN, cli, createFlag, git, makeRepo, spawnCli } from './helpers.js';
import { REASON, REF, withNext } from './ref-helpers.js';
import { commit } from './gate-helpers.js';
import { stopped } from './stall-helpers.js';

const GIT_EXIT = 8;

/** A repository whose ledger holds one flag the work tree does not (its file removed). */
async function ledgerOnly(): Promise<{ repo: string; id: string }> {
  const repo = await makeRepo();
  const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
  rmSync(join(repo, 'flags', `${id}.md`));
  return { repo, id };
}

/** The path of a loose object. */
const objectFile = (repo: string, oid: string): string =>
  join(repo, '.git', 'objects', oid.slice(0, 2), oid.slice(2));

describe('git failing while the ledger is read', () => {
  it('a repository format this git does not know (reftable): git says so, exit 8, never "no flags"', async () => {
    const { repo } = await ledgerOnly();
    git(repo, 'config', 'core.repositoryformatversion', '1');
    git(repo, 'config', 'extensions.refStorage', 'reftable');
    for (const res of [await spawnCli(repo, ['list', '--all']), await cli(repo, ['list'])]) {
      expect(res.code, res.stdout).toBe(GIT_EXIT);
      expect(res.stdout).not.toContain('no flags');
      expect(res.stderr).toContain('unknown repository extension');
      expect(res.stderr).toMatch(/fix: upgrade git .*refstorage/);
    }
    const json = await cli(repo, ['--json', 'list']);
    expect(json.json<{ error: { code: string } }>().error.code).toBe('git');
  });

  it('the repository is found by git, not guessed, when its config has an [extensions] section', async () => {
    const repo = await makeRepo();
    git(repo, 'config', 'core.repositoryformatversion', '1');
    git(repo, 'config', 'extensions.refStorage', 'reftable');
    await expect(findRepo(repo)).rejects.toThrow(/unknown repository extension/);
    // An extension this git knows: git reads the repository, flagstore's own readers stand by.
    const known = await makeRepo();
    const id = await createFlag(known, '@a.one', 'change', '--to', '@b.two');
    git(known, 'config', 'core.repositoryformatversion', '1');
    git(known, 'config', 'extensions.worktreeConfig', 'true');
    expect(looseStore(known)).toBeNull();
    rmSync(join(known, 'flags', `${id}.md`));
    const res = await cli(known, ['--json', 'list', '--all']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.json<{ flags: { id: string }[] }>().flags.map((f) => f.id)).toEqual([id]);
  });

  it('a ledger commit whose tree is missing: git names it, exit 8, for list and show', async () => {
    const { repo, id } = await ledgerOnly();
    rmSync(objectFile(repo, git(repo, 'rev-parse', 'flagstore^{tree}').trim()));
    rmSync(join(repo, '.git', 'flagstore', 'cache'), { recursive: true, force: true });
    for (const args of [
      ['list', '--all'],
      ['show', id],
    ]) {
      const res = await cli(repo, args);
      expect(res.code, `${args[0]}: ${res.stdout}`).toBe(GIT_EXIT);
      expect(res.stdout).not.toContain('no flags');
      expect(res.stderr).toContain('not a tree object');
      expect(res.stderr).toContain('fix: git fsck');
    }
  });

  it('a ledger ref at a missing commit: git says so, exit 8, never "no flags"', async () => {
    const { repo } = await ledgerOnly();
    // The loose ref names a commit that is not there: flagstore's own reader asks git.
    writeFileSync(join(repo, '.git', 'refs', 'heads', 'flagstore'), `${'1234'.repeat(10)}\n`);
    const res = await cli(repo, ['list', '--all']);
    expect(res.code, res.stdout).toBe(GIT_EXIT);
    expect(res.stdout).not.toContain('no flags');
    expect(res.stderr).toContain(
      `git ls-tree ${'1234'.repeat(10)} failed: fatal: not a tree object`,
    );
  });

  it('a ledger ref at a missing commit blocks a commit (the gate fails closed, exit 8)', async () => {
    const repo = await makeRepo();
    writeFileSync(join(repo, 'work.ts'), 'export const x = 1;\n');
    git(repo, 'add', 'work.ts');
    writeFileSync(join(repo, '.git', 'refs', 'heads', 'flagstore'), `${'1234'.repeat(10)}\n`);
    const before = git(repo, 'rev-parse', 'HEAD');
    const res = commit(repo, []);
    expect(res.code, res.output).not.toBe(0);
    expect(res.output).toContain('not a tree object');
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(before);
  });

  it("a repository git takes for another user's: its message and the safe.directory fix", async () => {
    const repo = await makeRepo();
    const res = await cli(repo, ['list'], { GIT_TEST_ASSUME_DIFFERENT_OWNER: '1' });
    expect(res.code, res.stdout).toBe(GIT_EXIT);
    expect(res.stderr).toContain('detected dubious ownership');
    expect(res.stderr).toContain(
      `fix: if you trust this repository: git config --global --add safe.directory ${realpathSync(repo)}`,
    );
  });

  it('the safe.directory fix quotes a path the shell would split', () => {
    const message = `fatal: detected dubious ownership in repository at '/tmp/a b/it's'`;
    expect(gitFix(message)).toBe(
      `if you trust this repository: git config --global --add safe.directory '/tmp/a b/it'\\''s'`,
    );
  });
});

describe("git's messages and their fixes", () => {
  it('names the fix each kind of refusal has, and none for others', () => {
    const fixes = {
      'fatal: unknown repository extensions found:\n\trefstorage\n\tfoo': /\(refstorage, foo;/,
      "fatal: cannot lock ref 'refs/heads/a/b': 'refs/heads/a' exists; cannot create 'refs/heads/a/b'":
        /git branch -m a a-branch\), .*ledger: \{ branch: a-b \}/,
      "error: invalid object 100644 1234567 for 'f'": /^git fsck/,
      'fatal: unable to read tree 1234567890': /^git fsck/,
    };
    for (const [message, fix] of Object.entries(fixes)) expect(gitFix(message)).toMatch(fix);
    for (const message of [
      "fatal: unable to read config file '/x/.gitconfig': Permission denied",
      'fatal: index file open failed: Permission denied',
    ]) {
      expect(gitFix(message)).toBeUndefined();
      expect(missingObject(message)).toBe(false);
    }
  });
});

describe('a branch in the way of the ledger branch', () => {
  it("`flagstore/feature` blocks `flagstore` (git update-ref): git's reason and the fix, at once", async () => {
    const repo = await makeRepo();
    git(repo, 'branch', 'flagstore/feature');
    const res = await cli(repo, ['create', ...createArgs()]);
    expect(res.code, res.stderr).toBe(GIT_EXIT);
    expect(res.stderr).not.toContain('kept changing');
    expect(res.stderr).toContain(
      "'refs/heads/flagstore/feature' exists; cannot create 'refs/heads/flagstore'",
    );
    expect(res.stderr).toContain('git branch -m flagstore/feature flagstore-feature');
    expect(res.stderr).toContain('.flagstore.yml (ledger: { branch: flagstore-ledger })');
    expect(git(repo, 'status', '--porcelain', 'flags')).toBe('');
  });

  it('a branch `flagstore` blocks the ledger `flagstore/ledger` set in .flagstore.yml', async () => {
    const repo = await makeRepo();
    appendFileSync(join(repo, '.flagstore.yml'), 'ledger:\n  branch: flagstore/ledger\n');
    git(repo, 'branch', 'flagstore');
    const res = await cli(repo, ['create', ...createArgs()]);
    expect(res.code, res.stderr).toBe(GIT_EXIT);
    expect(res.stderr).toContain(
      "'refs/heads/flagstore' exists; cannot create 'refs/heads/flagstore/ledger'",
    );
    expect(res.stderr).toContain('git branch -m flagstore flagstore-branch');
    expect(res.stderr).toContain('(ledger: { branch: flagstore-ledger })');
  });

  it('by `git update-ref <ref> <new> <old>`: a git error with the fix, not a lost race', async () => {
    const repo = await makeRepo();
    git(repo, 'branch', 'flagstore/feature');
    const next = git(repo, 'rev-parse', 'HEAD').trim();
    const change = { ref: 'refs/heads/flagstore', next, old: null, reason: 'test' };
    const failure = await compareAndSwap(repo, change).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FlagstoreError);
    expect((failure as FlagstoreError).code).toBe('git');
    expect((failure as FlagstoreError).fix).toContain('git branch -m flagstore/feature');
  });

  it("in this process: a file where the ref's folder goes leaves the move to git", async () => {
    const { root, old, next } = await withNext();
    // The ledger `flagstore/ledger`, with a file `flagstore` (a branch) where its folder goes.
    const ref = 'refs/heads/flagstore/ledger';
    git(root, 'update-ref', '-d', REF);
    git(root, 'update-ref', ref, old);
    git(root, 'pack-refs', '--all');
    writeFileSync(join(root, '.git', 'refs', 'heads', 'flagstore'), `${old}\n`);
    expect(refFilesMove(root, { ref, old, next, reason: REASON })).toBeNull();
    expect(existsSync(join(root, '.git', 'refs', 'heads', 'flagstore'))).toBe(true);
  });
});

/** `create` arguments of a valid flag. */
function createArgs(): string[] {
  return [
    'change',
    '--change',
    'A change long enough to pass the fifty character minimum length.',
    '--action',
    'An action long enough to pass the one hundred character minimum, so the flag is valid for the tests.',
    '--to',
    '@b.two',
    '--by',
    '@a.one',
  ];
}

/**
 * Runs `create` in a process stopped after its blobs are written and before its tree is made,
 * runs `git prune --expire=now` there (the blobs are not reachable yet: prune takes them, as a
 * `git gc` that had listed them as old would), then lets it go on.
 */
async function createPrunedUnder(repo: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, 'create', ...createArgs()], {
    cwd: repo,
    env: { ...process.env, FLAGSTORE_TEST_STALL_BEFORE_TREE: '1', NO_COLOR: '1' },
  });
  let stderr = '';
  const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
  await new Promise<void>((resolve) =>
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('stalled before the tree')) resolve();
    }),
  );
  await stopped(child);
  expect(git(repo, 'prune', '--expire=now', '-v')).toMatch(/ blob$/m);
  child.kill('SIGCONT');
  return { code: await exit, stderr };
}

describe('writing the ledger tree', () => {
  it("a tree git cannot write is a git error with git's words, not a bug in flagstore", async () => {
    const repo = await makeRepo();
    git(repo, 'config', 'core.fsync', 'loose-object');
    expect(looseStore(repo)).toBeNull();
    const missing = '1234567890123456789012345678901234567890';
    const work = { gitDir: join(repo, '.git'), base: null, updates: [{ path: 'f', oid: missing }] };
    const failure = await buildTree(repo, work).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FlagstoreError);
    expect((failure as FlagstoreError).code).toBe('git');
    expect((failure as FlagstoreError).message).toMatch(
      /^git write-tree failed: [^]*invalid object/,
    );
  });

  it("by git, sweeps a killed writer's temporary indexes (--commit's too) and leaves none of its own", async () => {
    const repo = await makeRepo();
    git(repo, 'config', 'core.fsync', 'loose-object');
    expect(looseStore(repo)).toBeNull();
    const folder = join(repo, '.git', 'flagstore');
    mkdirSync(folder, { recursive: true });
    // Above Linux's highest process id: no process has it.
    const old = new Date(Date.now() - 2 * ORPHAN_INDEX_MS);
    for (const name of ['index-ledger-4194305-0badf00d', 'index-commit-4194305-0badf00d']) {
      writeFileSync(join(folder, name), '');
      utimesSync(join(folder, name), old, old);
    }
    const work = { gitDir: join(repo, '.git'), base: null, updates: [] };
    expect(await buildTree(repo, work)).toBe(
      git(repo, 'hash-object', '-t', 'tree', '/dev/null').trim(),
    );
    expect(readdirSync(folder).filter((name) => name.startsWith('index-'))).toEqual([]);
  });

  for (const [kind, setUp] of [
    ['by git', (repo: string) => git(repo, 'config', 'core.fsync', 'loose-object')],
    ['in this process', () => undefined],
  ] as const) {
    it(`a blob pruned between its write and the tree (${kind}) is written again`, async () => {
      const repo = await makeRepo();
      setUp(repo);
      const { code, stderr } = await createPrunedUnder(repo);
      expect(code, stderr).toBe(0);
      // The ledger is whole: every object it names is there.
      git(repo, 'fsck', '--connectivity-only', '--no-dangling', 'flagstore');
      const res = await cli(repo, ['--json', 'list']);
      expect(res.json<{ flags: unknown[] }>().flags).toHaveLength(1);
    });
  }
});
