/** The read-only SQL view of a workspace: tables `flags` (the seed's columns) and `agents_catalog`. */
import type { Database } from 'sql.js';
import { LIST_KEYS, TEXT_KEYS, type Agent } from '../catalog/agent.js';
import { lockState } from '../core/lifecycle.js';
import { BODY_SECTIONS, FRONT_MATTER_KEYS, type BodyField, type Flag } from '../core/types.js';
import type { SqlValue } from './engine.js';

/** The seed's flag columns: front-matter keys, body sections, and two the files do not keep. */
const FLAG_COLUMNS = [
  ...FRONT_MATTER_KEYS,
  ...(Object.keys(BODY_SECTIONS) as BodyField[]),
  'session_id',
  'acknowledged_at',
] as const;

/** Agent columns: every text and list field of a catalog entry (`name` holds the handle). */
const AGENT_COLUMNS = [...TEXT_KEYS, ...LIST_KEYS] as const;

const SCHEMA = `
CREATE TABLE flags (${FLAG_COLUMNS.map((c) => (c === 'id' ? 'id TEXT PRIMARY KEY' : c)).join(', ')});
CREATE TABLE agents_catalog (id INTEGER PRIMARY KEY AUTOINCREMENT, ${AGENT_COLUMNS.join(', ')});
CREATE VIEW pending_flags AS SELECT * FROM flags WHERE status = 'pending' ORDER BY
  CASE impact_level WHEN 'critical' THEN 1 WHEN 'high' THEN 2 WHEN 'medium' THEN 3 WHEN 'low' THEN 4 END,
  created_at ASC;
`;

function flagRow(flag: Flag, now: Date): SqlValue[] {
  const row: Record<(typeof FLAG_COLUMNS)[number], SqlValue> = {
    ...flag,
    session_id: null,
    acknowledged_at: null,
    locked: lockState(flag, now) === 'held' ? 1 : 0,
    related_files: flag.related_files.length > 0 ? flag.related_files.join(',') : null,
    context: flag.context === null ? null : JSON.stringify(flag.context),
  };
  return FLAG_COLUMNS.map((c) => row[c]);
}

function agentRow(agent: Agent): SqlValue[] {
  const json = (list: string[]): string | null => (list.length > 0 ? JSON.stringify(list) : null);
  return AGENT_COLUMNS.map((c) => {
    if (c === 'name') return agent.handle;
    const value = agent[c];
    return Array.isArray(value) ? json(value) : value;
  });
}

function insertAll(db: Database, table: string, columns: readonly string[], rows: SqlValue[][]) {
  const marks = columns.map(() => '?').join(', ');
  const statement = db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${marks})`);
  try {
    for (const row of rows) statement.run(row);
  } finally {
    statement.free();
  }
}

/** Creates and fills the tables from the workspace's flags and agents. */
export function loadTables(db: Database, data: { flags: Flag[]; agents: Agent[]; now: Date }) {
  db.exec(SCHEMA);
  db.exec('BEGIN');
  insertAll(
    db,
    'flags',
    FLAG_COLUMNS,
    data.flags.map((f) => flagRow(f, data.now)),
  );
  insertAll(db, 'agents_catalog', AGENT_COLUMNS, data.agents.map(agentRow));
  db.exec('COMMIT');
}
