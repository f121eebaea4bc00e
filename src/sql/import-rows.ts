/**
 * Mapping the original store's rows to flagstore values: stable IDs (so a re-run finds what it
 * already wrote), times read in the original's time zone, and a repair for every value our
 * rules refuse, each recorded in the flag's notes. Pure: no I/O.
 */
import { createHash } from 'node:crypto';
import { encodeTime } from 'ulid';
import { headOf } from '../core/clip.js';
import { CODE_LOCATION_PATTERN } from '../core/rules.js';
import { CONTEXT_BYTES } from '../core/validate.js';
import { sanitize, sanitizeDeep } from '../core/sanitize.js';
import {
  fileList,
  fitRules,
  flagType,
  handle,
  impactLevel,
  locked,
  longEnough,
  status,
  text,
  UNKNOWN_AGENT,
  type Repairs,
} from './repairs.js';

export { UNKNOWN_AGENT } from './repairs.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A row of the original `flags` table, as sql.js returns it. */
export type SeedRow = Record<string, unknown>;

/** The flag ID an original row always maps to: its creation time, then a hash of the row's identity. */
export function importedId(row: SeedRow, createdMs: number): string {
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
  return encodeTime(createdMs, 10) + random;
}

/**
 * The context column as JSON; text that is not JSON is kept whole, as text, with a repair saying
 * so (the seed's column is JSON). Escaped control characters in JSON are removed.
 */
function context(raw: string | null, row: SeedRow, repairs: Repairs): unknown {
  if (raw === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    repairs.push({
      kind: 'context not JSON',
      message: `context: kept as text because it is not JSON (${raw.length} characters)`,
    });
    return contextWithin(raw, row, repairs);
  }
  const clean = sanitizeDeep(value);
  if (JSON.stringify(clean) !== JSON.stringify(value))
    repairs.push({
      kind: 'control characters',
      message: 'context: control or bidi characters (written as JSON escapes) removed',
    });
  return contextWithin(clean, row, repairs);
}

/**
 * A context within the size a flag's context may have (CONTEXT_BYTES as JSON): one larger is
 * kept as the start of its JSON text, as text, cut to fit, with a repair naming the row that
 * holds the whole value (a value refused by the rules would stop the whole import).
 */
function contextWithin(value: unknown, row: SeedRow, repairs: Repairs): unknown {
  const json = JSON.stringify(value);
  if (json.length <= CONTEXT_BYTES) return value;
  // A string's JSON is its text quoted and escaped: cut until the kept text's JSON fits.
  let keep = CONTEXT_BYTES - 2;
  const text = typeof value === 'string' ? value : json;
  while (JSON.stringify(headOf(text, keep)).length > CONTEXT_BYTES) keep -= 1024;
  const kept = headOf(text, keep);
  repairs.push({
    kind: 'context too large',
    message: `context: ${json.length} characters as JSON, over the ${CONTEXT_BYTES / 1024} KiB a flag's context holds; kept as text, its first ${kept.length}; the whole value stays in row #${String(row.id)} of the original database`,
  });
  return kept;
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
  repairs: Repairs;
  /** How many characters at the end of body.notes are the repairs' lines (kept by a cut). */
  notesTail: number;
}

function completion(data: Record<string, unknown>, repairs: Repairs): void {
  if (data.status !== 'completed') {
    if (data.completed_at !== null || data.completed_by !== null) {
      repairs.push({
        kind: 'completion of a pending flag',
        message: `pending flag had completed_at/completed_by (${String(data.completed_at)}, ${String(data.completed_by)}); dropped`,
      });
      data.completed_at = null;
      data.completed_by = null;
    }
    return;
  }
  if (data.completed_at === null) {
    data.completed_at = data.created_at;
    repairs.push({
      kind: 'missing completed_at',
      message: 'completed_at was empty; set to created_at',
    });
  }
  if (data.completed_by === null) {
    data.completed_by = UNKNOWN_AGENT;
    repairs.push({
      kind: 'missing completed_by',
      message: `completed_by was empty; set to ${UNKNOWN_AGENT}`,
    });
  }
  if (data.locked === true) {
    data.locked = false;
    repairs.push({
      kind: 'lock on a completed flag',
      message: 'the completed flag was still locked; lock dropped',
    });
  }
}

function location(data: Record<string, unknown>, repairs: Repairs): void {
  const value = data.code_location;
  if (typeof value !== 'string') return;
  // A location is one line: a tab (which the pattern lets through) is refused as create does.
  const why = /[\n\t]/.test(value)
    ? 'holds a line break or tab'
    : CODE_LOCATION_PATTERN.test(value)
      ? null
      : 'is not file:line';
  if (why === null) return;
  repairs.push({
    kind: 'code_location',
    message: `code_location "${value}" ${why}; kept here only`,
  });
  data.code_location = null;
}

/** Where a row lands: its new id, times, its chain origin's new id, and repairs made so far. */
export interface RowPlace {
  id: string;
  createdMs: number;
  chainId: string | null;
  completedMs: number | null;
  repairs: Repairs;
}

function fields(row: SeedRow, repairs: Repairs): Record<string, unknown> {
  const target = handle(row.target_agent, 'target_agent', repairs);
  const rules = fitRules(
    {
      flag_type: flagType(text(row.flag_type, 'flag_type', repairs), repairs),
      impact_level: impactLevel(text(row.impact_level, 'impact_level', repairs), repairs),
      target_agent: target,
    },
    repairs,
  );
  return {
    ...rules,
    source_agent: handle(row.source_agent, 'source_agent', repairs) ?? UNKNOWN_AGENT,
    status: status(text(row.status, 'status', repairs), repairs),
    locked: locked(row.locked, repairs),
    related_files: fileList(text(row.related_files, 'related_files', repairs), repairs) ?? [],
    code_location: text(row.code_location, 'code_location', repairs),
    context: context(text(row.context, 'context', repairs), row, repairs),
    completed_by: handle(row.completed_by, 'completed_by', repairs),
    legacy_id: typeof row.id === 'number' ? row.id : Number(row.id),
  };
}

/** Maps one original row; repairs already made (times, chain) come in `place.repairs`. */
export function mapRow(row: SeedRow, place: RowPlace): MappedRow {
  const repairs: Repairs = [...place.repairs];
  const data: Record<string, unknown> = {
    id: place.id,
    ...fields(row, repairs),
    chain_origin_id: place.chainId,
    created_at: new Date(place.createdMs).toISOString(),
    completed_at: place.completedMs === null ? null : new Date(place.completedMs).toISOString(),
  };
  completion(data, repairs);
  location(data, repairs);
  const body = {
    change_description: longEnough(
      text(row.change_description, 'change_description', repairs),
      'change_description',
      repairs,
    ),
    action_required: longEnough(
      text(row.action_required, 'action_required', repairs),
      'action_required',
      repairs,
    ),
  };
  const example = text(row.example_usage, 'example_usage', repairs);
  const original = text(row.notes, 'notes', repairs);
  const notes = [original, ...repairs.map((r) => `[import] ${sanitize(r.message)}`)].filter(
    Boolean,
  );
  const joined = notes.join('\n\n');
  return {
    data,
    body: {
      ...body,
      ...(example === null ? {} : { example_usage: example }),
      ...(notes.length === 0 ? {} : { notes: joined }),
    },
    repairs,
    notesTail: joined.length - (original?.length ?? 0),
  };
}
