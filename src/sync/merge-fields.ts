/** Field-by-field merge of a flag's front matter: pure decisions, no I/O. */
import { isEarlier } from '../core/instant.js';
import { completionThatStands } from '../core/marks.js';
import { BODY_SECTIONS, type Flag } from '../core/types.js';

/** Three parsed versions of one flag. */
export interface ThreeFlags {
  base: Flag;
  ours: Flag;
  theirs: Flag;
}

/** How a merge weighs the sides' locks. */
export interface MergeRule {
  /**
   * The side whose new lock is already published (the remote's ledger, in `sync`): it wins over
   * a new lock on the other side, whatever their times. Unset: the earlier lock wins (branches).
   */
  published?: 'theirs';
}

/** The lock's fields, with the time of its last release: they move together. */
const LOCK = ['locked', 'locked_by', 'locked_at', 'lock_expires_at', 'unlocked_at'] as const;
const COMPLETION = ['status', 'completed_at', 'completed_by'] as const;
/** Fields merged as groups, or elsewhere (body texts merge with git merge-file). */
const GROUPED: readonly string[] = [...LOCK, ...COMPLETION, ...Object.keys(BODY_SECTIONS)];

type Part = Partial<Flag>;

function pick(flag: Flag, keys: readonly (keyof Flag)[]): Part {
  return Object.fromEntries(keys.map((k) => [k, flag[k]])) as Part;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Completed wins over pending; of two completions, the earlier one stands. */
function completion(f: ThreeFlags): Flag {
  return completionThatStands(f.ours, f.theirs) ?? f.ours;
}

/**
 * Of two new locks a named one beats a holderless one (which blocks no one, so a named lock may
 * take it: core/lifecycle.ts), else the published one stands, else the earlier; a lock taken
 * beats a release on the other side.
 */
function lock(f: ThreeFlags, rule: MergeRule): Flag {
  const { base, ours, theirs } = f;
  if (same(pick(ours, LOCK), pick(base, LOCK))) return theirs;
  if (same(pick(theirs, LOCK), pick(base, LOCK))) return ours;
  if (ours.locked && theirs.locked) {
    if ((ours.locked_by === null) !== (theirs.locked_by === null)) {
      return ours.locked_by === null ? theirs : ours;
    }
    if (rule.published === 'theirs') return theirs;
    return isEarlier(theirs.locked_at, ours.locked_at) ? theirs : ours;
  }
  return theirs.locked ? theirs : ours;
}

/** The merged front-matter fields of a flag (body texts are merged elsewhere). */
export function mergeFrontMatter(f: ThreeFlags, rule: MergeRule = {}): Part {
  const merged: Part = {};
  for (const key of Object.keys(f.ours) as (keyof Flag)[]) {
    if (GROUPED.includes(key)) continue;
    const oursChanged = !same(f.ours[key], f.base[key]);
    Object.assign(merged, { [key]: oursChanged ? f.ours[key] : f.theirs[key] });
  }
  const done = completion(f);
  Object.assign(merged, pick(done, COMPLETION));
  Object.assign(merged, pick(done.status === 'completed' ? done : lock(f, rule), LOCK));
  return merged;
}

/**
 * What a side added after the base notes when it only appended whole lines to them; undefined
 * when it edited them (a prefix that ends inside a line is an edit of that line, not an append).
 */
function appended(base: string | null, side: string | null): string | undefined {
  const common = base ?? '';
  const text = side ?? '';
  if (common === '' || text === common) return text.slice(common.length).trim();
  return text.startsWith(`${common}\n`) ? text.slice(common.length).trim() : undefined;
}

function joined(...parts: (string | null)[]): string | null {
  const kept = parts.map((p) => (p ?? '').trim()).filter((p) => p !== '');
  return kept.length === 0 ? null : kept.join('\n\n');
}

/**
 * Notes from both sides: each side's additions after the common notes, neither lost. When one
 * side edited the notes and the other appended, the edit stands with the addition after it.
 * When both edited them, the result is undefined: a line-wise text merge must decide.
 */
export function mergeNotes(
  base: string | null,
  ours: string | null,
  theirs: string | null,
): string | null | undefined {
  if (same(ours, base) || same(ours, theirs)) return theirs;
  if (same(theirs, base)) return ours;
  const oursAdded = appended(base, ours);
  const theirsAdded = appended(base, theirs);
  if (oursAdded !== undefined && theirsAdded !== undefined) {
    return joined(base, oursAdded, theirsAdded);
  }
  if (theirsAdded !== undefined) return joined(ours, theirsAdded);
  if (oursAdded !== undefined) return joined(theirs, oursAdded);
  return undefined;
}
