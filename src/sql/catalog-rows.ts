/** Rows of the original agents_catalog table as agent files, and as a searchable catalog. */
import type { Database } from 'sql.js';
import { agentHandle, LIST_KEYS, parseList } from '../catalog/agent.js';
import { parseAgentFile, renderAgentFile } from '../catalog/agent-file.js';
import type { SearchDoc } from '../catalog/search.js';
import { indexAgent } from '../catalog/search-index.js';
import { hasTable, selectRows, sqlEngine } from './engine.js';
import { withoutControls, type Repairs } from './repairs.js';

/** A field's value with control and bidi characters taken out, each removal a repair. */
function clean<T extends string | string[] | null>(value: T, key: string, repairs: Repairs): T {
  if (value === null) return value;
  if (typeof value === 'string') return withoutControls(value, key, repairs) as T;
  return value.map((item) => withoutControls(item, key, repairs)) as T;
}

/**
 * The agent file text of one agents_catalog row (JSON columns become YAML lists); control and
 * bidi characters are taken out of every value (after JSON decoding), each removal recorded.
 */
export function agentFileText(
  row: Record<string, unknown>,
  handle: string,
  repairs: Repairs = [],
): string {
  const fields: Record<string, string | string[] | null> = {};
  for (const key of ['type', 'module', 'sub_module', 'status'] as const)
    fields[key] = clean(typeof row[key] === 'string' ? row[key] : null, key, repairs);
  for (const key of LIST_KEYS)
    fields[key] = clean(parseList(row[key]) ?? [String(row[key])], key, repairs);
  const role = (fields.role as string[] | undefined) ?? [];
  const description =
    typeof row.description === 'string'
      ? clean(row.description, 'description', repairs)
      : (role[0] ?? '');
  const body = [`# ${handle}`, ...role].join('\n\n');
  return renderAgentFile({ handle, description, fields, body });
}

/** The agents_catalog rows of a database, in id order. */
export function catalogRows(db: Database): Record<string, unknown>[] {
  return hasTable(db, 'agents_catalog')
    ? selectRows(db, 'SELECT * FROM agents_catalog ORDER BY id')
    : [];
}

/** A searchable catalog from an SQL script that creates and fills agents_catalog (init_db.sql). */
export async function catalogFromSqlScript(script: string): Promise<SearchDoc[]> {
  const SQL = await sqlEngine();
  const db = new SQL.Database();
  try {
    db.exec(script);
    return catalogRows(db).flatMap((row) => {
      const handle = agentHandle(String(row.name ?? ''));
      if (handle === null) return [];
      const parsed = parseAgentFile(agentFileText(row, handle));
      return parsed.agent === null
        ? []
        : [{ agent: parsed.agent, terms: indexAgent(parsed.agent, parsed.body) }];
    });
  } finally {
    db.close();
  }
}
