/**
 * The ledger branch in git's object database, by plumbing only: blobs, a tree built in a
 * private temporary index, commit-tree, and `update-ref <ref> <new> <old>` as an atomic
 * compare-and-swap (each made in this process where the repository is plain: loose*.ts,
 * ref-files-write.ts). Nothing here touches HEAD, the user's index, the stash or the work tree.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FlagstoreError } from '../core/errors.js';
import { readTip } from './ledger-read.js';
import { sharedStore } from './linked-store.js';
import { hasLoose, writeLoose } from './loose.js';
import { looseCommit } from './loose-commit.js';
import { updateTree } from './loose-tree.js';
import { refFilesMove } from './ref-files-write.js';
import { refuseStaleLock } from './ref-lock.js';
import { moveRef, type RefChange, type RefUpdate } from './ref-update.js';
import { childProcess } from './child-process.js';
import { gitFailure, gitMessage, refConflict } from './git-failure.js';
import { gitInput } from './git-input.js';
import { git, gitOrFail } from './repo.js';
import { newTempIndex, removeTempIndex } from './temp-index.js';

/** A file to put into a ledger tree: its repository path and blob id (null: remove it). */
export interface TreeUpdate {
  path: string;
  oid: string | null;
}

/** The full ref name of a ledger branch. */
export function ledgerRef(branch: string): string {
  return `refs/heads/${branch}`;
}

/**
 * Writes texts (or bytes, kept as they are) as blobs; returns their ids in order. Many go
 * through one git process.
 */
export async function writeBlobs(
  root: string,
  texts: (string | Uint8Array)[],
  scratch: string,
): Promise<string[]> {
  const store = sharedStore(root);
  if (store !== null) {
    return texts.map((text) => writeLoose(store, 'blob', Buffer.from(text)));
  }
  if (texts.length <= 2) {
    const oids: string[] = [];
    for (const text of texts) {
      oids.push((await gitInput(root, ['hash-object', '-w', '--stdin'], { input: text })).trim());
    }
    return oids;
  }
  mkdirSync(scratch, { recursive: true });
  const dir = mkdtempSync(join(scratch, 'blobs-'));
  try {
    const paths = texts.map((text, i) => {
      const path = join(dir, String(i));
      writeFileSync(path, text);
      return path;
    });
    return await writeFileBlobs(root, paths);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Throws when a blob {@link writeBlobs} wrote in this process is gone from the loose objects:
 * `git gc` pruned it between the check that found it there (and freshened it) and now. git's
 * write-tree checks the objects of a tree it writes; a tree written in this process does not,
 * so its writer calls this once the tree is made.
 */
export function requireBlobs(root: string, oids: string[]): void {
  const store = sharedStore(root);
  const notLoose = store === null ? [] : oids.filter((oid) => !hasLoose(store, oid));
  if (notLoose.length === 0) return;
  // A gc that packs (a cruft pack) rather than prunes moves it out of the loose objects: git says.
  const out = childProcess().execFileSync('git', ['cat-file', '--batch-check'], {
    cwd: root,
    input: `${notLoose.join('\n')}\n`,
    encoding: 'utf8',
  });
  const gone = notLoose.find((oid) => out.includes(`${oid} missing`));
  if (gone === undefined) return;
  throw new FlagstoreError('git', `invalid object ${gone}: removed as it was written (git gc)`, {
    fix: 'retry the command once git gc is done',
  });
}

/** Writes files of the work tree as blobs, as they are (no filters); ids in order. */
export async function writeFileBlobs(root: string, paths: string[]): Promise<string[]> {
  if (paths.length === 0) return [];
  const input = `${paths.join('\n')}\n`;
  const out = await gitInput(root, ['hash-object', '-w', '--no-filters', '--stdin-paths'], {
    input,
  });
  return out.split('\n').filter(Boolean);
}

/**
 * Builds a tree: `base` (or nothing) with `updates` applied; in this process from loose trees
 * where it can be, else by git in a private temporary index in the git dir. Either way the
 * user's index is never read or written.
 */
export async function buildTree(
  root: string,
  work: { gitDir: string; base: string | null; updates: TreeUpdate[] },
): Promise<string> {
  const store = sharedStore(root);
  const files = new Map(work.updates.map((u) => [u.path, u.oid]));
  const loose = store === null ? null : updateTree(store, work.base, files);
  return loose ?? gitTree(root, work);
}

/** {@link buildTree} by git: a temporary index, `update-index --index-info`, `write-tree`. */
async function gitTree(
  root: string,
  work: { gitDir: string; base: string | null; updates: TreeUpdate[] },
): Promise<string> {
  const index = newTempIndex(work.gitDir, 'ledger');
  const env = { ...process.env, GIT_INDEX_FILE: index };
  try {
    await gitOrFail(root, ['read-tree', ...(work.base === null ? ['--empty'] : [work.base])], env);
    const gone = work.updates.flatMap((u) => (u.oid === null ? [`${u.path}\0`] : []));
    if (gone.length > 0) {
      await gitInput(root, ['update-index', '--force-remove', '-z', '--stdin'], {
        input: gone.join(''),
        env,
      });
    }
    const put = work.updates.flatMap((u) => (u.oid === null ? [] : [`100644 ${u.oid}\t${u.path}`]));
    if (put.length > 0) {
      const input = `${put.join('\n')}\n`;
      await gitInput(root, ['update-index', '--add', '--index-info'], { input, env });
    }
    return (await gitOrFail(root, ['write-tree'], env)).trim();
  } finally {
    removeTempIndex(index);
  }
}

/** What a ledger commit records. */
export interface CommitSpec {
  tree: string;
  parents: string[];
  message: string;
  /** Shown as the commit's author: the acting agent, or flagstore. */
  author: string;
}

/** The e-mail address of every ledger commit's committer (its author's too). */
export const LEDGER_EMAIL = 'flagstore@localhost';

/** Writes a commit object (no ref moves) with flagstore's identity; see loose-commit.ts. */
export async function commitTree(root: string, spec: CommitSpec): Promise<string> {
  const name = spec.author.replace(/[<>\n]/g, '');
  const ident = { author: name, committer: 'flagstore', email: LEDGER_EMAIL };
  const loose = looseCommit(root, { ...spec, ...ident });
  if (loose !== null) return loose;
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: ident.author,
    GIT_AUTHOR_EMAIL: ident.email,
    GIT_COMMITTER_NAME: ident.committer,
    GIT_COMMITTER_EMAIL: ident.email,
  };
  const parents = spec.parents.flatMap((p) => ['-p', p]);
  const out = await gitInput(root, ['commit-tree', spec.tree, ...parents], {
    input: spec.message,
    env,
  });
  return out.trim();
}

/**
 * Moves a ref from `old` (null: the ref must not exist) to `next` atomically: in this process
 * as git's files backend does when the repository is plain (ref-files-write.ts), else by the
 * git `early` started ahead when given, else by `git update-ref` (ref-update.ts); false when
 * the ref was not at `old` any more (another writer won the race).
 */
export async function compareAndSwap(
  root: string,
  change: RefChange & { reason: string; early?: RefUpdate | undefined },
): Promise<boolean> {
  if (change.early === undefined && change.old !== null) {
    const moved = refFilesMove(root, { ...change, old: change.old });
    if (moved !== null) return moved;
  }
  try {
    await moveRef(root, change);
    return true;
  } catch (error) {
    const detail = gitMessage(error);
    // Another ref in the way (`a` against `a/b`): no retry can ever move this one.
    if (refConflict(detail) !== null) throw gitFailure(error, { cwd: root, command: 'update-ref' });
    if (readTip(root, change.ref)?.commit !== (change.old ?? undefined)) return false;
    refuseStaleLock(root, detail);
    if (/lock|exists|expected/i.test(detail)) return false;
    const failure = gitFailure(error, { cwd: root, command: 'update-ref' });
    throw failure.fix !== undefined
      ? failure
      : new FlagstoreError('git', failure.message, {
          fix: `check that the repository's .git folder is writable, then retry (flagstore doctor checks the set-up)`,
        });
  }
}

/** True when commit `a` is an ancestor of (or equal to) commit `b`. */
export async function isAncestor(root: string, a: string, b: string): Promise<boolean> {
  try {
    await git(root, ['merge-base', '--is-ancestor', a, b]);
    return true;
  } catch {
    return false;
  }
}
