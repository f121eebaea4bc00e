/**
 * Two copies of one flag in one ledger tree, flat and fanned out (an older flagstore wrote the
 * flat one into a fanned-out ledger), decided by the ledger's history (see
 * src/core/ledger-layout.ts, pickCopy, and docs/multi-agent.md).
 */
import { ledgerEntry, pickCopy, type TwoCopies } from '../core/ledger-layout.js';
import { childProcess } from './child-process.js';
import { readBlobs } from './ledger.js';

/** Options of a synchronous git call that reads a large listing as text. */
export const GIT_OUT = { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 } as const;

/**
 * Each flat file's version when the ledger last moved or dropped it (id -> blob id), from the
 * history of `commit`: what an older flagstore, which reads only flat files, last knew of those
 * flags. One `git log`; ids never held flat are left out.
 */
export function flatBases(
  root: string,
  at: { commit: string; dir: string; ids: Iterable<string> },
): Map<string, string> {
  const wanted = new Set(at.ids);
  const bases = new Map<string, string>();
  if (wanted.size === 0) return bases;
  let out: string;
  try {
    out = childProcess().execFileSync(
      'git',
      [
        'log',
        '-m',
        '--full-history',
        '--topo-order',
        '--diff-filter=D',
        '--format=%H',
        '--raw',
      ].concat(['--no-abbrev', '--no-renames', at.commit, '--', `:(glob)${at.dir}/*.md`]),
      { cwd: root, ...GIT_OUT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
  } catch {
    return bases;
  }
  for (const line of out.split('\n')) {
    const raw = /^:\d+ \d+ ([0-9a-f]+) [0-9a-f]+ D\t(.*)$/.exec(line);
    const entry = raw === null ? null : ledgerEntry((raw[2] as string).slice(at.dir.length + 1));
    if (entry?.flat === true && wanted.has(entry.id) && !bases.has(entry.id)) {
      bases.set(entry.id, raw?.[1] as string);
    }
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
      : flatBases(root, { commit: at.commit, dir: at.dir, ids: at.twice.keys() });
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
