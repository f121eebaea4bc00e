/**
 * The pre-commit hook's one batch of objects (HEAD's commit, a tree above the flags folder, the
 * ledger's tip, the staged blobs) read in this process where git's files are plain: loose objects,
 * version 2 packs and ref files. Any name it cannot answer for certain makes the whole batch go to
 * `git cat-file --batch`, as before; an answer here is the one git gives (missing names absent).
 * A `--commit` reads HEAD and the blobs it just wrote here too (src/git/commit-plumbing.ts).
 */
import type { BatchObject } from '../core/git-records.js';
import { commitTreeId, treeItemId } from '../core/git-records.js';
import { readLoose, refFilesValue, REF_ABSENT, type LooseStore } from './loose.js';
import { workTreeStore, type WorkTreeStore } from './linked-store.js';
import { openObjectReader, type ObjectReader } from './objects.js';
import { packReader, type PackReader } from './packs.js';
import { headCommitId } from './local-commit.js';
import { textIfAny } from './ref-files.js';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const OID = /^[0-9a-f]{40}$/;
const TREE_PATH = /^[0-9a-f]{40}:/;

/** A name's answer: its object, ABSENT (git would say `missing`), or null (ask git). */
type Answer = BatchObject | typeof ABSENT | null;
const ABSENT = 'absent';

interface Source extends WorkTreeStore {
  packs: PackReader;
}

function byId(source: Source, oid: string): BatchObject | null {
  const found = readLoose(source.store, oid) ?? source.packs.read(oid);
  return found === null ? null : { sha: oid, type: found.type, content: found.body };
}

/** `HEAD^{commit}`: HEAD's commit object (anything but a commit there is left to git). */
function head(source: Source): Answer {
  const id = headCommitId(source.headDir, source.store.gitDir);
  if (id === null || id === ABSENT) return id;
  const commit = byId(source, id);
  return commit?.type === 'commit' ? commit : null;
}

/** `<tree>:<path>`: the tree walked one plain segment at a time (null: ask git). */
function treePath(source: Source, tree: BatchObject | null, path: string): Answer {
  const segments = path === '' ? [] : path.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return null;
  let at = tree;
  for (const segment of segments) {
    if (at === null || at.type !== 'tree') return at === null ? null : ABSENT;
    const id = treeItemId(at.content, 20, segment);
    if (id === null) return ABSENT;
    at = byId(source, id);
  }
  return at;
}

/** `HEAD^{tree}` and `HEAD:<path>`: HEAD's tree, then the path in it. */
function headPath(source: Source, path: string): Answer {
  const commit = head(source);
  if (commit === null || commit === ABSENT) return commit;
  const root = commitTreeId(commit.content);
  return treePath(source, root === null ? null : byId(source, root), path);
}

/** `<tree id>:<path>`: a tree's entry (a name of a commit or a missing object is git's). */
function idPath(source: Source, name: string): Answer {
  const tree = byId(source, name.slice(0, 40));
  return tree?.type === 'tree' ? treePath(source, tree, name.slice(41)) : null;
}

/** A branch ref's object, ABSENT when the ref does not exist. */
function branch(source: Source, ref: string): Answer {
  if (!/^refs\/heads\/[^\s:^~]+$/.test(ref) || ref.includes('..')) return null;
  const id = refFilesValue(source.store.gitDir, ref);
  if (id === null || id === REF_ABSENT) return id === null ? null : ABSENT;
  return byId(source, id);
}

function answer(source: Source, name: string): Answer {
  if (OID.test(name)) return byId(source, name);
  if (name === 'HEAD^{commit}') return head(source);
  if (name === 'HEAD^{tree}') return headPath(source, '');
  if (name.startsWith('HEAD:')) return headPath(source, name.slice(5));
  if (TREE_PATH.test(name)) return idPath(source, name);
  return branch(source, name);
}

/**
 * Whether git may show other objects than those stored under a name: replacement refs
 * (`git replace`), in their folder, in packed-refs, or under another base the environment names.
 */
function replacing(store: LooseStore): boolean {
  if (process.env.GIT_REPLACE_REF_BASE !== undefined) return true;
  const folder = join(store.gitDir, 'refs', 'replace');
  if (existsSync(folder) && readdirSync(folder).length > 0) return true;
  return (textIfAny(join(store.gitDir, 'packed-refs')) ?? '').includes(' refs/replace/');
}

/**
 * The objects `git cat-file --batch` would print for these names (ids, `HEAD^{commit}`,
 * `HEAD^{tree}`, `HEAD:<path>`, `<tree id>:<path>`, `refs/heads/<branch>`), read in this
 * process; null when any of them needs git (a name of another kind, an object not loose and not
 * in a readable pack, a repository git must read itself).
 */
export function localObjects(root: string, names: string[]): Map<string, BatchObject> | null {
  const found = workTreeStore(root);
  if (found === null || replacing(found.store)) return null;
  const source = { ...found, packs: packReader(found.store) };
  const objects = new Map<string, BatchObject>();
  try {
    for (const name of new Set(names)) {
      const found = answer(source, name);
      if (found === null) return null;
      if (found !== ABSENT) objects.set(name, found);
    }
    return objects;
  } catch {
    return null;
  } finally {
    source.packs.close();
  }
}

/**
 * An {@link ObjectReader} that reads in this process first and starts `git cat-file --batch`
 * only when that cannot answer: the hook's common commit then starts one git process, not two.
 */
export function localFirstReader(root: string): ObjectReader {
  let git: ObjectReader | null = null;
  let used = false;
  return {
    async read(names) {
      if (used) return (git ??= openObjectReader(root)).read(names);
      used = true;
      const local = localObjects(root, names);
      if (local !== null) return local;
      git = openObjectReader(root);
      return git.read(names);
    },
    close() {
      git?.close();
    },
  };
}
