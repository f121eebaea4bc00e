/**
 * What a change may not do to a flag file that exists, the one rule set `check` (a range, in CI)
 * and the commit gate (HEAD against the index) both apply, in the same sentences and fixes: a
 * completed flag stays completed, a flag's identity fields never change, and a flag file is
 * never deleted (see {@link deletedFlagRule}). Pure: the callers read the two copies.
 */
import type { Flag } from './types.js';

/** Fields no transition may rewrite once a flag exists. */
const IDENTITY_FIELDS = ['id', 'flag_type', 'source_agent', 'created_at'] as const;

const FIXED = `${IDENTITY_FIELDS.slice(0, -1).join(', ')} and ${IDENTITY_FIELDS.at(-1) ?? ''}`;

/** One of {@link IDENTITY_FIELDS}. */
export type IdentityField = (typeof IDENTITY_FIELDS)[number];

/** What the rules read of each copy of a flag. */
export type RuledFlag = Pick<Flag, 'status' | IdentityField>;

/** One rule a change breaks: which, the field it is about, and its short message (a review's). */
export interface Breach {
  rule: 'deleted' | 'reopened' | 'rewritten';
  field: 'file' | 'status' | IdentityField;
  message: string;
  /** The field's value before the change (rewritten only). */
  was?: string;
}

/** Where the breach is: the flag, its file, and the commit that holds its earlier copy. */
export interface BreachSite {
  id: string;
  path: string;
  from: string;
  /** The earlier copy's state and target, when it could be read (a deleted flag's fix uses them). */
  earlier?: Pick<Flag, 'status' | 'target_agent'> | null;
}

/** The rule a deletion of a flag file breaks. */
export const DELETED: Breach = {
  rule: 'deleted',
  field: 'file',
  message: 'a flag file was deleted',
};

/** The rules a change from `before` to `after` (both valid copies of one flag) breaks. */
export function transitionBreaches(before: RuledFlag, after: RuledFlag): Breach[] {
  const rewritten = IDENTITY_FIELDS.filter(
    (f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]),
  ).map((field): Breach => {
    const was = String(before[field]);
    const message = `${field} rewritten (${was} -> ${String(after[field])})`;
    return { rule: 'rewritten', field, message, was };
  });
  if (before.status !== 'completed' || after.status !== 'pending') return rewritten;
  return [
    { rule: 'reopened', field: 'status', message: 'a completed flag was reopened' },
    ...rewritten,
  ];
}

/** The sentence `check` and the commit gate both say of a breach, with its fix. */
export function breachText(breach: Breach, site: BreachSite): string {
  if (breach.rule === 'deleted') return deletedFlagRule(site);
  const head = `flag ${site.id}: ${breach.message}`;
  if (breach.rule === 'reopened') {
    return `${head}, and a completed flag stays completed; fix: git checkout ${site.from} -- ${site.path}, and raise what is left as a new flag (flagstore create)`;
  }
  return `${head}, and ${FIXED} never change once a flag exists; fix: set ${breach.field} back to ${breach.was ?? ''} in ${site.path}`;
}

/**
 * What `check` and the commit gate say of a flag file a change deletes, with a fix runnable as
 * printed: flags are completed, never deleted (the seed's protocol). A pending flag is restored,
 * then completed ({@link completeWords}, for its target); a completed one needs only restoring.
 */
function deletedFlagRule(site: BreachSite): string {
  const restore = `git checkout ${site.from} -- ${site.path}`;
  const target = site.earlier?.target_agent ?? null;
  const then =
    site.earlier?.status === 'completed'
      ? ''
      : `, then ${completeWords(site.id, target).join(' ')}`;
  return `flag ${site.id}: a flag file was deleted, and flags are completed, not deleted; fix: ${restore}${then}`;
}

/** Who a completion command names when a flag is for anyone: the agent must put its own handle. */
export const ANY_COMPLETER = '@your.agent';

/**
 * The words of the command that completes a flag, runnable as printed (`complete` refuses
 * without `--by` when no identity is set): the commit gate's critical block, `check` and the
 * deleted-flag rule print it.
 */
export function completeWords(id: string, target: string | null): string[] {
  return [`flagstore complete ${id}`, `--by ${target ?? ANY_COMPLETER}`, '--notes "what was done"'];
}
