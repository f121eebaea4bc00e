/**
 * Mapping the original store's rows to flagstore values: stable IDs (so a re-run finds what it
 * already wrote), seed timestamps to ISO 8601, and repairs for values our rules refuse, each
 * recorded in the flag's notes. Pure: no I/O.
 */
import { createHash } from 'node:crypto';
import { encodeTime } from 'ulid';
import { agentHandle } from '../catalog/agent.js';
import { CODE_LOCATION_PATTERN } from '../core/rules.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Placeholder handle for a completed flag whose completer the original store did not record. */
export const UNKNOWN_AGENT = '@import.unknown';

/** A row of the original `flags` table, as sql.js returns it. */
export type SeedRow = Record<string, unknown>;

/** Converts the seed's `YYYY-MM-DD HH:MM[:SS]` (UTC, as SQLite writes it) to ISO 8601. */
export function seedTime(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const text = value.trim();
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(
    text,
  );
  if (match === null) return Number.isNaN(Date.parse(text)) ? null : new Date(text).toISOString();
  const iso = `${match[1]}T${match[2]}${match[3] ?? ':00'}${match[5] ?? 'Z'}`;
  return Number.isNaN(Date.parse(iso)) ? null : new Date(iso).toISOString();
}

/** The flag ID an original row always maps to: its creation time, then a hash of the row's identity. */
export function importedId(row: SeedRow, createdAt: string): string {
  const identity = [
    'flagstore-import',
    row.id,
    row.created_at,
    row.source_agent,
    row.change_description,
  ];
  const digest = createHash('sha256').update(JSON.stringify(identity)).digest();
  let random = '';
  for (let i = 0; i < 16; i++) random += CROCKFORD[(digest[i] as number) % 32];
  return encodeTime(Date.parse(createdAt), 10) + random;
}

function text(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const s = String(value).trim();
  return s === '' ? null : s;
}

function handle(value: unknown): string | null {
  const raw = text(value);
  return raw === null ? null : (agentHandle(raw) ?? raw);
}

function truthy(value: unknown): boolean {
  return value === 1 || value === true || /^(1|true)$/i.test(String(value ?? ''));
}

function context(value: unknown): unknown {
  const raw = text(value);
  if (raw === null) return null;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** What a row becomes: front matter, body texts, and the repairs that were needed. */
export interface MappedRow {
  data: Record<string, unknown>;
  body: {
    change_description: string;
    action_required: string;
    example_usage?: string;
    notes?: string;
  };
  repairs: string[];
}

function completion(data: Record<string, unknown>, repairs: string[]): void {
  if (data.status !== 'completed') return;
  if (data.completed_at === null) {
    data.completed_at = data.created_at;
    repairs.push('completed_at was empty; set to created_at');
  }
  if (data.completed_by === null) {
    data.completed_by = UNKNOWN_AGENT;
    repairs.push(`completed_by was empty; set to ${UNKNOWN_AGENT}`);
  }
  if (data.locked === true) {
    data.locked = false;
    repairs.push('the completed flag was still locked; lock dropped');
  }
}

function location(data: Record<string, unknown>, repairs: string[]): void {
  const value = data.code_location;
  if (typeof value === 'string' && !CODE_LOCATION_PATTERN.test(value)) {
    repairs.push(`code_location "${value}" is not file:line; kept here only`);
    data.code_location = null;
  }
}

/** Maps one original row; `chainId` is the new ID of its chain origin, when known. */
export function mapRow(row: SeedRow, id: string, chainId: string | null): MappedRow {
  const repairs: string[] = [];
  const createdAt = seedTime(row.created_at) ?? '';
  const data: Record<string, unknown> = {
    id,
    flag_type: text(row.flag_type),
    source_agent: handle(row.source_agent),
    target_agent: handle(row.target_agent),
    impact_level: text(row.impact_level) ?? 'medium',
    status: text(row.status) ?? 'pending',
    locked: truthy(row.locked),
    related_files: text(row.related_files) ?? [],
    code_location: text(row.code_location),
    chain_origin_id: chainId,
    context: context(row.context),
    created_at: createdAt,
    completed_at: seedTime(row.completed_at),
    completed_by: handle(row.completed_by),
  };
  completion(data, repairs);
  location(data, repairs);
  const notes = [text(row.notes), ...repairs.map((r) => `[import] ${r}`)].filter(Boolean);
  const example = text(row.example_usage);
  return {
    data,
    body: {
      change_description: text(row.change_description) ?? '',
      action_required: text(row.action_required) ?? '',
      ...(example === null ? {} : { example_usage: example }),
      ...(notes.length === 0 ? {} : { notes: notes.join('\n\n') }),
    },
    repairs,
  };
}
