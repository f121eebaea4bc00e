/** A flag's log on this branch merged with the transitions only the ledger recorded. */
import type { Workspace } from '../services/workspace.js';
import { flagLedgerLog } from './log-ledger.js';
import { flagLog, type FlagHistory, type LogEntry } from './log.js';
import { byWhen } from './log-order.js';

const key = (e: LogEntry): string => `${e.change.kind} ${JSON.stringify(e.change.after)}`;

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
    return { id: ws.flags.resolve(raw), entries: [...ledger].sort(byWhen) };
  }
  // Only what this branch committed stands for a ledger entry: a work-tree copy that equals an
  // earlier version (lock, then unlock) must not hide that version's ledger entry.
  const committed = branch.entries
    .filter((e) => e.commit !== null)
    .map((e) => ({ ...e, branches: ['this branch'] }));
  const here = new Set(committed.map(key));
  // A work-tree copy the ledger recorded as any version (an unlock's copy, for a flag this branch
  // never committed, reads as a creation here) is no change the ledger lacks.
  const recorded = new Set(ledger.map((e) => JSON.stringify(e.change.after)));
  const elsewhere = ledger.filter((e) => !here.has(key(e)));
  const work = branch.entries
    .filter((e) => e.commit === null && !recorded.has(JSON.stringify(e.change.after)))
    .map((e) => ({ ...e, branches: ['work tree'] }));
  const dated = [...committed, ...elsewhere].sort(byWhen);
  return { id: branch.id, entries: [...dated, ...work] };
}
