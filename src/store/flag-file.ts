/** A flag file: parse (with located problems), render a new one, and apply a transition. */
import { FlagstoreError } from '../core/errors.js';
import type { Problem } from '../core/rules.js';
import {
  FRONT_MATTER_KEYS,
  OPTIONAL_KEYS,
  type BodyField,
  type Flag,
  type FlagEdit,
} from '../core/types.js';
import { withFix } from '../core/line-front-matter.js';
import { conflictMarkerProblems, validateFlag } from '../core/validate.js';
import {
  keyLines,
  lfText,
  lineAt,
  scalarText,
  setFields,
  splitFile,
  type SplitFile,
} from './frontmatter.js';
import { appendNotes, parseSections, renderSection, sectionOf } from './sections.js';

/** A problem with the line of the file it was found on. */
export interface LocatedProblem extends Problem {
  line: number;
}

/** The result of reading one flag file. */
export interface ParsedFlag {
  flag: Flag | null;
  problems: LocatedProblem[];
}

/** The largest flag file read: a flag is a short message, and parsing cost grows with size. */
export const MAX_FLAG_CHARS = 1024 * 1024;

/** The texts of a flag that can make its file long. */
type LongTexts = Partial<
  Pick<Flag, 'change_description' | 'action_required' | 'example_usage' | 'notes'>
>;

/**
 * The error for a flag whose file would be over the size every read refuses: it names the
 * longest of the texts given, the one to shorten, as the input the writer gave (nothing is
 * written yet): a new flag's texts, or the notes a transition appends.
 */
export function oversizeFlag(flag: LongTexts, chars: number): FlagstoreError {
  const texts = ['change_description', 'action_required', 'example_usage', 'notes'] as const;
  const field = texts.reduce((a, b) => ((flag[b] ?? '').length > (flag[a] ?? '').length ? b : a));
  const limit = `${MAX_FLAG_CHARS / 1024} KiB`;
  const message = `${field} is too long: the flag's file would be ${chars} characters, over the ${limit} a flag file may hold`;
  return new FlagstoreError('invalid', message, {
    fix: `shorten ${field} (a flag is a short message): put long material in a file of the repository and name it in related_files`,
    details: { problems: [{ field, message }] },
  });
}

/** Parses and validates a flag file's text; never throws on bad content. */
export function parseFlagFile(original: string): ParsedFlag {
  const text = lfText(original);
  if (text.length > MAX_FLAG_CHARS) {
    const message = `the file is larger than ${MAX_FLAG_CHARS / 1024} KiB; a flag is a short message`;
    return { flag: null, problems: [{ field: 'file', message, severity: 'error', line: 1 }] };
  }
  const markers = conflictMarkerProblems(text);
  const parsed = parseText(text);
  if (markers.length === 0) return parsed;
  return { flag: null, problems: [...markers, ...parsed.problems] };
}

function parseText(text: string): ParsedFlag {
  let file: SplitFile;
  try {
    file = splitFile(text);
  } catch (error) {
    if (!(error instanceof FlagstoreError)) throw error;
    const line = Number(error.details.line ?? 1);
    return {
      flag: null,
      problems: [
        {
          field: 'front matter',
          message: withFix(error.message, error.fix),
          severity: 'error',
          line,
        },
      ],
    };
  }
  const { flag, problems } = validateFlag(file.data, parseSections(file.body));
  if (problems.length === 0) return { flag, problems: [] };
  const lineOf = problemLines(file, text);
  return { flag, problems: problems.map((p) => ({ ...p, line: lineOf(p.field) })) };
}

/** Where each problem's field is: its key's line, or its section heading's line. */
function problemLines(file: SplitFile, text: string): (field: string) => number {
  const keys = keyLines(file, text);
  const bodyLine = lineAt(text, file.bodyOffset);
  const body = file.body.split('\n');
  return (field) => {
    if (!(field in BODY_TITLES)) return keys(field);
    const index = body.findIndex((line) => sectionOf(line) === field);
    return bodyLine + Math.max(0, index);
  };
}

const BODY_TITLES: Record<BodyField, true> = {
  change_description: true,
  action_required: true,
  example_usage: true,
  notes: true,
};

/** One front-matter line (or block list) in the format the fast reader understands. */
function frontMatterLine(key: string, value: unknown): string {
  if (key === 'context') return `${key}: ${JSON.stringify(value)}`;
  if (Array.isArray(value)) {
    if (value.length === 0) return `${key}: []`;
    return [`${key}:`, ...value.map((item) => `  - ${scalarText(String(item))}`)].join('\n');
  }
  return `${key}: ${scalarText(value as string | boolean | null)}`;
}

/** Renders a new flag file: seed field names in front matter, long texts as body sections. */
export function renderFlagFile(flag: Flag): string {
  const front = FRONT_MATTER_KEYS.filter(
    (key) => !OPTIONAL_KEYS.includes(key) || (flag[key] ?? null) !== null,
  )
    .map((key) => frontMatterLine(key, flag[key]))
    .join('\n');
  const sections = [
    renderSection('change_description', flag.change_description),
    renderSection('action_required', flag.action_required),
  ];
  if (flag.example_usage !== null)
    sections.push(renderSection('example_usage', flag.example_usage));
  if (flag.notes !== null) sections.push(renderSection('notes', flag.notes));
  return `---\n${front}\n---\n\n${sections.join('\n')}`;
}

/**
 * Applies a transition to a file's text, changing only the lines it must. A CRLF file is
 * edited as LF and written back with CRLF line ends.
 */
export function applyEdit(text: string, edit: FlagEdit): string {
  const lf = lfText(text);
  let next = setFields(lf, edit.fields);
  if (edit.appendNotes !== undefined) {
    const file = splitFile(next);
    next = next.slice(0, file.bodyOffset) + appendNotes(file.body, edit.appendNotes);
  }
  return lf === text ? next : next.replace(/\n/g, '\r\n');
}

/**
 * {@link applyEdit}, refused before anything is written when the notes it appends would take the
 * file over the size every read refuses: the notes are the input to shorten, not the file.
 */
export function editedText(text: string, edit: FlagEdit): string {
  const next = applyEdit(text, edit);
  if (next.length > MAX_FLAG_CHARS) throw oversizeFlag({ notes: edit.appendNotes }, next.length);
  return next;
}
