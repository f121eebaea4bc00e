/** The seed's quality rules for flags, enforced on create and on every file read. */
import type { FlagType, ImpactLevel } from './types.js';

/** Minimum length of a change description (the seed's database trigger). */
export const MIN_CHANGE_DESCRIPTION = 50;
/** Minimum length of the required action (the seed's database trigger). */
export const MIN_ACTION_REQUIRED = 100;

/** One problem found in a flag: which field, what is wrong, and how bad. */
export interface Problem {
  field: string;
  message: string;
  severity: 'error' | 'warning';
}

/**
 * A problem as one line names it: its message, after its field unless the message already
 * starts with it (`impact_level must be one of ...`, not `impact_level: impact_level must ...`).
 */
export function problemText(p: Pick<Problem, 'field' | 'message'>): string {
  return p.message.startsWith(`${p.field} `) ? p.message : `${p.field}: ${p.message}`;
}

/** The fields the seed's cross-field rules look at. */
export interface RuleInput {
  flag_type: FlagType;
  impact_level: ImpactLevel;
  target_agent: string | null;
  change_description: string;
  action_required: string;
}

const CRITICAL_TYPES: readonly FlagType[] = ['breaking_change', 'security', 'data_loss'];
const REQUIRES_CRITICAL: readonly FlagType[] = ['security', 'data_loss'];
const NEVER_LOW: readonly FlagType[] = ['breaking_change', 'security'];

/** Checks the seed's rules that tie fields together; returns every violation. */
export function checkSeedRules(input: RuleInput): Problem[] {
  const problems: Problem[] = [];
  const add = (field: string, message: string): void => {
    problems.push({ field, message, severity: 'error' });
  };
  if (input.change_description.length < MIN_CHANGE_DESCRIPTION) {
    add(
      'change_description',
      `change_description must be at least ${MIN_CHANGE_DESCRIPTION} characters (has ${input.change_description.length}): describe what changed and why`,
    );
  }
  if (input.action_required.length < MIN_ACTION_REQUIRED) {
    add(
      'action_required',
      `action_required must be at least ${MIN_ACTION_REQUIRED} characters (has ${input.action_required.length}): include file paths, line numbers, exact changes needed`,
    );
  }
  if (REQUIRES_CRITICAL.includes(input.flag_type) && input.impact_level !== 'critical') {
    add('impact_level', `${input.flag_type} flags require impact_level critical`);
  }
  if (input.impact_level === 'critical' && !CRITICAL_TYPES.includes(input.flag_type)) {
    add('impact_level', 'critical is only for breaking_change, security and data_loss flags');
  }
  if (input.impact_level === 'low' && NEVER_LOW.includes(input.flag_type)) {
    add('impact_level', 'breaking_change and security flags cannot have impact_level low');
  }
  if (input.target_agent === null && ['high', 'critical'].includes(input.impact_level)) {
    add('target_agent', 'high and critical flags must name a target (target_agent)');
  }
  return problems;
}

/**
 * The seed's rules, except those about a flag type or impact level already reported invalid
 * (`earlier`): a placeholder stands in for such a value, and a rule about it ("critical is only
 * for ...") would blame a value the file does not hold.
 */
export function seedRulesOfValidFields(input: RuleInput, earlier: readonly Problem[]): Problem[] {
  const invalid = earlier.some((p) => p.field === 'flag_type' || p.field === 'impact_level');
  const lengths = ['change_description', 'action_required'];
  return checkSeedRules(input).filter((p) => !invalid || lengths.includes(p.field));
}

const IMPACT_RANK: Record<ImpactLevel, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** Orders flags by the seed's priority: critical > high > medium > low, then oldest first. */
export function byPriority(
  a: { impact_level: ImpactLevel; created_at: string; id: string },
  b: { impact_level: ImpactLevel; created_at: string; id: string },
): number {
  return (
    IMPACT_RANK[a.impact_level] - IMPACT_RANK[b.impact_level] ||
    compareText(a.created_at, b.created_at) ||
    compareText(a.id, b.id)
  );
}

/** Code-unit order: ISO timestamps and ids sort correctly, without locale rules (or their cost). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `file:line`, as the seed's code_location. */
export const CODE_LOCATION_PATTERN = /^[^\s:][^:\n]*:\d+$/;
