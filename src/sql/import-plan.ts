/**
 * Planning an import of the original `flags` table, before anything is written: every row gets
 * an id, times read in the original's zone (rows of the same minute keep their order), its chain
 * origin's new id, and a valid flag, with every repair listed. Pure: no I/O.
 */
import { decodeTime } from 'ulid';
import { headOf } from '../core/clip.js';
import { validateFlag } from '../core/validate.js';
import type { Flag } from '../core/types.js';
import { MAX_FLAG_CHARS, renderFlagFile } from '../store/flag-file.js';
import { importedId, mapRow, type SeedRow } from './import-rows.js';
import { storedInstants, storedTime } from './local-time.js';
import type { Repair, Repairs } from './repairs.js';

/** Room kept for the note a cut adds (and the front matter) when a text is cut to fit. */
const CUT_ROOM = 4096;
const LONG_TEXTS = ['notes', 'example_usage', 'action_required', 'change_description'] as const;

/** What a cut must know of its row: the original id, its repairs, the notes' repair lines. */
interface RowCut {
  from: string;
  repairs: Repairs;
  notesTail: number;
}

type LongText = (typeof LONG_TEXTS)[number];

const overBy = (flag: Flag): number => renderFlagFile(flag).length - MAX_FLAG_CHARS;

/**
 * The flag with its longest texts cut until its file fits the size flag files are read at (a
 * flag is a short message; a larger file is refused on every read). The row still arrives: each
 * cut is a repair in its notes, naming the original row, where the whole text stays. A cut
 * keeps CUT_ROOM characters of a text at least (its rules ask for far fewer), and never cuts
 * into the repairs' lines at the end of the notes, those the cuts add included.
 */
function fitted(flag: Flag, row: RowCut): Flag {
  let fit = flag;
  let over = overBy(fit);
  // The writer's own notes, before the repairs' lines: all of the notes a cut may shorten.
  let head = (flag.notes ?? '').length - row.notesTail;
  const own = (field: LongText): number => (field === 'notes' ? head : (fit[field] ?? '').length);
  for (; over > 0; over = overBy(fit)) {
    const field = LONG_TEXTS.reduce((a, b) => (own(b) > own(a) ? b : a));
    const length = own(field);
    if (length <= CUT_ROOM) break;
    const value = fit[field] ?? '';
    const keep = headOf(value, Math.max(CUT_ROOM, length - over - CUT_ROOM)).length;
    const text = value.slice(0, keep) + value.slice(length);
    if (field === 'notes') head = keep;
    const repair = {
      kind: 'text too long',
      message: `${field}: ${value.length} characters cut to ${text.length}, for the file to fit in ${MAX_FLAG_CHARS / 1024} KiB; the whole text stays in row #${row.from} of the original database`,
    };
    fit = noted({ ...fit, [field]: text }, repair, row);
  }
  return over > 0 ? fittedFiles(fit, row) : fit;
}

/** The flag with a repair pushed to its row's list and its line added at the end of its notes. */
function noted(flag: Flag, repair: Repair, row: RowCut): Flag {
  row.repairs.push(repair);
  return {
    ...flag,
    notes: [flag.notes, `[import] ${repair.message}`].filter(Boolean).join('\n\n'),
  };
}

/**
 * The flag with its related files cut to the longest first part of the list that lets the file
 * fit, when its texts are cut as far as they go and it is still too large (a list of tens of
 * thousands of paths): the row arrives, the cut noted as a repair, the whole list in its row.
 */
function fittedFiles(flag: Flag, row: RowCut): Flag {
  const files = flag.related_files;
  const repair = (kept: number): Repair => ({
    kind: 'file list too long',
    message: `related_files: ${files.length} paths cut to the first ${kept}, for the file to fit in ${MAX_FLAG_CHARS / 1024} KiB; the whole list stays in row #${row.from} of the original database`,
  });
  // The largest count that fits with its note (more paths never make the file smaller).
  const cut = (kept: number): Flag =>
    noted({ ...flag, related_files: files.slice(0, kept) }, repair(kept), { ...row, repairs: [] });
  let [low, high] = [0, files.length - 1];
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (overBy(cut(mid)) > 0) high = mid - 1;
    else low = mid;
  }
  return noted({ ...flag, related_files: files.slice(0, low) }, repair(low), row);
}

/** One row, ready to write (or why it cannot be). */
export interface PlannedFlag {
  from: string;
  flag: Flag | null;
  repairs: Repair[];
  errors: string[];
}

interface Timed {
  row: SeedRow;
  ms: number;
  repairs: Repairs;
}

/**
 * The instant of a row's creation: of the readings of its wall time, the earliest not before
 * the previous row's (the hour a clock is set back shows twice, and rows written in its second
 * pass come after those of its first), else its latest.
 */
function pickInstant(instants: number[], previous: number | null): number | null {
  if (instants.length === 0) return null;
  const after = instants.find((ms) => previous === null || ms >= previous);
  return after ?? (instants.at(-1) as number);
}

/** Creation times: unreadable ones take the previous row's; equal times keep the rows' order. */
function creationTimes(rows: SeedRow[], tz: string, now: Date): Timed[] {
  let previous: number | null = null;
  const timed = rows.map((row) => {
    const repairs: Repairs = [];
    let ms = pickInstant(storedInstants(row.created_at, tz), previous);
    if (ms === null) {
      ms = previous ?? now.getTime();
      repairs.push({
        kind: 'unreadable created_at',
        message: `created_at "${String(row.created_at ?? '')}" is not a time; set to the previous row's (${new Date(ms).toISOString()})`,
      });
    }
    previous = ms;
    return { row, ms, repairs };
  });
  const order = [...timed].sort((a, b) => a.ms - b.ms || Number(a.row.id) - Number(b.row.id));
  let last: { original: number; assigned: number } | null = null;
  for (const t of order) {
    const original = t.ms;
    if (last !== null && original <= last.assigned && original === last.original)
      t.ms = last.assigned + 1;
    last = { original, assigned: t.ms };
  }
  return timed;
}

function completedTime(row: SeedRow, tz: string, repairs: Repairs): number | null {
  const raw = row.completed_at;
  if (raw === undefined || raw === null || String(raw).trim() === '') return null;
  const ms = storedTime(raw, tz);
  if (ms === null)
    repairs.push({
      kind: 'unreadable completed_at',
      message: `completed_at "${String(raw)}" is not a time; dropped`,
    });
  return ms;
}

/**
 * The creation time an earlier import gave this very row, when `taken` holds its original id
 * with an id whose last 16 characters are this row's hash: read in another zone (`--tz`, the
 * machine's) or by an older reading of a wall time, a new time would give it a second flag.
 */
function earlierImport(t: Timed, taken: ReadonlyMap<number, string>): number | null {
  const holder = taken.get(Number(t.row.id));
  if (holder === undefined) return null;
  return holder.slice(10) === importedId(t.row, t.ms).slice(10) ? decodeTime(holder) : null;
}

/**
 * Whether a row's original id is another import's already (a second project's database: its #1
 * is not the first one's): if so the id is not kept, so `#1` keeps naming one flag, and the
 * repair says why `#1` does not find this row. A re-import of the same row keeps its id.
 */
function idTaken(row: SeedRow, id: string, taken: ReadonlyMap<number, string>, repairs: Repairs) {
  const holder = taken.get(Number(row.id));
  if (holder === undefined || holder === id) return false;
  repairs.push({
    kind: 'original id taken',
    message: `original id #${String(row.id)} is already ${holder}'s (an earlier import); not kept: use this flag's own id`,
  });
  return true;
}

/**
 * Plans every row of the original `flags` table (in id order). `taken` holds the original ids
 * flags in the store have already, with their flag ids. Every repair is noted before the file
 * is fitted to the size limit, so the note that says so cannot push it over.
 */
export function planFlags(
  rows: SeedRow[],
  tz: string,
  now: Date,
  taken: ReadonlyMap<number, string> = new Map(),
): PlannedFlag[] {
  const timed = creationTimes(rows, tz, now);
  for (const t of timed) t.ms = earlierImport(t, taken) ?? t.ms;
  const ids = new Map(timed.map((t) => [String(t.row.id), importedId(t.row, t.ms)]));
  return timed.map((t) => {
    const from = String(t.row.id);
    const id = ids.get(from) as string;
    const repairs = [...t.repairs];
    const origin = t.row.chain_origin_id;
    const originKey = origin === undefined || origin === null ? null : String(origin);
    const chainId = originKey === null ? null : (ids.get(originKey) ?? null);
    if (originKey !== null && chainId === null)
      repairs.push({
        kind: 'missing chain origin',
        message: `chain origin #${originKey} is not in the database; link dropped`,
      });
    const completedMs = completedTime(t.row, tz, repairs);
    const legacy = idTaken(t.row, id, taken, repairs) ? { legacy_id: null } : {};
    const mapped = mapRow(t.row, { id, createdMs: t.ms, chainId, completedMs, repairs });
    const { flag, problems } = validateFlag({ ...mapped.data, ...legacy }, mapped.body);
    const errors = problems.filter((p) => p.severity === 'error').map((p) => p.message);
    const kept = flag === null ? null : fitted(flag, { from, ...mapped });
    return { from, flag: kept, repairs: mapped.repairs, errors };
  });
}

/** How many rows needed each kind of repair, most frequent first. */
export function repairSummary(planned: PlannedFlag[]): { kind: string; rows: number }[] {
  const counts = new Map<string, Set<string>>();
  for (const p of planned)
    for (const r of p.repairs) counts.set(r.kind, (counts.get(r.kind) ?? new Set()).add(p.from));
  return [...counts]
    .map(([kind, rows]) => ({ kind, rows: rows.size }))
    .sort((a, b) => b.rows - a.rows || a.kind.localeCompare(b.kind));
}
