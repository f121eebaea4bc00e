/**
 * Two copies of one flag in one ledger tree, flat and fanned out (an older flagstore wrote the
 * flat one into a fanned-out ledger), decided by the ledger's history (see
 * src/core/ledger-layout.ts, pickCopy, and docs/multi-agent.md).
 */
import { ledgerEntry, ledgerPath, pickCopy, type TwoCopies } from '../core/ledger-layout.js';
import { childProcess } from './child-process.js';
import { readBlobs } from './ledger-read.js';

/** Options of a synchronous git call that reads a large listing as text. */
export const GIT_OUT = { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 } as const;

/** What a ledger's history says of its flat files: their last deletion and last addition. */
interface FlatHistory {
  /** id -> the flat blob the ledger last moved or dropped. */
  deleted: Map<string, string>;
  /** id -> the last commit (not a merge) that added the flat file. */
  added: Map<string, string>;
  /** id -> the fanned-out blob in that commit's parent (null: none), looked up on demand. */
  before: Map<string, string | null>;
  /** id -> every version its fanned-out file ever had, looked up on demand. */
  seen: Map<string, Set<string>>;
}

/** Histories already read in this process, by commit id and folder (a commit never changes). */
const histories = new Map<string, FlatHistory>();
const KEPT = 8;

/** One `git log` of the flat files' deletions and additions from `commit`, newest first. */
function flatHistory(root: string, at: { commit: string; dir: string }): FlatHistory {
  const key = `${root}\0${at.commit}\0${at.dir}`;
  const known = histories.get(key);
  if (known !== undefined) return known;
  const history: FlatHistory = {
    deleted: new Map(),
    added: new Map(),
    before: new Map(),
    seen: new Map(),
  };
  let out: string;
  try {
    out = childProcess().execFileSync(
      'git',
      ['log', '-m', '--full-history', '--topo-order', '--diff-filter=AD', '--format=@%H %P'].concat(
        ['--raw', '--no-abbrev', '--no-renames', at.commit, '--', `:(glob)${at.dir}/*.md`],
      ),
      { cwd: root, ...GIT_OUT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
  } catch {
    return history;
  }
  readLog(out, at.dir, history);
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(at.commit)) return history;
  // A long-lived process (the MCP server, the board) sees many tips: keep the last few.
  if (histories.size >= KEPT) histories.delete(histories.keys().next().value as string);
  histories.set(key, history);
  return history;
}

/** Records a `git log --raw` of flat additions and deletions (newest first) into `history`. */
function readLog(out: string, dir: string, history: FlatHistory): void {
  let commit: { id: string; merge: boolean } | null = null;
  for (const line of out.split('\n')) {
    if (line.startsWith('@')) {
      const ids = line.slice(1).split(' ');
      commit = { id: ids[0] as string, merge: ids.length > 2 };
      continue;
    }
    const raw = /^:\d+ \d+ ([0-9a-f]+) [0-9a-f]+ ([AD])\t(.*)$/.exec(line);
    if (raw !== null) record(history, { raw, dir, commit });
  }
}

/** One `--raw` record of a flat file: its first (newest) deletion or addition by a non-merge. */
function record(
  history: FlatHistory,
  at: { raw: RegExpExecArray; dir: string; commit: { id: string; merge: boolean } | null },
): void {
  const [, oid, kind, path] = at.raw as unknown as [string, string, string, string];
  const entry = ledgerEntry(path.slice(at.dir.length + 1));
  if (entry?.flat !== true) return;
  if (kind === 'D' && !history.deleted.has(entry.id)) history.deleted.set(entry.id, oid);
  if (kind === 'A' && at.commit?.merge === false && !history.added.has(entry.id)) {
    history.added.set(entry.id, at.commit.id);
  }
}

/** Fills `history.before` for `ids`: the fanned-out blob in the parent of each flat addition. */
function fannedBefore(
  root: string,
  at: { dir: string; ids: string[] },
  history: FlatHistory,
): void {
  const ask = at.ids.filter((id) => history.added.has(id) && !history.before.has(id));
  if (ask.length === 0) return;
  const names = ask.map((id) => `${history.added.get(id) as string}^:${ledgerPath(at.dir, id)}`);
  let out = '';
  try {
    out = childProcess().execFileSync('git', ['cat-file', '--batch-check=%(objectname)'], {
      cwd: root,
      ...GIT_OUT,
      input: `${names.join('\n')}\n`,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch {
    return;
  }
  const lines = out.split('\n');
  ask.forEach((id, i) => {
    const oid = lines[i] ?? '';
    history.before.set(id, /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(oid) ? oid : null);
  });
}

/** Fills `seen` for `ids` it lacks: one `git log` of their fanned-out files from `commit`. */
function fannedSeen(
  root: string,
  at: { commit: string; dir: string; ids: string[] },
  seen: Map<string, Set<string>>,
): void {
  const ask = at.ids.filter((id) => !seen.has(id));
  if (ask.length === 0) return;
  for (const id of ask) seen.set(id, new Set());
  let out = '';
  try {
    out = childProcess().execFileSync(
      'git',
      ['log', '-m', '--full-history', '--format=', '--raw', '--no-abbrev', '--no-renames'].concat([
        at.commit,
        '--',
        ...ask.map((id) => ledgerPath(at.dir, id)),
      ]),
      { cwd: root, ...GIT_OUT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
  } catch {
    return;
  }
  for (const line of out.split('\n')) {
    const raw = /^:\d+ \d+ [0-9a-f]+ ([0-9a-f]+) [A-Z]\t(.*)$/.exec(line);
    const entry = raw === null ? null : ledgerEntry((raw[2] as string).slice(at.dir.length + 1));
    if (entry !== null && !/^0+$/.test(raw?.[1] ?? '')) seen.get(entry.id)?.add(raw?.[1] as string);
  }
}

/**
 * Every version the fanned-out files of `ids` ever had in `commit`'s history (id -> blob ids),
 * from one `git log` (none for an id git cannot tell).
 */
export function fannedVersions(
  root: string,
  at: { commit: string; dir: string; ids: string[] },
): Map<string, Set<string>> {
  const seen = new Map<string, Set<string>>();
  fannedSeen(root, at, seen);
  return seen;
}

/**
 * What an older flagstore, which reads only flat files, last knew of flags held flat in
 * `commit`'s tree (`flat`: id -> flat blob id; returns id -> base blob id). The flat file's
 * version when the ledger last moved or dropped it. For a flat file the ledger never moved (the
 * flag was made after the fan-out and an older flagstore then wrote it flat): a flat copy equal
 * to any earlier fanned-out version is a stale record (its own base: it loses), any other is
 * that flagstore's change to the fanned-out version in the parent of the commit that added the
 * flat file. Ids with neither are left out. The history is read once per commit and folder in a
 * process (remembered); the second kind costs one `git log` and one `git cat-file` more.
 */
export function flatBases(
  root: string,
  at: { commit: string; dir: string; flat: Map<string, string> },
): Map<string, string> {
  const bases = new Map<string, string>();
  if (at.flat.size === 0) return bases;
  const history = flatHistory(root, at);
  const unmoved = [...at.flat.keys()].filter((id) => !history.deleted.has(id));
  fannedSeen(root, { ...at, ids: unmoved }, history.seen);
  fannedBefore(root, { dir: at.dir, ids: unmoved }, history);
  for (const [id, oid] of at.flat) {
    const stale = history.seen.get(id)?.has(oid) === true ? oid : undefined;
    const base = history.deleted.get(id) ?? stale ?? history.before.get(id);
    if (typeof base === 'string') bases.set(id, base);
  }
  return bases;
}

/** True when a flag file's front matter says it is completed. */
function completedText(text: string | undefined): boolean {
  return (
    text !== undefined && /^status:\s*["']?completed["']?\s*$/m.test(text.split('\n---')[0] ?? '')
  );
}

/** Which copy stands for each id held twice (id -> blob id), by {@link pickCopy}. */
export function pickCopies(
  root: string,
  at: { commit: string | undefined; dir: string; twice: Map<string, TwoCopies> },
): Map<string, string> {
  const bases =
    at.commit === undefined
      ? new Map<string, string>()
      : flatBases(root, {
          commit: at.commit,
          dir: at.dir,
          flat: new Map([...at.twice].map(([id, two]) => [id, two.flat])),
        });
  let texts: Map<string, string> | undefined;
  const completed = (oid: string): boolean => {
    texts ??= readBlobs(
      root,
      [...at.twice.values()].flatMap((t) => [t.flat, t.fanned]),
    );
    return completedText(texts.get(oid));
  };
  const picked = new Map<string, string>();
  for (const [id, two] of at.twice) {
    picked.set(id, pickCopy({ ...two, base: bases.get(id), completed }));
  }
  return picked;
}
