/** `flagstore import-sqlite`: move a project off the original SQLite store, idempotently. */
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Database } from 'sql.js';
import { agentFileName, agentHandle } from '../catalog/agent.js';
import { FlagstoreError } from '../core/errors.js';
import { validateFlag } from '../core/validate.js';
import { commitPaths } from '../git/commit.js';
import { createAtomic } from '../store/atomic.js';
import { agentsDir, searchDocs } from '../services/agents.js';
import type { Workspace } from '../services/workspace.js';
import { agentFileText, catalogRows } from './catalog-rows.js';
import { hasTable, selectRows, sqlEngine } from './engine.js';
import { importedId, mapRow, seedTime, type SeedRow } from './import-rows.js';

/** What one import wrote and skipped, and why. */
export interface SqliteImportReport {
  agents: {
    written: { handle: string; file: string }[];
    skipped: { name: string; reason: string }[];
  };
  flags: {
    written: { from: string; id: string; repairs: string[] }[];
    skipped: { from: string; id: string | null; reason: string }[];
  };
  commit: string | null;
}

async function openDatabase(path: string): Promise<Database> {
  if (!existsSync(path)) throw new FlagstoreError('not_found', `no such database file: ${path}`);
  const SQL = await sqlEngine();
  const db = new SQL.Database(readFileSync(path));
  let tables: boolean;
  try {
    db.exec('PRAGMA query_only = ON');
    tables = hasTable(db, 'flags') || hasTable(db, 'agents_catalog');
  } catch (error) {
    db.close();
    throw new FlagstoreError('invalid', `${path} is not a SQLite database: ${String(error)}`);
  }
  if (!tables) {
    db.close();
    throw new FlagstoreError('invalid', `${path} has neither a flags nor an agents_catalog table`);
  }
  return db;
}

async function importAgentRows(ws: Workspace, db: Database, report: SqliteImportReport) {
  const known = new Set((await searchDocs(ws)).map((d) => d.agent.handle));
  const written: string[] = [];
  await fs.mkdir(agentsDir(ws), { recursive: true });
  for (const row of catalogRows(db)) {
    const name = String(row.name ?? '');
    const handle = agentHandle(name);
    const path = handle === null ? '' : join(agentsDir(ws), agentFileName(handle));
    if (handle === null) report.agents.skipped.push({ name, reason: 'name is not a handle' });
    else if (known.has(handle) || existsSync(path))
      report.agents.skipped.push({ name, reason: 'already in the catalog' });
    else {
      await createAtomic(path, agentFileText(row, handle));
      known.add(handle);
      written.push(path);
      report.agents.written.push({ handle, file: agentFileName(handle) });
    }
  }
  return written;
}

function newIds(rows: SeedRow[]): Map<string, string> {
  const ids = new Map<string, string>();
  for (const row of rows) {
    const created = seedTime(row.created_at);
    if (created !== null) ids.set(String(row.id), importedId(row, created));
  }
  return ids;
}

async function importFlagRow(
  ws: Workspace,
  row: SeedRow,
  ids: Map<string, string>,
  report: SqliteImportReport,
) {
  const from = String(row.id);
  const id = ids.get(from) ?? null;
  if (id === null) {
    report.flags.skipped.push({
      from,
      id,
      reason: `created_at "${String(row.created_at)}" is not a timestamp`,
    });
    return null;
  }
  if (existsSync(ws.flags.pathOf(id))) {
    report.flags.skipped.push({ from, id, reason: `already imported as ${id}` });
    return null;
  }
  const origin =
    row.chain_origin_id === null || row.chain_origin_id === undefined
      ? null
      : String(row.chain_origin_id);
  const mapped = mapRow(row, id, origin === null ? null : (ids.get(origin) ?? null));
  if (origin !== null && !ids.has(origin))
    mapped.repairs.push(`chain origin #${origin} is not in the database`);
  const { flag, problems } = validateFlag(mapped.data, mapped.body);
  if (flag === null) {
    const reason = problems
      .filter((p) => p.severity === 'error')
      .map((p) => p.message)
      .join('; ');
    report.flags.skipped.push({ from, id, reason: `invalid: ${reason}` });
    return null;
  }
  const path = await ws.flags.createFile(flag);
  report.flags.written.push({ from, id, repairs: mapped.repairs });
  return path;
}

/**
 * Commits each group of files on its own, in order; returns the last commit. Agents go first
 * and flags last, so the flags-only commit passes the critical-flag block as every flag
 * transition does, and the agents commit sees no imported critical flag staged.
 */
async function commitInOrder(
  ws: Workspace,
  groups: { paths: string[]; message: string }[],
): Promise<string | null> {
  let last: string | null = null;
  for (const group of groups) {
    if (group.paths.length > 0) last = await commitPaths({ root: ws.root, ...group });
  }
  return last;
}

/** Imports agents_catalog rows as agent files and flags as flag files; re-running adds nothing. */
export async function importSqlite(
  ws: Workspace,
  dbPath: string,
  options: { commit?: boolean } = {},
): Promise<SqliteImportReport> {
  const db = await openDatabase(dbPath);
  const report: SqliteImportReport = {
    agents: { written: [], skipped: [] },
    flags: { written: [], skipped: [] },
    commit: null,
  };
  try {
    const agentPaths = await importAgentRows(ws, db, report);
    const rows = hasTable(db, 'flags') ? selectRows(db, 'SELECT * FROM flags ORDER BY id') : [];
    const ids = newIds(rows);
    const flagPaths: string[] = [];
    for (const row of rows) {
      const path = await importFlagRow(ws, row, ids, report);
      if (path !== null) flagPaths.push(path);
    }
    if (flagPaths.length > 0) await ws.flags.recordWorkTree();
    if (options.commit) {
      const from = relative(ws.root, dbPath) || dbPath;
      report.commit = await commitInOrder(ws, [
        { paths: agentPaths, message: `import ${agentPaths.length} agent(s) from ${from}` },
        { paths: flagPaths, message: `import ${flagPaths.length} flag(s) from ${from}` },
      ]);
    }
  } finally {
    db.close();
  }
  return report;
}
