/** What happened to each flag between two snapshots: pure comparison, no I/O. */
import { DELETED, transitionBreaches, type Breach } from '../core/transition-rules.js';
import { IMPACT_LEVELS, type Flag, type ImpactLevel } from '../core/types.js';
import type { LocatedProblem } from '../store/flag-file.js';
import { sameVersion, type FlagVersion, type Snapshot } from './snapshot.js';

/** The categories a flag change falls in, in the order a review shows them. */
export const CHANGE_KINDS = [
  'invalid',
  'reopened',
  'deleted',
  'created',
  'locked',
  'unlocked',
  'completed',
  'edited',
] as const;

/** One of {@link CHANGE_KINDS}. */
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** The change of one flag between base and head. */
export interface FlagChange {
  id: string;
  kind: ChangeKind;
  /** Path of the file (head's, or base's when deleted), relative to the repository root. */
  path: string;
  before: Flag | null;
  after: Flag | null;
  /** Fields changed beyond what the transition itself writes. */
  fields: string[];
  /** Why this change breaks the lifecycle; empty when it is legal (the breaches' messages). */
  illegal: string[];
  /** The rules this change breaks (core/transition-rules.ts, shared with the commit gate). */
  breaches: Breach[];
  problems: LocatedProblem[];
}

const LOCK_FIELDS = ['locked', 'locked_by', 'locked_at', 'lock_expires_at', 'unlocked_at'];
const EXPLAINED: Partial<Record<ChangeKind, string[]>> = {
  locked: LOCK_FIELDS,
  unlocked: LOCK_FIELDS,
  completed: [...LOCK_FIELDS, 'status', 'completed_at', 'completed_by', 'notes'],
  reopened: [...LOCK_FIELDS, 'status', 'completed_at', 'completed_by'],
};

/** Names of the fields whose values differ between two flags. */
export function changedFields(before: Flag, after: Flag): string[] {
  return (Object.keys(after) as (keyof Flag)[]).filter(
    (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
  );
}

function transitionKind(before: Flag, after: Flag): ChangeKind {
  if (before.status === 'pending' && after.status === 'completed') return 'completed';
  if (before.status === 'completed' && after.status === 'pending') return 'reopened';
  const newLock = after.locked && (!before.locked || before.locked_at !== after.locked_at);
  if (newLock) return 'locked';
  if (before.locked && !after.locked) return 'unlocked';
  return 'edited';
}

function compareValid(id: string, base: FlagVersion, head: FlagVersion): FlagChange {
  const before = base.flag as Flag;
  const after = head.flag as Flag;
  const kind = transitionKind(before, after);
  const explained = EXPLAINED[kind] ?? [];
  const changed = changedFields(before, after);
  const breaches = transitionBreaches(before, after);
  const illegal = breaches.map((b) => b.message);
  const fields = changed.filter((f) => !explained.includes(f));
  return { id, kind, path: head.path, before, after, fields, illegal, breaches, problems: [] };
}

function deleted(id: string, base: FlagVersion): FlagChange {
  return {
    id,
    kind: 'deleted',
    path: base.path,
    before: base.flag,
    after: null,
    fields: [],
    illegal: [DELETED.message],
    breaches: [DELETED],
    problems: [],
  };
}

function compareOne(id: string, base?: FlagVersion, head?: FlagVersion): FlagChange | null {
  if (head === undefined) return base === undefined ? null : deleted(id, base);
  if (base !== undefined && sameVersion(base, head)) return null;
  const legal = { illegal: [] as string[], breaches: [] as Breach[] };
  const common = { id, path: head.path, before: base?.flag ?? null, after: head.flag, ...legal };
  if (head.flag === null)
    return { ...common, kind: 'invalid', fields: [], problems: head.problems };
  if (base === undefined) return { ...common, kind: 'created', fields: [], problems: [] };
  if (base.flag === null) {
    return { ...common, kind: 'edited', fields: ['(repaired file)'], problems: [] };
  }
  const change = compareValid(id, base, head);
  return change.kind === 'edited' && change.fields.length === 0 ? null : change;
}

/** The impact of a change's flag (head's, else base's), for ordering. */
export function impactOf(change: FlagChange): ImpactLevel | null {
  return (change.after ?? change.before)?.impact_level ?? null;
}

/**
 * The impact a review shows: `invalid` for a file that no longer parses, whose last valid
 * copy's impact may not be what it says now; else the flag's, or `?`.
 */
export function shownImpact(change: FlagChange): string {
  return change.kind === 'invalid' ? 'invalid' : (impactOf(change) ?? '?');
}

function rank(change: FlagChange): number {
  const impact = impactOf(change);
  return impact === null ? -1 : IMPACT_LEVELS.indexOf(impact);
}

/** Every flag that differs between base and head, critical first, then by id. */
export function diffSnapshots(base: Snapshot, head: Snapshot): FlagChange[] {
  const ids = [...new Set([...base.keys(), ...head.keys()])];
  return ids
    .flatMap((id) => compareOne(id, base.get(id), head.get(id)) ?? [])
    .sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id));
}
