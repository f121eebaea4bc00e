/** How flags look to people (tables, detail) and to tools (native JSON, the seed's rows). */
import { relative } from 'node:path';
import { formatAge } from '../core/duration.js';
import { shortIds } from '../core/ids.js';
import { lockState, NO_TARGET, stateWords } from '../core/lifecycle.js';
import { IMPACT_LEVELS, type Flag } from '../core/types.js';
import { oneLine, palette, sanitize, table } from './output.js';
import { outputWidth, type ColumnSpec } from './table.js';
import { wrapProse } from './wrap.js';
import { allCommand } from './rerun.js';

/** A flag as native `--json` shows it: typed fields plus the computed lock state. */
export function flagJson(
  flag: Flag,
  options: { now: Date; root?: string; path?: string },
): Record<string, unknown> {
  const extra = options.path && options.root ? { path: relative(options.root, options.path) } : {};
  return { ...flag, lock_state: lockState(flag, options.now), ...extra };
}

/** A flag as the seed's `get-agent-flags` row: its column names and text encodings. */
export function seedRow(flag: Flag, now: Date): Record<string, unknown> {
  return {
    id: flag.id,
    chain_origin_id: flag.chain_origin_id,
    session_id: null,
    flag_type: flag.flag_type,
    source_agent: flag.source_agent,
    target_agent: flag.target_agent,
    change_description: flag.change_description,
    action_required: flag.action_required,
    impact_level: flag.impact_level,
    status: flag.status,
    locked: lockState(flag, now) === 'held',
    locked_by: flag.locked_by,
    lock_expires_at: flag.lock_expires_at,
    related_files: flag.related_files.length > 0 ? flag.related_files.join(',') : null,
    code_location: flag.code_location,
    example_usage: flag.example_usage,
    context: flag.context === null ? null : JSON.stringify(flag.context),
    created_at: flag.created_at,
    acknowledged_at: null,
    completed_at: flag.completed_at,
    completed_by: flag.completed_by,
    notes: flag.notes,
  };
}

/** The state column: pending, completed, locked by whom, or an expired lock. */
export function stateText(flag: Flag, now: Date): string {
  return stateWords({ status: flag.status, lock: lockState(flag, now), lockedBy: flag.locked_by });
}

/** The state as a table cell: {@link stateText}, a held lock as `locked @holder`. */
function stateCell(flag: Flag, now: Date): string {
  const held = lockState(flag, now) === 'held' && flag.locked_by !== null;
  return held ? `locked ${flag.locked_by}` : stateText(flag, now);
}

const IMPACT_COLUMN = 1;

/**
 * How the flag table gives way on a narrow terminal: handles shorten first; then TYPE, STATE,
 * AGE and FROM are dropped in that order, so that at 80 columns the change text keeps room.
 * Unless every row is plainly pending (what a list shows by default), STATE says what the row
 * is (a lock or a completion is never implied by the listing, even when every row shares it):
 * it is shortened with the handles (to 14, `locked @front…`) and goes after FROM instead
 * ({@link STATE_NOT_PENDING}), so at 80 columns ID, IMPACT, TO, STATE and CHANGE stay.
 */
const FLAG_COLUMNS: ColumnSpec[] = [
  { priority: Infinity },
  { priority: 9 },
  { priority: 1 },
  { priority: 4, min: 14 },
  { priority: 8, min: 14 },
  { priority: 2, min: 10 },
  { priority: 3 },
];
const STATE_COLUMN = 5;
const STATE_NOT_PENDING: ColumnSpec = { priority: 6, min: 14 };
const CHANGE_COLUMN: ColumnSpec = { priority: Infinity, flex: true, min: 28, comfort: 48 };
/** `list --all-branches`'s BRANCHES: shortened no further than `(uncommitted)`, 13 columns. */
const EXTRA_COLUMN: ColumnSpec = { priority: 5, min: 13 };

/** An extra table column, shown before the change text. */
export interface ExtraColumn {
  title: string;
  cell: (flag: Flag) => string;
}

/**
 * Table lines for a list of flags, most urgent first as given. The ID column prints short
 * forms unique among `all` (every flag's ID, so each one typed back resolves) and the rows.
 */
export function flagTable(
  flags: Flag[],
  now: Date,
  extra?: ExtraColumn,
  all: readonly string[] = [],
): string[] {
  const c = palette();
  const shown = flags.map((f) => f.id);
  const short = shortIds([...all, ...shown], { shown });
  const more = (flag: Flag | null): string[] =>
    extra === undefined ? [] : [flag === null ? extra.title : extra.cell(flag)];
  const header = ['ID', 'IMPACT', 'TYPE', 'FROM', 'TO', 'STATE', 'AGE', ...more(null), 'CHANGE'];
  const rows = flags.map((f) => [
    short.get(f.id) ?? f.id,
    f.impact_level,
    f.flag_type,
    f.source_agent,
    f.target_agent ?? NO_TARGET,
    stateCell(f, now),
    formatAge(f.created_at, now),
    ...more(f),
    f.change_description.split('\n')[0] ?? '',
  ]);
  const impactColor: Record<string, (s: string) => string> = {
    critical: (s) => c.bold(c.red(s)),
    high: c.yellow,
    medium: c.cyan,
    low: c.dim,
  };
  const columns = FLAG_COLUMNS.slice();
  if (rows.some((row) => row[STATE_COLUMN] !== 'pending'))
    columns[STATE_COLUMN] = STATE_NOT_PENDING;
  const specs = [...columns, ...(extra === undefined ? [] : [EXTRA_COLUMN]), CHANGE_COLUMN];
  const style = (text: string, r: number, col: number): string => {
    if (r === 0) return c.bold(text);
    if (col === IMPACT_COLUMN) return (impactColor[text.trim()] ?? ((s: string) => s))(text);
    return col === 0 ? c.dim(text) : text;
  };
  return table([header, ...rows], style, specs);
}

/**
 * Detail lines for one flag, every untrusted text sanitised; its heading lines and prose
 * sections wrapped to the terminal (see wrap.ts), its example usage (code) as written.
 */
export function flagDetail(flag: Flag, now: Date): string[] {
  const c = palette();
  // Heading fields are one line each: a line break in a path or a context cannot start a line.
  const s = oneLine;
  const heading = [
    `${c.bold(flag.id)}  ${s(flag.flag_type)}  ${c.bold(flag.impact_level)}  ${s(stateText(flag, now))}`,
    `from ${s(flag.source_agent)} to ${s(flag.target_agent ?? NO_TARGET)}, created ${flag.created_at} (${formatAge(flag.created_at, now)} ago)`,
  ];
  if (flag.locked)
    heading.push(
      `lock: ${s(flag.locked_by ?? 'unnamed')} since ${flag.locked_at ?? '?'}, expires ${flag.lock_expires_at ?? 'never'}`,
    );
  if (flag.completed_at)
    heading.push(`completed by ${s(flag.completed_by ?? '?')} at ${flag.completed_at}`);
  if (flag.related_files.length > 0) heading.push(`files: ${s(flag.related_files.join(', '))}`);
  if (flag.code_location) heading.push(`location: ${s(flag.code_location)}`);
  if (flag.chain_origin_id) heading.push(`chain origin: ${flag.chain_origin_id}`);
  if (flag.context !== null) heading.push(`context: ${s(JSON.stringify(flag.context))}`);
  // The heading lines name agents, states and files, whose length nothing bounds: wrapped, their
  // continuation lines hang two columns in, so each heading's first word stands out.
  const lines = wrapProse(heading, 2);
  const section = (title: string, text: string | null, prose = true): void => {
    if (text === null) return;
    const indented = sanitize(text)
      .split('\n')
      .map((l) => `  ${l}`);
    lines.push('', c.bold(title), ...(prose ? wrapProse(indented) : indented));
  };
  section('Change description', flag.change_description);
  section('Action required', flag.action_required);
  section('Example usage', flag.example_usage, false);
  section('Notes', flag.notes);
  return lines;
}

/**
 * The line after a list: how many flags, by impact, and how to see the rest when the list was
 * cut, e.g. `50 of 1,204 pending flags shown (3 critical, 40 high); all of them: flagstore list --all`.
 */
export function countLine(flags: Flag[], shown: number, what: string): string {
  const byImpact = IMPACT_LEVELS.map(
    (level) => [level, flags.filter((f) => f.impact_level === level).length] as const,
  )
    .filter(([, n]) => n > 0)
    .map(([level, n]) => `${n.toLocaleString('en')} ${level}`);
  const detail = byImpact.length > 0 ? ` (${byImpact.join(', ')})` : '';
  const total = flags.length.toLocaleString('en');
  const noun = [what, flags.length === 1 ? 'flag' : 'flags'].filter(Boolean).join(' ');
  if (shown >= flags.length) return `${total} ${noun}${detail}`;
  return cutNotice({ shown, total: flags.length, noun, detail });
}

/** What a cut listing shows and the rest, e.g. `50 of 3,000 agents shown (…)`. */
export interface Cut {
  shown: number;
  total: number;
  /** The plural noun: `pending flags`, `agents`. */
  noun: string;
  /** Counts in parentheses after the noun, with their leading space, or ''. */
  detail: string;
}

/**
 * The line after a cut listing, with the command that shows the rest (the one the user ran,
 * plus `--all`); on two lines when one would not fit the output's width.
 */
export function cutNotice(cut: Cut): string {
  const head = `${cut.shown.toLocaleString('en')} of ${cut.total.toLocaleString('en')} ${cut.noun} shown${cut.detail}`;
  const rest = `all of them: ${allCommand() ?? 'add --all'}`;
  const one = `${head}; ${rest}`;
  return one.length <= outputWidth() ? one : `${head}\n${rest}`;
}
