/**
 * The write commands' own options, listed once: commander registers them from here
 * (src/cli/commands/create.ts, transitions.ts) and the write entry's fast reading takes their
 * names, values, required ones and defaults from here (write-args.ts), so the two never drift.
 * Imports nothing (the fast path loads no commander).
 */

/** The commands the write entry runs. */
export type WriteCommand = 'create' | 'lock' | 'unlock' | 'complete';

/** One option of a write command. */
export interface WriteOption {
  /** commander's spelling: `--change <text>` takes a value, `--force` does not. */
  flags: string;
  description: string;
  required?: boolean;
  /** The value when the option is not given. */
  default?: string;
  /** The flag field the option gives, by its front-matter name (errors say the option: option-terms.ts). */
  field?: string;
  /** For a file form ({@link withFileForms}): the text option whose value it reads from a file. */
  fileOf?: string;
}

/**
 * The text options of `options` named in `names`, each followed by its file form,
 * `--<name>-file <file>` (`-`: standard input), the one definition every write command shares:
 * a text over the system's limit on a command line (128 KiB) cannot be an argument. The text
 * option stays required in effect: one of the two must be given (text-files.ts checks it).
 */
export function withFileForms(options: WriteOption[], names: string[]): WriteOption[] {
  return options.flatMap((o) => {
    const name = optionName(o);
    if (!names.includes(name)) return [o];
    const form = {
      flags: `--${name}-file <file>`,
      description: `read --${name} from a file (- for standard input), for a text too long for the command line`,
      fileOf: name,
    };
    return [o, form];
  });
}

/** `--commit`'s help text (`what` names what the command wrote). */
export function commitHelp(what: string): string {
  return `commit ${what} (only those files; nothing else you staged)`;
}

const SYNC_HELP =
  'decided by the remote ledger: granted only when the push of the ledger branch lands';

/** Each write command's options, in the order its help lists them. */
export const WRITE_OPTIONS: Record<WriteCommand, WriteOption[]> = {
  create: withFileForms(
    [
      {
        flags: '--change <text>',
        field: 'change_description',
        description: 'what changed (at least 50 characters)',
        required: true,
      },
      {
        flags: '--action <text>',
        field: 'action_required',
        description: 'what the target must do (at least 100 characters)',
        required: true,
      },
      {
        flags: '--to <agent>',
        field: 'target_agent',
        description: 'target agent, like @code-reviewer or @domain.module',
      },
      {
        flags: '--from <agent>',
        field: 'source_agent',
        description: 'source agent (default: your identity)',
      },
      {
        flags: '--impact <level>',
        field: 'impact_level',
        description: 'critical, high, medium or low',
        default: 'medium',
      },
      {
        flags: '--files <list>',
        field: 'related_files',
        description:
          'related files, comma-separated, from the repository root (a subfolder resolves its own)',
      },
      {
        flags: '--location <file:line>',
        field: 'code_location',
        description: 'code location, named as --files',
      },
      { flags: '--example <text>', field: 'example_usage', description: 'example usage' },
      { flags: '--context <json>', field: 'context', description: 'structured context as JSON' },
      {
        flags: '--chain <id>',
        field: 'chain_origin_id',
        description: 'id of the flag this one follows from',
      },
      { flags: '--commit', description: commitHelp('the new flag file') },
      {
        flags: '--force',
        description: 'accept a target that looks like a typo of a catalog handle',
      },
      { flags: '--sync', description: 'push the ledger branch with the new flag to the remote' },
    ],
    ['change', 'action', 'example'],
  ),
  lock: [
    { flags: '--commit', description: commitHelp('the changed flag file') },
    {
      flags: '--ttl <duration>',
      description: 'lock expiry, e.g. 30m, 2h (an expired lock blocks nobody)',
    },
    {
      flags: '--force',
      description: 'take over your own lock from another session of your identity',
    },
    { flags: '--sync', description: SYNC_HELP },
  ],
  unlock: [
    { flags: '--commit', description: commitHelp('the changed flag file') },
    { flags: '--force', description: "release someone else's lock" },
    { flags: '--sync', description: SYNC_HELP },
  ],
  complete: withFileForms(
    [
      { flags: '--commit', description: commitHelp('the changed flag file') },
      { flags: '--notes <text>', field: 'notes', description: 'resolution notes' },
      { flags: '--force', description: 'complete even though someone else holds the lock' },
      { flags: '--sync', description: SYNC_HELP },
    ],
    ['notes'],
  ),
};

/**
 * `reply`'s own options (it has no fast path): registered from here, and its errors name them
 * by the field each gives (option-terms.ts).
 */
export const REPLY_OPTIONS: WriteOption[] = withFileForms(
  [
    {
      flags: '--change <text>',
      field: 'change_description',
      description: 'the answer (at least 50 characters)',
      required: true,
    },
    {
      flags: '--action <text>',
      field: 'action_required',
      description: 'what the asker must do (default: read the answer and continue)',
    },
    {
      flags: '--type <type>',
      field: 'flag_type',
      description: 'flag type of the answer',
      default: 'change',
    },
    {
      flags: '--impact <level>',
      field: 'impact_level',
      description: "impact (default: the question's, high at most)",
    },
    { flags: '--keep-open', description: 'leave the question pending' },
    {
      flags: '--commit',
      description: "commit the answer's file and the question's (one commit each)",
    },
    {
      flags: '--sync',
      description: 'decide against the remote ledger and push it (as create and complete)',
    },
  ],
  ['change', 'action'],
);

/** An option's name as commander names it (`--change <text>` -> `change`). */
export function optionName(option: WriteOption): string {
  return (option.flags.split(' ')[0] as string).slice(2);
}

/** The key commander stores an option's value under (`--notes-file` -> `notesFile`). */
export function attributeName(option: WriteOption): string {
  return optionName(option).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** True when the option takes the next word as its value. */
export function takesValue(option: WriteOption): boolean {
  return option.flags.includes(' <');
}
