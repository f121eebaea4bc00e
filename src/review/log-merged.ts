/** A flag's log on this branch merged with the transitions only the ledger recorded. */
import type { Workspace } from '../services/workspace.js';
import { flagLedgerLog } from './log-ledger.js';
import { flagLog, type FlagHistory, type LogEntry } from './log.js';
import { sortedByWhen, transitionMs } from './log-order.js';

/**
 * What makes two entries one step: a transition by its kind and recorded time (a commit that
 * made an edit with the lock is still that lock), any other change by its kind and copy.
 */
function key(e: LogEntry): string {
  const ms = transitionMs(e);
  return `${e.change.kind} ${ms === null ? JSON.stringify(e.change.after) : ms}`;
}

/**
 * The ledger's entries this branch did not commit: each committed entry stands for one ledger
 * entry of the same kind and copy, so an edit the ledger recorded three times and the branch
 * committed once is still listed twice more.
 */
function notCommitted(ledger: LogEntry[], committed: LogEntry[]): LogEntry[] {
  const left = new Map<string, number>();
  for (const k of committed.map(key)) left.set(k, (left.get(k) ?? 0) + 1);
  return ledger.filter((e) => {
    const k = key(e);
    const n = left.get(k) ?? 0;
    left.set(k, n - 1);
    return n <= 0;
  });
}

/**
 * A flag's history along this branch, with the transitions only the ledger recorded (made in
 * other worktrees, branches or clones) in date order, then uncommitted changes the ledger lacks.
 */
export async function flagLogWithLedger(ws: Workspace, raw: string): Promise<FlagHistory> {
  const ledger = await flagLedgerLog(ws, raw);
  let branch: FlagHistory;
  try {
    branch = await flagLog(ws, raw);
  } catch (error) {
    if (ledger.length === 0) throw error;
    return { id: ws.flags.resolve(raw), entries: sortedByWhen(ledger) };
  }
  // Only what this branch committed stands for a ledger entry: a work-tree copy that equals an
  // earlier version (lock, then unlock) must not hide that version's ledger entry.
  const committed = branch.entries
    .filter((e) => e.commit !== null)
    .map((e) => ({ ...e, branches: ['this branch'] }));
  // A work-tree copy the ledger recorded as any version (an unlock's copy, for a flag this branch
  // never committed, reads as a creation here) is no change the ledger lacks.
  const recorded = new Set(ledger.map((e) => JSON.stringify(e.change.after)));
  const elsewhere = notCommitted(ledger, committed);
  const work = branch.entries
    .filter((e) => e.commit === null && !recorded.has(JSON.stringify(e.change.after)))
    .map((e) => ({ ...e, branches: ['work tree'] }));
  const dated = sortedByWhen([...committed, ...elsewhere]);
  return { id: branch.id, entries: [...dated, ...work] };
}
