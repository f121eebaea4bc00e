/**
 * The board's view model: compact flag rows, the agent graph, and the filters the page applies.
 * Pure (no I/O, no Node APIs): the server builds it and the browser page filters it, so the
 * live board and the static report share one definition.
 */
import type { FlagType, ImpactLevel, Status } from './types.js';

/** The board's JSON schema version: the page refuses data of another version. */
export const BOARD_SCHEMA = 1;

/** One flag as the board's lists show it. */
export interface BoardRow {
  id: string;
  /** The short form `list` prints: a suffix no other flag's ID starts or ends with. */
  short: string;
  type: FlagType;
  impact: ImpactLevel;
  status: Status;
  lock: 'none' | 'held' | 'expired';
  lockedBy: string | null;
  source: string;
  target: string | null;
  created: string;
  completed: string | null;
  chain: string | null;
  /** The first line of the change description, cut to {@link TITLE_MAX} characters. */
  title: string;
  /** Pending past its impact's deadline ({@link OVERDUE_DAYS}), or holding an expired lock. */
  overdue: boolean;
}

/** A file in the flags folder that failed validation. */
export interface InvalidFile {
  path: string;
  problems: { field: string; line: number; severity: string; message: string }[];
}

/** An edge of the agent graph: the pending flags from one agent to another. */
export interface GraphEdge {
  source: string;
  target: string;
  count: number;
  /** Sum of {@link IMPACT_WEIGHT} over the edge's flags. */
  weight: number;
  critical: number;
}

/** A node of the agent graph, with the weight of pending flags waiting on it. */
export interface GraphNode {
  handle: string;
  /** True when the handle has a file in the agent catalog. */
  known: boolean;
  waiting: number;
  waitingWeight: number;
}

/** Everything the board's lists, graph and problem views need. */
export interface BoardData {
  schema: number;
  generatedAt: string;
  /** Repository folder name, for the title. */
  repo: string;
  /** Changes whenever a flag changes in the work tree or the ledger. */
  token: string;
  /** All flags, most urgent first. */
  rows: BoardRow[];
  invalid: InvalidFile[];
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** A step of a flag's history, flattened for the page. */
export interface HistoryStep {
  commit: string | null;
  date: string | null;
  kind: string;
  by: string | null;
  detail: string;
}

/** One flag in full, with its chain of questions and answers and its history. */
export interface FlagView {
  flag: Record<string, unknown>;
  /** Every flag of its chain (the origin and the flags that follow from it), oldest first. */
  chain: BoardRow[];
  history: HistoryStep[] | null;
  /** Why the history is absent (not committed yet, or not included in a report). */
  historyNote: string | null;
}

/** Longest title kept in a row. */
export const TITLE_MAX = 160;

/** How much each impact weighs in the agent graph. */
export const IMPACT_WEIGHT: Record<ImpactLevel, number> = {
  critical: 8,
  high: 4,
  medium: 2,
  low: 1,
};

/** Days a pending flag may wait before the board calls it overdue, by impact. */
export const OVERDUE_DAYS: Record<ImpactLevel, number> = {
  critical: 1,
  high: 3,
  medium: 7,
  low: 14,
};

const DAY_MS = 86_400_000;

/** True when a pending flag has waited longer than its impact allows, or its lock expired. */
export function isOverdue(row: Omit<BoardRow, 'overdue'>, now: Date): boolean {
  if (row.status !== 'pending') return false;
  if (row.lock === 'expired') return true;
  return now.getTime() - Date.parse(row.created) > OVERDUE_DAYS[row.impact] * DAY_MS;
}

const IMPACT_RANK: Record<ImpactLevel, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** Board order: pending first, then critical, then overdue, then impact, then oldest. */
export function urgentFirst(a: BoardRow, b: BoardRow): number {
  const pending = (r: BoardRow): number => (r.status === 'pending' ? 0 : 1);
  const critical = (r: BoardRow): number => (r.impact === 'critical' ? 0 : 1);
  return (
    pending(a) - pending(b) ||
    critical(a) - critical(b) ||
    Number(b.overdue) - Number(a.overdue) ||
    IMPACT_RANK[a.impact] - IMPACT_RANK[b.impact] ||
    (a.created < b.created ? -1 : a.created > b.created ? 1 : 0)
  );
}

/** The agent graph of pending flags: one edge per (source, target), weighted by impact. */
export function agentGraph(
  rows: BoardRow[],
  catalog: string[],
): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const edges = new Map<string, GraphEdge>();
  const nodes = new Map<string, GraphNode>();
  const node = (handle: string): GraphNode => {
    const found = nodes.get(handle);
    if (found !== undefined) return found;
    const made = { handle, known: catalog.includes(handle), waiting: 0, waitingWeight: 0 };
    nodes.set(handle, made);
    return made;
  };
  for (const row of rows) {
    if (row.status !== 'pending' || row.target === null) continue;
    node(row.source);
    const to = node(row.target);
    to.waiting += 1;
    to.waitingWeight += IMPACT_WEIGHT[row.impact];
    const key = `${row.source}\u0000${row.target}`;
    const edge = edges.get(key) ?? {
      source: row.source,
      target: row.target,
      count: 0,
      weight: 0,
      critical: 0,
    };
    edge.count += 1;
    edge.weight += IMPACT_WEIGHT[row.impact];
    if (row.impact === 'critical') edge.critical += 1;
    edges.set(key, edge);
  }
  return {
    nodes: [...nodes.values()].sort(
      (a, b) => b.waitingWeight - a.waitingWeight || (a.handle < b.handle ? -1 : 1),
    ),
    edges: [...edges.values()].sort((a, b) => b.weight - a.weight),
  };
}

/** The filters of the flag list; empty strings mean "any". */
export interface RowFilter {
  status: Status | 'all';
  agent: string;
  type: string;
  impact: string;
  /** `new` (under a day), `week` (1 to 7 days), `old` (over 7 days), `month` (over 30 days). */
  age: string;
  /** Case-insensitive text in the id, title or handles. */
  text: string;
}

/** The default filter: pending flags of anyone. */
export const DEFAULT_FILTER: RowFilter = {
  status: 'pending',
  agent: '',
  type: '',
  impact: '',
  age: '',
  text: '',
};

function ageMatches(age: string, created: string, now: Date): boolean {
  if (age === '') return true;
  const days = (now.getTime() - Date.parse(created)) / DAY_MS;
  if (age === 'new') return days < 1;
  if (age === 'week') return days >= 1 && days <= 7;
  if (age === 'old') return days > 7;
  if (age === 'month') return days > 30;
  return true;
}

function textMatches(text: string, row: BoardRow): boolean {
  if (text === '') return true;
  return `${row.id} ${row.title} ${row.source} ${row.target ?? ''}`.toLowerCase().includes(text);
}

/** A predicate for the rows a filter keeps. */
export function rowMatcher(filter: RowFilter, now: Date): (row: BoardRow) => boolean {
  const text = filter.text.trim().toLowerCase();
  return (row) =>
    (filter.status === 'all' || row.status === filter.status) &&
    (filter.agent === '' || row.source === filter.agent || row.target === filter.agent) &&
    (filter.type === '' || row.type === filter.type) &&
    (filter.impact === '' || row.impact === filter.impact) &&
    ageMatches(filter.age, row.created, now) &&
    textMatches(text, row);
}

const byCreated = (a: BoardRow, b: BoardRow): number =>
  a.created < b.created ? -1 : a.created > b.created ? 1 : 0;

/**
 * Every flag's chain by origin id (the origin, when present, and its follow-ups), oldest first:
 * a flag in no chain is a chain of one under its own id, so its row is found here too.
 */
export function chainIndex(rows: BoardRow[]): Map<string, BoardRow[]> {
  const index = new Map<string, BoardRow[]>();
  for (const row of rows) {
    const origin = row.chain ?? row.id;
    const list = index.get(origin);
    if (list === undefined) index.set(origin, [row]);
    else list.push(row);
  }
  for (const list of index.values()) list.sort(byCreated);
  return index;
}

/** The rows of one chain: its origin and every flag whose chain origin it is, oldest first. */
export function chainOf(rows: BoardRow[], id: string): BoardRow[] {
  const self = rows.find((r) => r.id === id);
  const origin = self?.chain ?? id;
  return rows.filter((r) => r.id === origin || r.chain === origin).sort(byCreated);
}

/** Chains with at least one follow-up: origin id and the number of flags in it, newest first. */
export function chains(rows: BoardRow[]): { origin: string; size: number; pending: number }[] {
  const byOrigin = new Map<string, { origin: string; size: number; pending: number }>();
  for (const row of rows) {
    if (row.chain === null) continue;
    const entry = byOrigin.get(row.chain) ?? { origin: row.chain, size: 1, pending: 0 };
    entry.size += 1;
    if (row.status === 'pending') entry.pending += 1;
    byOrigin.set(row.chain, entry);
  }
  const pendingOrigin = new Set(rows.filter((r) => r.status === 'pending').map((r) => r.id));
  return [...byOrigin.values()]
    .map((c) => ({ ...c, pending: c.pending + (pendingOrigin.has(c.origin) ? 1 : 0) }))
    .sort((a, b) => b.pending - a.pending || (a.origin < b.origin ? 1 : -1));
}
