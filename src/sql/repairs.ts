/**
 * Repairs for values the original store accepted and flagstore's rules refuse. Each repair
 * keeps the row, says what it changed and why (recorded in the flag's notes), and has a kind
 * for the import's summary. Pure: no I/O.
 */
import { agentHandle } from '../catalog/agent.js';
import { normaliseLineEnds } from '../core/line-ends.js';
import { sanitize, unsafeCharacters } from '../core/sanitize.js';
import { characterName } from '../core/text-rules.js';
import { MIN_ACTION_REQUIRED, MIN_CHANGE_DESCRIPTION } from '../core/rules.js';
import { FLAG_TYPES, IMPACT_LEVELS, type FlagType, type ImpactLevel } from '../core/types.js';

/** One change made to an imported value. */
export interface Repair {
  kind: string;
  message: string;
}

/** Collects repairs for one row. */
export type Repairs = Repair[];

/** Placeholder handle for an agent the original store did not name (or named unusably). */
export const UNKNOWN_AGENT = '@import.unknown';

const IMPACT_WORDS: Record<string, ImpactLevel> = {
  urgent: 'high',
  blocker: 'high',
  highest: 'high',
  major: 'high',
  normal: 'medium',
  moderate: 'medium',
  minor: 'low',
  trivial: 'low',
  info: 'low',
};

/** Text of a column with CR LF line ends normalised, or null when empty. */
export function text(value: unknown, field: string, repairs: Repairs): string | null {
  if (value === undefined || value === null) return null;
  const raw = String(value);
  const clean = withoutControls(normaliseLineEnds(raw).trim(), field, repairs);
  if (normaliseLineEnds(raw).trim() !== raw.trim())
    repairs.push({ kind: 'line ends', message: `${field}: CR LF line ends normalised to LF` });
  return clean === '' ? null : clean;
}

/**
 * The text without the control and bidi characters flagstore refuses (see core/text-rules.ts):
 * the row is kept, and the repair says how many were removed and which.
 */
export function withoutControls(value: string, field: string, repairs: Repairs): string {
  const removed = unsafeCharacters(value).map(characterName).join(', ');
  if (removed === '') return value;
  const clean = sanitize(value);
  repairs.push({
    kind: 'control characters',
    message: `${field}: ${value.length - clean.length} control or bidi character(s) removed (${removed})`,
  });
  return clean;
}

/** The related files of a row: a line break separates paths as a comma does (a path is one line). */
export function fileList(value: string | null, repairs: Repairs): string | null {
  if (value === null || !/[\n\t]/.test(value)) return value;
  repairs.push({
    kind: 'line break in related_files',
    message: 'related_files: line breaks and tabs read as commas between paths',
  });
  return value.replace(/[\n\t]+/g, ',');
}

/** A handle from the original's free text: normalised when possible, else a placeholder. */
export function handle(value: unknown, field: string, repairs: Repairs): string | null {
  const raw = value === undefined || value === null ? '' : String(value).trim();
  if (raw === '') return null;
  const direct = agentHandle(raw);
  if (direct !== null) return direct;
  const cleaned = agentHandle(
    raw
      .toLowerCase()
      .replace(/[^a-z0-9._@-]+/g, '-')
      .replace(/^[-@]+|-+$/g, ''),
  );
  const chosen = cleaned ?? (field === 'target_agent' ? null : UNKNOWN_AGENT);
  repairs.push({
    kind: 'agent name',
    message: `${field} "${raw}" is not a handle; imported as ${chosen ?? 'no target (for every agent)'}`,
  });
  return chosen;
}

/** The flag type, or `change` (the seed's "general modification") for an unknown one. */
export function flagType(value: string | null, repairs: Repairs): FlagType {
  if (value !== null && (FLAG_TYPES as readonly string[]).includes(value)) return value as FlagType;
  repairs.push({
    kind: 'unknown flag_type',
    message: `flag_type "${value ?? ''}" is not one of flagstore's types; imported as change`,
  });
  return 'change';
}

/** The impact level; unknown words map to the nearest level (urgent -> high), else medium. */
export function impactLevel(value: string | null, repairs: Repairs): ImpactLevel {
  if (value === null) return 'medium';
  const lower = value.toLowerCase();
  if ((IMPACT_LEVELS as readonly string[]).includes(lower)) {
    if (lower !== value)
      repairs.push({ kind: 'impact_level', message: `impact_level "${value}" lowercased` });
    return lower as ImpactLevel;
  }
  const level = IMPACT_WORDS[lower] ?? 'medium';
  repairs.push({
    kind: 'unknown impact_level',
    message: `impact_level "${value}" is not a level; imported as ${level}`,
  });
  return level;
}

/** The flag's fields the seed's cross-field rules tie together. */
export interface RuleFields {
  flag_type: FlagType;
  impact_level: ImpactLevel;
  target_agent: string | null;
}

const MUST_BE_CRITICAL: readonly FlagType[] = ['security', 'data_loss'];
const MAY_BE_CRITICAL: readonly FlagType[] = ['breaking_change', 'security', 'data_loss'];

/**
 * Brings type, impact and target within flagstore's rules, changing as little as it can:
 * security and data_loss rise to critical (the original allowed them lower); with no target
 * (a critical flag needs one) they become `change`, keeping their impact.
 */
export function fitRules(f: RuleFields, repairs: Repairs): RuleFields {
  const out = { ...f };
  const was = `${f.flag_type} at ${f.impact_level}`;
  if (MUST_BE_CRITICAL.includes(out.flag_type) && out.impact_level !== 'critical') {
    if (out.target_agent !== null) {
      out.impact_level = 'critical';
      repairs.push({
        kind: `${f.flag_type} raised to critical`,
        message: `${was}: flagstore requires ${f.flag_type} flags to be critical; impact_level raised to critical`,
      });
    } else {
      out.flag_type = 'change';
      repairs.push({
        kind: `untargeted ${f.flag_type} imported as change`,
        message: `${was} with no target: flagstore's ${f.flag_type} must be critical and critical needs a target; imported as change`,
      });
    }
  }
  if (out.impact_level === 'critical' && !MAY_BE_CRITICAL.includes(out.flag_type)) {
    out.impact_level = 'high';
    repairs.push({
      kind: 'critical lowered to high',
      message: `${was}: critical is only for breaking_change, security and data_loss; imported as high`,
    });
  }
  if (out.impact_level === 'low' && ['breaking_change', 'security'].includes(out.flag_type)) {
    out.impact_level = 'medium';
    repairs.push({
      kind: 'low raised to medium',
      message: `${was}: breaking_change and security cannot be low; imported as medium`,
    });
  }
  if (out.target_agent === null && ['high', 'critical'].includes(out.impact_level)) {
    repairs.push({
      kind: 'untargeted high lowered to medium',
      message: `${out.flag_type} at ${out.impact_level} with no target: high and critical flags need a target; imported as medium`,
    });
    out.impact_level = 'medium';
  }
  return out;
}

/** A text padded to flagstore's minimum length, saying so in the text itself. */
export function longEnough(
  value: string | null,
  field: 'change_description' | 'action_required',
  repairs: Repairs,
): string {
  const min = field === 'change_description' ? MIN_CHANGE_DESCRIPTION : MIN_ACTION_REQUIRED;
  const current = value ?? '';
  if (current.length >= min) return current;
  repairs.push({
    kind: `short ${field}`,
    message: `${field} had ${current.length} characters (flagstore needs ${min}); a note was appended`,
  });
  const note = `[imported: the original ${field} had only ${current.length} characters; ask the source agent for the details flagstore's ${min}-character minimum asks for]`;
  return current === '' ? note : `${current}\n\n${note}`;
}

/** The status; `done`, `resolved` and `closed` read as completed, anything else as pending. */
export function status(value: string | null, repairs: Repairs): 'pending' | 'completed' {
  if (value === null || value === 'pending') return 'pending';
  if (value === 'completed') return 'completed';
  const done = /^(done|resolved|closed|complete|completed|finished)$/i.test(value);
  const chosen = done ? 'completed' : 'pending';
  repairs.push({ kind: 'unknown status', message: `status "${value}" imported as ${chosen}` });
  return chosen;
}

const LOCKED_WORDS = /^(1|true|t|yes|y|on|locked)$/;
const UNLOCKED_WORDS = /^(0|false|f|no|n|off|unlocked|)$/;

/**
 * The lock of a row. The seed's `locked` is `BOOLEAN DEFAULT FALSE` ("TRUE if waiting for
 * response") and no trigger checks it, so rows hold text too: a yes/no word (`'yes'`, `'off'`)
 * is read as it says, any other number as SQLite reads it (non-zero is true), and other text
 * (its meaning unclear) as unlocked, so the flag stays on its target's list. Each value read
 * this way, not a plain 0, 1 or null, is a repair naming it.
 */
export function locked(value: unknown, repairs: Repairs): boolean {
  if (value === undefined || value === null || value === 0 || value === false) return false;
  if (value === 1 || value === true) return true;
  const word = String(value).trim().toLowerCase();
  const chosen = typeof value === 'number' ? value !== 0 : LOCKED_WORDS.test(word);
  const clear = typeof value === 'number' || chosen || UNLOCKED_WORDS.test(word);
  const as = chosen ? 'locked' : 'unlocked';
  repairs.push(
    clear
      ? {
          kind: 'locked read as a yes/no',
          message: `locked "${String(value)}" (not 0 or 1) read as ${as}`,
        }
      : {
          kind: 'unclear locked',
          message: `locked "${String(value)}" is neither yes nor no; imported as unlocked, so the flag stays on its target's list`,
        },
  );
  return chosen;
}
