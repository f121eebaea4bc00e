/** `flagstore import-sqlite`: move a project off the original SQLite store, all or nothing. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Database } from 'sql.js';
import { agentFileName, agentHandle } from '../catalog/agent.js';
import { FlagstoreError } from '../core/errors.js';
import { withProgress } from '../core/progress.js';
import { checkCommitIdentity, commitPaths } from '../git/commit.js';
import { notInHead } from '../git/objects.js';
import { shellWord } from '../git/shell-word.js';
import { agentsDir, searchDocs } from '../services/agents.js';
import type { Workspace } from '../services/workspace.js';
import { agentFileText, catalogRows } from './catalog-rows.js';
import { hasTable, selectRows, sqlEngine } from './engine.js';
import { planFlags, repairSummary, type PlannedFlag } from './import-plan.js';
import {
  holds,
  IN_CATALOG,
  writeAll,
  type PendingFile,
  type SqliteImportReport,
} from './import-write.js';
import type { Repairs } from './repairs.js';
import { checkTimeZone, machineTimeZone } from './local-time.js';

export type { SqliteImportReport } from './import-write.js';

/** How to import: commit the files, and the time zone of the original's times. */
export interface SqliteImportOptions {
  commit?: boolean;
  /** IANA zone of the original's times (default: the machine's). */
  tz?: string;
  now?: Date;
}

/** Where the original tool keeps its database: the fix for a path that is not one. */
const ORIGINAL_DB =
  "pass the original tool's database, usually: flagstore import-sqlite .claude/memory/project.db";

/** The first 16 bytes of every SQLite database file. */
const SQLITE_HEADER = 'SQLite format 3\0';

/**
 * A read SQLite refuses of a file that is a SQLite database (a copy torn or cut short while the
 * original tool wrote to it, a view over a missing column): said with the file and the fix, not
 * as a bug in flagstore nor as another file than the original's.
 */
function unreadable(path: string, error: unknown): FlagstoreError {
  const reason = error instanceof Error ? error.message : String(error);
  return new FlagstoreError(
    'invalid',
    `${path} could not be read: ${reason}; nothing was written`,
    {
      fix: `check it with sqlite3 ${shellWord(path)} 'PRAGMA integrity_check;' (a copy taken while the original tool wrote to it can be torn: copy it again), then run the import again`,
    },
  );
}

/**
 * Refuses a database whose write-ahead log beside it holds writes: SQLite in WAL mode keeps its
 * last commits in `<file>-wal` until a checkpoint moves them into the file, and the import reads
 * the file alone, so those rows would be left out without a word (tried: 400 of 405 imported).
 */
function refuseUnmergedLog(path: string): void {
  const wal = `${path}-wal`;
  if (!existsSync(wal) || statSync(wal).size === 0) return;
  throw new FlagstoreError(
    'invalid',
    `${path}'s last writes may still be in ${wal}, which the import cannot read; nothing was written`,
    {
      fix: `close the original tool, then move them into the file: sqlite3 ${shellWord(path)} 'PRAGMA wal_checkpoint(TRUNCATE);' and run the import again`,
    },
  );
}

async function openDatabase(path: string): Promise<Database> {
  if (!existsSync(path))
    throw new FlagstoreError('not_found', `no such database file: ${path}`, {
      fix: ORIGINAL_DB,
    });
  refuseUnmergedLog(path);
  const SQL = await sqlEngine();
  const bytes = readFileSync(path);
  const db = new SQL.Database(bytes);
  let tables: boolean;
  try {
    db.exec('PRAGMA query_only = ON');
    tables = hasTable(db, 'flags') || hasTable(db, 'agents_catalog');
  } catch (error) {
    db.close();
    if (bytes.subarray(0, SQLITE_HEADER.length).toString('latin1') === SQLITE_HEADER)
      throw unreadable(path, error);
    throw new FlagstoreError('invalid', `${path} is not a SQLite database: ${String(error)}`, {
      fix: ORIGINAL_DB,
    });
  }
  if (!tables) {
    db.close();
    throw new FlagstoreError('invalid', `${path} has neither a flags nor an agents_catalog table`, {
      fix: ORIGINAL_DB,
    });
  }
  return db;
}

/** Why an agents_catalog row whose name cannot be a handle is not imported. */
export const NOT_A_HANDLE = 'name is not a handle';

/**
 * The agent files to write, and in `present` those an earlier run of this import already wrote
 * byte for byte (a run killed before its commit left them), for `--commit` to take too.
 */
async function planAgents(ws: Workspace, rows: Row[], report: SqliteImportReport) {
  const known = new Set((await searchDocs(ws)).map((d) => d.agent.handle));
  const files: PendingFile[] = [];
  const present: string[] = [];
  for (const row of rows) {
    const name = String(row.name ?? '');
    const handle = agentHandle(name);
    const path = handle === null ? '' : join(agentsDir(ws), agentFileName(handle));
    if (handle === null) report.agents.skipped.push({ name, reason: NOT_A_HANDLE });
    else if (known.has(handle) || existsSync(path)) {
      report.agents.skipped.push({ name, reason: IN_CATALOG });
      if (holds(path, agentFileText(row, handle, []))) present.push(path);
    } else {
      const repairs: Repairs = [];
      const text = agentFileText(row, handle, repairs);
      files.push({ name, handle, path, text, repairs: repairs.map((r) => r.message) });
      known.add(handle);
    }
  }
  return { files, present };
}

type Row = Record<string, unknown>;

/** The database's agents_catalog and flags rows, read before anything is written. */
function readRows(db: Database, path: string): { agents: Row[]; flags: Row[] } {
  try {
    const flags = hasTable(db, 'flags') ? selectRows(db, 'SELECT * FROM flags ORDER BY id') : [];
    return { agents: catalogRows(db), flags };
  } catch (error) {
    throw unreadable(path, error);
  }
}

function refuse(planned: PlannedFlag[]): FlagstoreError {
  const bad = planned.filter((p) => p.flag === null);
  const lines = bad.slice(0, 10).map((p) => `#${p.from}: ${p.errors.join('; ')}`);
  return new FlagstoreError(
    'invalid',
    `${bad.length} row(s) could not be made valid; nothing was written:\n${lines.join('\n')}`,
    { details: { rows: bad.map((p) => ({ from: p.from, errors: p.errors })) } },
  );
}

/** The original ids flags in the store hold already (earlier imports), with their flag ids. */
async function takenLegacyIds(ws: Workspace): Promise<Map<number, string>> {
  const taken = new Map<number, string>();
  for (const stored of await ws.flags.readAll()) {
    const legacy = stored.flag?.legacy_id;
    if (typeof legacy === 'number') taken.set(legacy, stored.id);
  }
  return taken;
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

/** The files of one kind to commit: this run's, and those an earlier run left uncommitted. */
interface CommitGroup {
  written: string[];
  present: string[];
}

/**
 * Commits what this run wrote and what an earlier run of the same import wrote but never
 * committed (killed before its commit, then run again), agents first; returns the last commit.
 */
async function commitImport(
  ws: Workspace,
  from: string,
  groups: { agents: CommitGroup; flags: CommitGroup },
): Promise<string | null> {
  const paths = async (g: CommitGroup) => [...g.written, ...(await notInHead(ws.root, g.present))];
  const [agents, flags] = [await paths(groups.agents), await paths(groups.flags)];
  return commitInOrder(ws, [
    { paths: agents, message: `import ${agents.length} agent(s) from ${from}` },
    { paths: flags, message: `import ${flags.length} flag(s) from ${from}` },
  ]);
}

/**
 * Imports agents_catalog rows as agent files and every flag row as a flag file, all or none;
 * re-running adds nothing. Values flagstore's rules refuse are repaired, and each repair is
 * recorded in the flag's notes and counted in the report.
 */
export async function importSqlite(
  ws: Workspace,
  dbPath: string,
  options: SqliteImportOptions = {},
): Promise<SqliteImportReport> {
  const tz = checkTimeZone(options.tz ?? machineTimeZone());
  const db = await openDatabase(dbPath);
  const report: SqliteImportReport = {
    time_zone: tz,
    agents: { written: [], skipped: [] },
    flags: { written: [], skipped: [] },
    repairs: [],
    commit: null,
  };
  let rows: { agents: Row[]; flags: Row[] };
  try {
    rows = readRows(db, dbPath);
  } finally {
    db.close();
  }
  const taken = await takenLegacyIds(ws);
  const agents = await planAgents(ws, rows.agents, report);
  const planned = planFlags(rows.flags, tz, options.now ?? new Date(), taken);
  if (planned.some((p) => p.flag === null)) throw refuse(planned);
  if (options.commit) await checkCommitIdentity(ws.root);
  const done = await withProgress(ws.progress, () => writeAll(ws, agents.files, planned, report));
  const written = new Set(report.flags.written.map((w) => w.from));
  report.repairs = repairSummary(planned.filter((p) => written.has(p.from)));
  try {
    if (options.commit)
      report.commit = await commitImport(ws, relative(ws.root, dbPath) || dbPath, {
        agents: { written: done.agentPaths, present: [...agents.present, ...done.agentsPresent] },
        flags: { written: done.flagPaths, present: done.flagsPresent },
      });
  } finally {
    // Recorded after the commits: a critical flag the ledger already held would block the
    // agents commit, which is not a flags-only commit. Files an earlier run wrote count too: a
    // run killed during its commit never recorded them (a no-op when the ledger holds them).
    if (planned.length > 0) await ws.flags.recordWorkTree();
  }
  return report;
}
