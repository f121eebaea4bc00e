/**
 * One flag as `show` and MCP's `show_flag` give it: the flag read by id, the chain it belongs
 * to, and what this work tree's copies say beside it (copies that differ, an invalid copy, a
 * file renamed by hand). Both read it here, so their data cannot drift apart.
 */
import type { Flag } from '../core/types.js';
import { chainFlags } from './chain.js';
import { readById, renamedCopy } from './synced-write.js';
import type { Workspace } from './workspace.js';

/** A flag as read by id, with its copies' story. */
export type StoredRead = Awaited<ReturnType<typeof readById>>;

/** What `show` and `show_flag` show of one flag. */
export interface ShownFlag {
  stored: StoredRead;
  /** The whole chain from its origin (the flag alone when it has none). */
  chain: Flag[];
  /** The repository-relative file holding the flag under another name, or null. */
  renamed: string | null;
}

/** What the copies say beside a shown flag, as `show --json` and `show_flag` name it. */
export interface CopyNotes {
  differs: string[];
  invalid_copy: 'work' | 'ledger' | null;
  renamed_copy: string | null;
}

/** Reads flag `raw` (a full id, prefix or suffix) with its chain and its copies' notes. */
export async function shownFlag(ws: Workspace, raw: string): Promise<ShownFlag> {
  const stored = await readById(ws, raw);
  const chain = await chainFlags(ws, stored.flag);
  return { stored, chain, renamed: renamedCopy(ws, stored.id) };
}

/** The copies' notes of a shown flag. */
export function copyNotes(shown: ShownFlag): CopyNotes {
  return {
    differs: shown.stored.differs,
    invalid_copy: shown.stored.invalid ?? null,
    renamed_copy: shown.renamed,
  };
}
