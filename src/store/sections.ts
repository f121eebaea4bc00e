/** The markdown body of a flag: long texts under `## ` headings, escaped so they round-trip. */
import { BODY_SECTIONS, type BodyField } from '../core/types.js';

const FIELD_BY_TITLE = new Map<string, BodyField>(
  Object.entries(BODY_SECTIONS).map(([field, title]) => [title.toLowerCase(), field as BodyField]),
);
const ESCAPED = /^\\(\\*##[ \t].*)$/;
const LINE_BREAK = /[\n\r\u2028\u2029]/;

function isBlank(char: string | undefined): boolean {
  return char === ' ' || char === '\t';
}

/**
 * The title of a `## ` heading line, without the blanks around it. Scanned by hand: a pattern
 * with a lazy title and trailing blanks takes cubic time on hostile lines of blanks.
 */
function headingTitle(line: string): string | undefined {
  if (!line.startsWith('##') || !isBlank(line[2])) return undefined;
  let start = 3;
  let end = line.length;
  while (start < end && isBlank(line[start])) start++;
  while (end > start && isBlank(line[end - 1])) end--;
  const title = line.slice(start, end);
  return LINE_BREAK.test(title) ? undefined : title;
}

/** The body field a line opens, if the line is one of our section headings. */
export function sectionOf(line: string): BodyField | undefined {
  const title = headingTitle(line);
  return title === undefined ? undefined : FIELD_BY_TITLE.get(title.toLowerCase());
}

/** Canonical form of a body text: LF line ends, no leading blank lines, no trailing space. */
export function canonicalText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/^([ \t]*\n)+/, '')
    .trimEnd();
}

/**
 * Escapes lines that would read as one of our headings, so prose cannot open a section. Line
 * ends are made LF first: a reader splits on CR too, so a CR could hide a heading.
 */
export function escapeText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => (sectionOf(line.replace(/^\\+/, '')) ? `\\${line}` : line))
    .join('\n');
}

function unescapeLine(line: string): string {
  if (!line.startsWith('\\')) return line;
  const match = ESCAPED.exec(line);
  return match && sectionOf((match[1] as string).replace(/^\\+/, '')) ? (match[1] as string) : line;
}

/** Splits a body into our sections; text outside them (hand-written prose) is ignored here. */
export function parseSections(body: string): Partial<Record<BodyField, string>> {
  const result: Partial<Record<BodyField, string[]>> = {};
  let current: string[] | undefined;
  const lf = body.includes('\r') ? body.replace(/\r\n?/g, '\n') : body;
  for (const line of lf.split('\n')) {
    const field = sectionOf(line);
    if (field) {
      current = result[field] = [];
    } else if (current) {
      current.push(unescapeLine(line));
    }
  }
  const texts: Partial<Record<BodyField, string>> = {};
  for (const [field, lines] of Object.entries(result)) {
    texts[field as BodyField] = canonicalText(lines.join('\n'));
  }
  return texts;
}

/** Renders one section: heading, blank line, escaped text. */
export function renderSection(field: BodyField, text: string): string {
  return `## ${BODY_SECTIONS[field]}\n\n${escapeText(text)}\n`;
}

/** Appends text to the Notes section, creating the section at the end when missing. */
export function appendNotes(body: string, notes: string): string {
  const lines = body.split('\n');
  const start = lines.findIndex((line) => sectionOf(line) === 'notes');
  if (start < 0) {
    return `${body.trimEnd()}\n\n${renderSection('notes', notes)}`;
  }
  let end = lines.findIndex((line, i) => i > start && sectionOf(line) !== undefined);
  if (end < 0) end = lines.length;
  while (end > start + 1 && (lines[end - 1] as string).trim() === '') end--;
  const tail = lines.slice(end);
  const after = tail.some((line) => line.trim() !== '') ? tail : [''];
  return [...lines.slice(0, end), '', escapeText(notes), ...after].join('\n');
}
