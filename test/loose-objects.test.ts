/**
 * The ledger's objects written and read in this process (src/git/loose.ts, loose-tree.ts) are
 * the very objects git's plumbing makes, in real repositories: same ids, `git fsck --strict`
 * clean; and where objects are packed or the repository is not plain, git still does the work.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTip } from '../src/git/ledger-read.js';
import { ledgerTextAt } from '../src/git/ledger-tree.js';
import { looseStore, readRef, writeLoose } from '../src/git/loose.js';
import { looseCommit } from '../src/git/loose-commit.js';
import { lookupBlob, updateTree } from '../src/git/loose-tree.js';
import { cli, createFlag, git, makeRepo, readFlag, tempDir } from './helpers.js';
import { ledgerPath } from '../src/core/ledger-layout.js';

function gitIn(cwd: string, args: string[], options: { input?: string } = {}) {
  return execFileSync('git', args, { cwd, encoding: 'utf8', input: options.input }).trim();
}

/** git's plumbing on a temp index: read the base, put the files in, write the tree. */
const PLUMBING = `git read-tree "$1" &&
if [ -n "$2" ]; then git update-index --add --index-info; fi &&
git write-tree`;

/**
 * The tree git's plumbing makes of `base` with `files` put in (what flagstore did before). One
 * shell runs the three git commands: a spawn from this process costs more than each of them.
 */
function gitTree(repo: string, base: string | null, files: Map<string, string | null>): string {
  const index = join(tempDir(), 'index');
  // Mode 0 takes a file out of the index (null: remove it).
  const line = (path: string, oid: string | null) =>
    oid === null ? `0 ${'0'.repeat(40)}\t${path}\n` : `100644 ${oid}\t${path}\n`;
  const info = [...files].map(([path, oid]) => line(path, oid)).join('');
  const args = ['-c', PLUMBING, 'sh', base ?? '--empty', info === '' ? '' : 'info'];
  const env = { ...process.env, GIT_INDEX_FILE: index };
  return execFileSync('sh', args, { cwd: repo, env, encoding: 'utf8', input: info }).trim();
}

function plainRepo(): string {
  const dir = tempDir();
  git(dir, 'init', '-q', '-b', 'main');
  return dir;
}

/** Names that sort differently as files and as folders, and by byte order. */
const NAME = fc.constantFrom('a', 'a.md', 'a-b', 'a.b', 'a0', 'A', 'b', 'z', '_x', 'é', 'ab');
const PATH = fc
  .array(NAME, { minLength: 1, maxLength: 3 })
  .map((parts) => ['flags', ...parts].join('/'));

describe('loose objects written in this process', () => {
  it('writes blobs with the ids and contents git gives them', () => {
    const repo = plainRepo();
    const store = looseStore(repo);
    expect(store).not.toBeNull();
    const text = 'a flag\n\u00e9\n';
    const oid = writeLoose(store!, 'blob', Buffer.from(text));
    expect(oid).toBe(gitIn(repo, ['hash-object', '--stdin'], { input: text }));
    expect(gitIn(repo, ['cat-file', '-p', oid])).toBe(text.trim());
    // Written again: the same object, still readable.
    expect(writeLoose(store!, 'blob', Buffer.from(text))).toBe(oid);
    gitIn(repo, ['fsck', '--strict']);
  });

  it('builds the trees git builds, for any files put into any tree', () => {
    const repo = plainRepo();
    const store = looseStore(repo)!;
    const blob = (n: number) => writeLoose(store, 'blob', Buffer.from(`blob ${n}\n`));
    const files = fc.array(fc.tuple(PATH, fc.nat(5)), { maxLength: 8 });
    // The second step also takes files out (null), some of them files the first put in.
    const edits = fc.array(fc.tuple(PATH, fc.option(fc.nat(5))), { maxLength: 8 });
    let base: string | null = null;
    let built = 0;
    fc.assert(
      fc.property(files, edits, (first, second) => {
        const start = new Map(first.map(([path, n]) => [path, blob(n)]));
        // A file where a folder is (or the reverse) is left to git (null): the write then takes
        // git's plumbing, so only a tree built here must equal git's.
        const ours = updateTree(store, base, start);
        if (ours === null) {
          base = null; // start again, so collisions with the carried-over base do not pile up
          return;
        }
        expect(ours).toBe(gitTree(repo, base, start));
        built++;
        const removed = first.slice(0, 2).map(([path]): [string, null] => [path, null]);
        const next = new Map([
          ...removed,
          ...second.map(([path, n]): [string, string | null] => [
            path,
            n === null ? null : blob(n),
          ]),
        ]);
        const again = updateTree(store, ours, next);
        if (again !== null) expect(again).toBe(gitTree(repo, ours, next));
        base = again ?? ours;
      }),
      { numRuns: 60 },
    );
    // Refusing everything would pass the checks above: most runs must build a tree (31-37 of
    // 60 in five runs here).
    expect(built).toBeGreaterThanOrEqual(20);
    gitIn(repo, ['fsck', '--strict']);
  });

  it('splices one flag into a large folder, and rebuilds it for many', () => {
    const repo = plainRepo();
    const store = looseStore(repo)!;
    const many = new Map<string, string>();
    for (let i = 0; i < 300; i++) {
      many.set(
        `flags/${String(i * 7).padStart(4, '0')}.md`,
        writeLoose(store, 'blob', Buffer.from(`${i}`)),
      );
    }
    const big = updateTree(store, null, many);
    expect(big).toBe(gitTree(repo, null, many));
    for (const name of ['0000.md', '0003.md', '0700.md', '9999.md', '0000', '0003.md.md']) {
      const one = new Map([[`flags/${name}`, writeLoose(store, 'blob', Buffer.from(name))]]);
      expect(updateTree(store, big, one)).toBe(gitTree(repo, big, one));
      expect(lookupBlob(store, big!, `flags/${name}`) ?? null).toBe(
        many.has(`flags/${name}`) ? many.get(`flags/${name}`) : null,
      );
    }
  });
});

/** A time as git's raw date format writes it, in this process's time zone. */
function rawDate(now: Date): string {
  const offset = -now.getTimezoneOffset();
  const hhmm = `${Math.floor(Math.abs(offset) / 60) * 100 + (Math.abs(offset) % 60)}`.padStart(
    4,
    '0',
  );
  return `${Math.floor(now.getTime() / 1000)} ${offset < 0 ? '-' : '+'}${hhmm}`;
}

/** Runs `fn` with HOME and XDG_CONFIG_HOME in an empty folder (no global git config). */
/**
 * Runs `fn` with an empty home (no global git config) and without the variables that make
 * flagstore leave commits to git: `git commit` exports GIT_AUTHOR_DATE to its hooks, so this
 * repository's own pre-commit gate runs these tests with it set.
 */
function withoutGlobalConfig<T>(fn: () => T, env: Record<string, string> = {}): T {
  const outer = [
    'GIT_AUTHOR_DATE',
    'GIT_COMMITTER_DATE',
    'GIT_CONFIG_PARAMETERS',
    'GIT_CONFIG_COUNT',
    ...Object.keys(env),
  ];
  const saved: Record<string, string | undefined> = {
    HOME: process.env.HOME,
    XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME,
  };
  for (const name of outer) {
    saved[name] = process.env[name];
    delete process.env[name];
  }
  process.env.HOME = tempDir();
  process.env.XDG_CONFIG_HOME = join(process.env.HOME, '.config');
  Object.assign(process.env, env);
  try {
    return fn();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

function systemConfigSigns(): boolean {
  try {
    return /gpgsign|commitencoding|\[include/i.test(readFileSync('/etc/gitconfig', 'utf8'));
  } catch {
    return false;
  }
}

describe('ledger commits written in this process', () => {
  it.skipIf(systemConfigSigns())('are the commits git commit-tree writes', () => {
    const repo = plainRepo();
    const store = looseStore(repo)!;
    const blob = writeLoose(store, 'blob', Buffer.from('a flag\n'));
    const tree = updateTree(store, null, new Map([['flags/a.md', blob]]))!;
    const now = new Date('2026-05-06T07:08:09.750Z');
    const message = 'flag 01ABC: lock by @b.two\n\nFlagstore-Action: lock\n';
    const spec = {
      tree,
      message,
      author: '@b.two',
      committer: 'flagstore',
      email: 'flagstore@localhost',
      now,
    };
    const first = withoutGlobalConfig(() => looseCommit(repo, { ...spec, parents: [] }));
    const second = withoutGlobalConfig(() => looseCommit(repo, { ...spec, parents: [first!] }));
    const env = {
      ...process.env,
      GIT_AUTHOR_NAME: '@b.two',
      GIT_AUTHOR_EMAIL: 'flagstore@localhost',
      GIT_COMMITTER_NAME: 'flagstore',
      GIT_COMMITTER_EMAIL: 'flagstore@localhost',
      GIT_AUTHOR_DATE: rawDate(now),
      GIT_COMMITTER_DATE: rawDate(now),
    };
    const commitTree = (parents: string[]) =>
      execFileSync(
        'git',
        ['-c', 'commit.gpgsign=false', 'commit-tree', tree, ...parents.flatMap((p) => ['-p', p])],
        {
          cwd: repo,
          env,
          input: message,
          encoding: 'utf8',
        },
      ).trim();
    expect(first).toBe(commitTree([]));
    expect(second).toBe(commitTree([first!]));
    gitIn(repo, ['fsck', '--strict']);
  });

  it('are left to git where git could write them otherwise', () => {
    const spec = {
      tree: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
      parents: [],
      message: 'm\n',
      author: '@b.two',
      committer: 'flagstore',
      email: 'flagstore@localhost',
    };
    const signing = plainRepo();
    git(signing, 'config', 'commit.gpgSign', 'true');
    expect(withoutGlobalConfig(() => looseCommit(signing, spec))).toBeNull();
    const repo = plainRepo();
    expect(
      withoutGlobalConfig(() => looseCommit(repo, { ...spec, author: 'trailing.' })),
    ).toBeNull();
    const dated = { GIT_COMMITTER_DATE: '1 +0000' };
    expect(withoutGlobalConfig(() => looseCommit(repo, spec), dated)).toBeNull();
  });
});

describe('the ledger read and written in this process', () => {
  it('reads the tip as git does, from the ref file, from packed-refs, and after git gc', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const ref = 'refs/heads/flagstore';
    const byGit = () => {
      const [commit, tree] = gitIn(repo, ['rev-parse', `${ref}^{commit}`, `${ref}^{tree}`]).split(
        '\n',
      );
      return { commit, tree };
    };
    expect(readTip(repo, ref)).toEqual(byGit());
    git(repo, 'pack-refs', '--all');
    expect(readRef(looseStore(repo)!, ref)).toBe(byGit().commit);
    git(repo, 'gc', '-q', '--prune=now');
    expect(readTip(repo, ref)).toEqual(byGit());
    // Packed objects are read by git; the work tree's copy is taken only when it is the blob.
    const tree = byGit().tree!;
    const at = { tree, dir: 'flags', id };
    const text = gitIn(repo, ['cat-file', 'blob', `${tree}:${ledgerPath('flags', id)}`]);
    expect(ledgerTextAt(repo, at)?.trim()).toBe(text);
    expect(ledgerTextAt(repo, { ...at, likely: 'not the file' })?.trim()).toBe(text);
    expect(ledgerTextAt(repo, { ...at, id: '01ARZ3NDEKTSV4RRFFQ69G5FAV' })).toBeNull();
  });

  it('writes after git gc packed everything, and leaves a repository git finds whole', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    git(repo, 'gc', '-q', '--prune=now');
    expect((await cli(repo, ['lock', id, '--by', '@b.two'])).code).toBe(0);
    expect((await cli(repo, ['complete', id, '--by', '@b.two', '--notes', 'Done.'])).code).toBe(0);
    const ledger = git(repo, 'show', `flagstore:${ledgerPath('flags', id)}`);
    expect(ledger).toBe(readFlag(repo, id));
    expect(ledger).toMatch(/^status: completed$/m);
    expect(git(repo, 'log', '--format=%s', 'flagstore')).toMatch(
      /complete by @b\.two[\s\S]*lock by/,
    );
    gitIn(repo, ['fsck', '--strict', '--no-dangling']);
  });
});
