import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import initSqlJs, { type Database } from 'sql.js';
import { tempDir } from './helpers.js';

const SCHEMA = join(import.meta.dirname, 'data', 'original-schema.sql');

/** How `originalDatabase` names the file it exports. */
export interface OriginalDatabaseOptions {
  /** The file's name in its new temp folder; `project.db` unless given. */
  name?: string;
}

/**
 * An original tool's SQLite store: test/data/original-schema.sql, then the rows `fill` inserts,
 * exported to a new temp folder. Returns the file's path.
 */
export async function originalDatabase(
  fill: (db: Database) => void,
  options: OriginalDatabaseOptions = {},
): Promise<string> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  try {
    db.exec(readFileSync(SCHEMA, 'utf8'));
    fill(db);
    const path = join(tempDir(), options.name ?? 'project.db');
    writeFileSync(path, db.export());
    return path;
  } finally {
    db.close();
  }
}
