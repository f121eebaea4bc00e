/** `flagstore query`: read-only SQL over the workspace's flags and agents (the seed's `query`). */
import { FlagstoreError } from '../core/errors.js';
import { listAgents } from '../services/agents.js';
import type { Workspace } from '../services/workspace.js';
import { selectRows, sqlEngine, type SqlValue } from './engine.js';
import { loadTables } from './tables.js';

const READ_START = /^(select|with|values)\b/i;
const COMMENTS = /^(\s+|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/)*/;

function refused(sql: string): FlagstoreError {
  return new FlagstoreError(
    'invalid',
    'query is read-only: only one SELECT (or WITH ... SELECT, VALUES) statement is allowed',
    {
      fix: 'change flags with flagstore create, lock, unlock and complete',
      details: { sql },
    },
  );
}

/** Parses the optional params argument: a JSON array (positional) or object (named). */
export function parseParams(raw: string | undefined): SqlValue[] | Record<string, SqlValue> {
  if (raw === undefined || raw.trim() === '') return [];
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw new FlagstoreError('usage', `params are not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value === 'object' && value !== null) return value as Record<string, SqlValue>;
  throw new FlagstoreError('usage', 'params must be a JSON array or object, like ["@backend.api"]');
}

function checkReadOnly(sql: string): void {
  const body = sql.replace(COMMENTS, '');
  if (!READ_START.test(body)) throw refused(sql);
}

/** Runs one read-only statement and returns its rows. */
export async function runQuery(
  ws: Workspace,
  request: { sql: string; params?: SqlValue[] | Record<string, SqlValue>; now: Date },
): Promise<Record<string, unknown>[]> {
  checkReadOnly(request.sql);
  const [SQL, all, agents] = await Promise.all([
    sqlEngine(),
    ws.flags.readAll({ progress: ws.progress }),
    listAgents(ws),
  ]);
  const db = new SQL.Database();
  try {
    loadTables(db, {
      flags: all.flatMap((s) => (s.flag ? [s.flag] : [])),
      agents,
      now: request.now,
    });
    db.exec('PRAGMA query_only = ON');
    const statements = [...db.iterateStatements(request.sql)];
    statements.forEach((s) => s.free());
    if (statements.length !== 1) throw refused(request.sql);
    return selectRows(db, request.sql, request.params ?? []);
  } catch (error) {
    if (error instanceof FlagstoreError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (/readonly/.test(message)) throw refused(request.sql);
    throw new FlagstoreError('invalid', `SQL error: ${message}`, { details: { sql: request.sql } });
  } finally {
    db.close();
  }
}
