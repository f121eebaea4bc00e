/**
 * The chain a flag belongs to, found without parsing every flag: ancestors are followed by id,
 * and only files whose text mentions a chain member's id (found by git grep) are parsed.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { chainOf } from '../agent/answers.js';
import type { Flag } from '../core/types.js';
import { ledgerRef } from '../git/ledger.js';
import { REF_ABSENT, looseStore, refFilesValue } from '../git/loose.js';
import { git } from '../git/repo.js';
import type { Workspace } from './workspace.js';

const FILE = /([0-9A-HJKMNP-TV-Z]{26})\.md$/;

function tryRead(ws: Workspace, id: string): Flag | null {
  try {
    return ws.flags.read(id).flag;
  } catch {
    return null;
  }
}

function ancestors(ws: Workspace, flag: Flag): Flag[] {
  const found: Flag[] = [];
  let parent = flag.chain_origin_id;
  while (parent !== null && !found.some((f) => f.id === parent) && found.length < 100) {
    const next = tryRead(ws, parent);
    if (next === null) break;
    found.push(next);
    parent = next.chain_origin_id;
  }
  return found;
}

/** Ids of the flag files in `out` (lines of `git grep -l`, with or without a `<rev>:` prefix). */
function idsIn(out: string): string[] {
  return out.split('\n').flatMap((line) => FILE.exec(line.trim())?.[1] ?? []);
}

/** `git grep -l` output, empty when nothing matched or the revision does not exist. */
async function grepFiles(ws: Workspace, args: string[]): Promise<string> {
  try {
    return await git(ws.root, ['grep', '-l', '-F', ...args]);
  } catch (error) {
    if ((error as { code?: unknown }).code === 1) return '';
    throw error;
  }
}

/**
 * Ids of flags whose text mentions one of `ids`: the work tree's files and the ledger's (a flag
 * created in another worktree or clone may be only there); a scan of the files when git cannot.
 */
async function mentioning(ws: Workspace, ids: string[], ledger: string | null): Promise<string[]> {
  const dir = relative(ws.root, ws.flagsDir) || '.';
  const patterns = ids.flatMap((id) => ['-e', id]);
  try {
    const [work, inLedger] = await Promise.all([
      grepFiles(ws, ['--untracked', ...patterns, '--', dir]),
      ledger === null ? '' : grepFiles(ws, [...patterns, ledger, '--', dir]),
    ]);
    return [...new Set([...idsIn(work), ...idsIn(inLedger)])];
  } catch {
    return ws.flags.workIds().filter((id) => {
      const text = readFileSync(ws.flags.pathOf(id), 'utf8');
      return ids.some((wanted) => text.includes(wanted));
    });
  }
}

/**
 * The ledger's ref when this repository has a ledger (asked once per chain), else null: read
 * from the ref files where that is certain (src/git/loose.ts), else asked of git.
 */
async function existingLedger(ws: Workspace): Promise<string | null> {
  const ledger = ledgerRef(ws.config.ledger.branch);
  const store = looseStore(ws.root);
  const known = store === null ? null : refFilesValue(store.gitDir, ledger);
  if (known !== null) return known === REF_ABSENT ? null : ledger;
  const found = await git(ws.root, ['for-each-ref', ledger]).catch(() => '');
  return found.trim() === '' ? null : ledger;
}

/** Every flag of the chain a flag belongs to, from its origin (see agent/answers.ts chainOf). */
export async function chainFlags(ws: Workspace, flag: Flag): Promise<Flag[]> {
  const ledger = await existingLedger(ws);
  const known = new Map<string, Flag>([[flag.id, flag]]);
  for (const a of ancestors(ws, flag)) known.set(a.id, a);
  let frontier = [...known.keys()];
  for (let round = 0; frontier.length > 0 && round < 50; round++) {
    const next: string[] = [];
    for (const other of await mentioning(ws, frontier, ledger)) {
      const child = known.has(other) ? null : tryRead(ws, other);
      const parent = child?.chain_origin_id ?? null;
      if (child === null || parent === null || !known.has(parent)) continue;
      known.set(other, child);
      next.push(other);
    }
    frontier = next;
  }
  return chainOf(flag.id, [...known.values()]);
}
