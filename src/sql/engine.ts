/** The embedded SQL engine: sql.js (SQLite compiled to WebAssembly, no native build), loaded lazily. */
import type { Database, SqlJsStatic } from 'sql.js';

let engine: Promise<SqlJsStatic> | null = null;

/** The sql.js module, initialised once per process on first use. */
export function sqlEngine(): Promise<SqlJsStatic> {
  engine ??= import('sql.js').then((module) => module.default());
  return engine;
}

/** A value as sql.js binds it. */
export type SqlValue = string | number | null;

/** Rows of a statement as plain objects; with `atMost`, stepping stops after that many. */
export function selectRows(
  db: Database,
  sql: string,
  params: SqlValue[] | Record<string, SqlValue> = [],
  atMost = Infinity,
): Record<string, unknown>[] {
  const statement = db.prepare(sql);
  try {
    statement.bind(params);
    const rows: Record<string, unknown>[] = [];
    while (rows.length < atMost && statement.step()) rows.push(statement.getAsObject());
    return rows;
  } finally {
    statement.free();
  }
}

/** True when the database has a table (or view) of that name. */
export function hasTable(db: Database, name: string): boolean {
  return (
    selectRows(db, "SELECT 1 FROM sqlite_master WHERE type IN ('table','view') AND name = ?", [
      name,
    ]).length > 0
  );
}
