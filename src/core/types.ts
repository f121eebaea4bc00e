/** Domain types of a flag, named after the seed's columns so its users recognise them. */

/** The nine flag types of the seed protocol. */
export const FLAG_TYPES = [
  'breaking_change',
  'new_feature',
  'refactor',
  'deprecation',
  'enhancement',
  'change',
  'information_request',
  'security',
  'data_loss',
] as const;

/** Impact levels, most urgent first: this order is the processing priority. */
export const IMPACT_LEVELS = ['critical', 'high', 'medium', 'low'] as const;

/** The two states of the seed: a flag is pending until it is completed. */
export const STATUSES = ['pending', 'completed'] as const;

/** One of {@link FLAG_TYPES}. */
export type FlagType = (typeof FLAG_TYPES)[number];
/** One of {@link IMPACT_LEVELS}. */
export type ImpactLevel = (typeof IMPACT_LEVELS)[number];
/** One of {@link STATUSES}. */
export type Status = (typeof STATUSES)[number];

/** A JSON value, as accepted in a flag's `context`. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A coordination flag: structured fields live in front matter, long texts in the body. */
export interface Flag {
  id: string;
  flag_type: FlagType;
  source_agent: string;
  target_agent: string | null;
  impact_level: ImpactLevel;
  status: Status;
  locked: boolean;
  locked_by: string | null;
  locked_at: string | null;
  lock_expires_at: string | null;
  related_files: string[];
  code_location: string | null;
  chain_origin_id: string | null;
  context: JsonValue | null;
  created_at: string;
  completed_at: string | null;
  completed_by: string | null;
  /** The integer id the flag had in the original SQLite store, kept by `import-sqlite`. */
  legacy_id: number | null;
  /**
   * When a lock on the flag was last released by `unlock` (null: never). It gives a release a
   * time of its own, so of two copies of a flag the newer lock state wins (services/branches.ts).
   */
  unlocked_at: string | null;
  change_description: string;
  action_required: string;
  example_usage: string | null;
  notes: string | null;
}

/** Front-matter keys in the order a new flag file writes them. */
export const FRONT_MATTER_KEYS = [
  'id',
  'flag_type',
  'source_agent',
  'target_agent',
  'impact_level',
  'status',
  'locked',
  'locked_by',
  'locked_at',
  'lock_expires_at',
  'related_files',
  'code_location',
  'chain_origin_id',
  'context',
  'created_at',
  'completed_at',
  'completed_by',
  'legacy_id',
  'unlocked_at',
] as const;

/** Front-matter keys written only when they have a value. */
export const OPTIONAL_KEYS: readonly FrontMatterKey[] = ['legacy_id', 'unlocked_at'];

/** Long texts kept in the markdown body, each under its own heading. */
export const BODY_SECTIONS = {
  change_description: 'Change description',
  action_required: 'Action required',
  example_usage: 'Example usage',
  notes: 'Notes',
} as const;

/** A body field name. */
export type BodyField = keyof typeof BODY_SECTIONS;

/** A front-matter field name. */
export type FrontMatterKey = (typeof FRONT_MATTER_KEYS)[number];

/** Scalar front-matter values a lifecycle transition may write. */
export type FieldChanges = Partial<Record<FrontMatterKey, string | boolean | null>>;

/** What a transition does to a flag file: front-matter fields, and notes to append. */
export interface FlagEdit {
  fields: FieldChanges;
  appendNotes?: string;
}
