/**
 * What the flag gates and the critical block need of the flags, and for a commit that stages no
 * flag file, the block's verdict cached in `<gitdir>/flagstore/cache-verdict.json`, so such a
 * commit reads one small file instead of every pending flag.
 *
 * Such a commit's pending flags are fixed by HEAD's tree of the flags folder (the index holds
 * exactly that tree there, since nothing under it is staged) and by the ledger's tip commit (its
 * tree, and the history that decides between two copies of one flag); whom they block, by the committer's identity and the block's scope. The key holds every one of
 * these and the file is stamped with the running code, so a hit decides exactly as the full read
 * would, and anything that changes the answer (a flag created or completed by another process
 * or worktree, a pull, a checkout, another identity or configuration) is a miss. The cached
 * verdict also holds the related files of every pending flag: a commit whose staged paths may
 * match one takes the full read, which names the flags in its notice.
 */
import { join } from 'node:path';
import type { LedgerTip } from '../git/ledger-read.js';
import { baseName } from '../git/tree.js';
import { loadStamped, saveStamped } from '../store/cache.js';
import { BlobParses } from './blob-parses.js';
import { blockingFlags, cleanRelated, relatedMatches, relatedNotices } from './critical.js';
import { isGlob } from './glob.js';
import { withLedgerState, type LedgerRepo } from './ledger-pending.js';
import { readStagedFlags, type FlagSummary, type StagedFlag } from './staged-flags.js';
import type { StagedChange } from './staged.js';

/** The state of the repository that decides the flag gates, as the caller read it. */
export interface FlagState {
  repo: LedgerRepo;
  agent: string | null;
  changes: StagedChange[];
  /** Staged paths that are not deletions. */
  present: string[];
  /** HEAD's tree id of the flags folder ('' when absent). */
  headTree: string;
  /** The ledger's tip as the run read it, or null when there is no ledger. */
  ledger: LedgerTip | null;
}

/** What the flag gates and the block decide on. */
export interface FlagInputs {
  /** Staged flag files that are pending or have problems (empty on a cached verdict). */
  flags: StagedFlag[];
  /** The pending flags; on a cached verdict, only those that block (all the block needs). */
  pending: FlagSummary[];
  notices: { flag: FlagSummary; paths: string[] }[];
}

/** The related_files entries of pending flags, to tell cheaply that a commit gets no notice. */
export interface RelatedIndex {
  /** Entries without a glob or newline (cleaned), `\n`-separated, with `\n` at both ends. */
  paths: string;
  /** Every other entry, as written: matched as the notice matches it. */
  patterns: string[];
}

interface Verdict {
  key: string;
  blocking: FlagSummary[];
  related: RelatedIndex;
}

const VERSION = 3;
/** Staged paths from which the index of literal related paths is searched through a set. */
const MANY = 16;

function verdictPath(gitDir: string): string {
  return join(gitDir, 'flagstore', 'cache-verdict.json');
}

/** Everything the verdict depends on besides the running code, as one string. */
function verdictKey(state: FlagState): string {
  const { config } = state.repo;
  const parts = [
    config.flags_dir,
    state.headTree,
    config.ledger.branch,
    state.ledger?.commit ?? null,
  ];
  parts.push(state.agent, config.gates.critical);
  return JSON.stringify(parts);
}

/** The index of the related files of `pending`. */
export function relatedIndex(pending: FlagSummary[]): RelatedIndex {
  const paths = new Set<string>();
  const patterns = new Set<string>();
  for (const raw of pending.flatMap((f) => f.related_files)) {
    const path = cleanRelated(raw).replace(/\/+$/, '');
    if (path === '' || isGlob(path) || path.includes('\n')) patterns.add(raw);
    else paths.add(path);
  }
  return { paths: `\n${[...paths].join('\n')}\n`, patterns: [...patterns] };
}

/**
 * What a related path must equal to match `path`: the path, a folder above it, or (for an
 * entry without `/`) its base name.
 */
function matchable(path: string): string[] {
  const found = [path, baseName(path)];
  for (let at = path.indexOf('/'); at > 0; at = path.indexOf('/', at + 1)) {
    found.push(path.slice(0, at));
  }
  return found;
}

/** False only when no path matches a related file in the index (see {@link relatedNotices}). */
export function mayNotice(index: RelatedIndex, paths: string[]): boolean {
  const literal = lookup(index.paths, paths.length);
  return paths.some(
    (path) =>
      matchable(path).some(literal) ||
      index.patterns.some((pattern) => relatedMatches(pattern, path)),
  );
}

/** Few staged paths search the string; many (a big commit) build a set once. */
function lookup(paths: string, count: number): (key: string) => boolean {
  if (count <= MANY) return (key) => paths.includes(`\n${key}\n`);
  const set = new Set(paths.split('\n'));
  return (key) => key !== '' && set.has(key);
}

function stagesFlags(state: FlagState): boolean {
  const dir = state.repo.config.flags_dir;
  return state.changes.some((c) => c.path === dir || c.path.startsWith(`${dir}/`));
}

/** The staged flag files and the pending flags, from the cached verdict when it applies. */
export async function flagInputs(state: FlagState): Promise<FlagInputs> {
  const { repo } = state;
  const key = stagesFlags(state) ? null : verdictKey(state);
  const cached = key === null ? null : loadStamped<Verdict>(verdictPath(repo.gitDir), VERSION);
  const hit = cached !== null && cached.key === key;
  if (hit && !mayNotice(cached.related, state.present)) {
    return { flags: [], pending: cached.blocking, notices: [] };
  }
  // The one owner of this run's blob parses: both readers share them, and it saves them once.
  const parses = new BlobParses(repo.gitDir, { prune: true });
  const flags = await readStagedFlags({
    root: repo.root,
    gitDir: repo.gitDir,
    flagsDir: repo.config.flags_dir,
    changes: state.changes,
    headTree: state.headTree,
    parses,
  });
  const staged = flags.flatMap((f) => (f.pending === null ? [] : [f.pending]));
  const pending = await withLedgerState(repo, staged, state.ledger, parses);
  await parses.save();
  if (key !== null && !hit) {
    const blocking = blockingFlags(pending, state.agent, repo.config.gates.critical);
    const verdict: Verdict = { key, blocking, related: relatedIndex(pending) };
    await saveStamped(verdictPath(repo.gitDir), VERSION, verdict);
  }
  return { flags, pending, notices: relatedNotices(pending, state.present) };
}
