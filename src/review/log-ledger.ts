/** A flag's history from the ledger branch: every recorded transition, who, when and where. */
import { ledgerPath } from '../core/ledger-layout.js';
import { gitOrFail } from '../git/repo.js';
import type { Workspace } from '../services/workspace.js';
import { flagPath, metaOf, stepsAlong, type LogEntry } from './log.js';

interface LedgerCommit {
  commit: string;
  author: string;
  date: string;
  subject: string;
  where: string;
}

function trailer(body: string, key: string): string | null {
  const line = body.split('\n').find((l) => l.startsWith(`${key}: `));
  return line === undefined ? null : line.slice(key.length + 2).trim();
}

/** Where a ledger commit was written: the writer's branch and its host and folder. */
function whereOf(body: string): string {
  const branch = trailer(body, 'Flagstore-Branch');
  const where = trailer(body, 'Flagstore-Where');
  const action = trailer(body, 'Flagstore-Action');
  if (action === 'merge') return 'ledger merge (sync)';
  return `ledger, from ${branch ?? '?'}${where === null ? '' : ` at ${where}`}`;
}

async function ledgerCommits(ws: Workspace, paths: string[]): Promise<LedgerCommit[]> {
  const format = '--format=%H%x1f%an%x1f%aI%x1f%s%x1f%b%x1e';
  const ref = ws.flags.ledger.ref;
  const out = await gitOrFail(ws.root, ['log', '--reverse', format, ref, '--', ...paths]);
  return out
    .split('\x1e')
    .map((r) => r.trim())
    .filter(Boolean)
    .map((record) => {
      const [commit = '', author = '', date = '', subject = '', body = ''] = record.split('\x1f');
      return { commit, author, date, subject, where: whereOf(body) };
    });
}

/** Every change to a flag recorded in the ledger, oldest first; empty without a ledger. */
export async function flagLedgerLog(ws: Workspace, raw: string): Promise<LogEntry[]> {
  const { id, path } = flagPath(ws, raw);
  // A ledger holds the file flat (older ledgers) or fanned out (src/core/ledger-layout.ts).
  const also = ledgerPath(ws.config.flags_dir, id);
  const commits = await ledgerCommits(ws, [path, also]).catch(() => []);
  const steps = commits.map((c) => metaOf(c, [c.where]));
  return (await stepsAlong(ws, { id, path, also }, steps)).entries;
}
