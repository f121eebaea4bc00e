/**
 * Invalid-input errors in the words of the command that was run: the services check a flag's
 * fields by their front-matter names (`change_description`), which `create` takes as `--change`.
 * A user should read the option they typed, and a fix that says what to give it. Errors about a
 * file (they carry its path) keep the file's field names: the file is what to correct.
 */
import { FlagstoreError } from '../core/errors.js';
import { MIN_ACTION_REQUIRED, MIN_CHANGE_DESCRIPTION } from '../core/rules.js';
import { optionName, REPLY_OPTIONS, WRITE_OPTIONS, type WriteOption } from './write-options.js';

/** A write command's options, by the flag field each one gives (write-options.ts lists them). */
function optionsOf(options: WriteOption[]): Record<string, string> {
  const given = options.filter((o) => o.field !== undefined);
  return Object.fromEntries(given.map((o) => [o.field, `--${optionName(o)}`]));
}

/** Each command's options, by the flag field each one gives. */
const OPTIONS: Record<string, Record<string, string>> = {
  create: { flag_type: 'the flag type', ...optionsOf(WRITE_OPTIONS.create) },
  reply: optionsOf(REPLY_OPTIONS),
  complete: optionsOf(WRITE_OPTIONS.complete),
};

/** The seed's minimum length of a text, by field. */
const MINIMUMS: Record<string, number> = {
  change_description: MIN_CHANGE_DESCRIPTION,
  action_required: MIN_ACTION_REQUIRED,
};

interface Named {
  field?: unknown;
  message?: unknown;
}

/** `text` with every field name of `names` as a whole word (not `--context`) replaced by its option. */
function renamed(text: string, names: Record<string, string>): string {
  const words = new RegExp(`(?<![\\w-])(?:${Object.keys(names).join('|')})\\b`, 'g');
  return text.replace(words, (word) => names[word] ?? word);
}

/** The problems an invalid input names: its list, or the one field of a single check. */
function problemsOf(error: FlagstoreError): Named[] {
  const { problems, field } = error.details;
  if (Array.isArray(problems)) return problems as Named[];
  return typeof field === 'string' ? [{ field, message: error.message }] : [];
}

/** The fix for problems that carry none: what each named option needs. */
function fixOf(problems: Named[], names: Record<string, string>): string {
  const fields = [...new Set(problems.map((p) => String(p.field)))];
  const steps = fields.map((f) => {
    const option = names[f] ?? f;
    const min = MINIMUMS[f];
    return min === undefined
      ? `correct ${option} as the message says`
      : `write at least ${min} characters in ${option}`;
  });
  return `${steps.join('; ')}; then run the command again`;
}

/**
 * The error worded in `command`'s options, when it is an invalid input that command took; a
 * field whose text came from a file form is named by that form, as typed (`typed`, by field).
 */
export function inOptionTerms(
  error: FlagstoreError,
  run: { command: string; typed?: Record<string, string> },
): FlagstoreError {
  const known = OPTIONS[run.command];
  const names = known === undefined ? undefined : { ...known, ...run.typed };
  if (names === undefined || error.code !== 'invalid' || error.details.path !== undefined) {
    return error;
  }
  const fields = problemsOf(error).filter((p) => typeof p.field === 'string');
  if (fields.length === 0 || !fields.every((p) => names[p.field as string] !== undefined)) {
    return error;
  }
  const details = Array.isArray(error.details.problems)
    ? {
        ...error.details,
        problems: fields.map((p) => ({
          ...p,
          option: names[p.field as string],
          message: renamed(String(p.message), names),
        })),
      }
    : { ...error.details, option: names[error.details.field as string] };
  const fix = error.fix === undefined ? fixOf(fields, names) : renamed(error.fix, names);
  return new FlagstoreError('invalid', renamed(error.message, names), { fix, details });
}
