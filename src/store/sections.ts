/** The markdown body of a flag: long texts under `## ` headings, escaped so they round-trip. */
import { BODY_SECTIONS, type BodyField } from '../core/types.js';

const FIELD_BY_TITLE = new Map<string, BodyField>(
  Object.entries(BODY_SECTIONS).map(([field, title]) => [title.toLowerCase(), field as BodyField]),
);
const HEADING = /^##[ \t]+(.*?)[ \t]*$/;
const ESCAPED = /^\\(\\*##[ \t].*)$/;

/** The body field a line opens, if the line is one of our section headings. */
export function sectionOf(line: string): BodyField | undefined {
  const match = HEADING.exec(line);
  return match ? FIELD_BY_TITLE.get((match[1] as string).toLowerCase()) : undefined;
}

/** Canonical form of a body text: LF line ends, no leading blank lines, no trailing space. */
export function canonicalText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/^([ \t]*\n)+/, '')
    .trimEnd();
}

/** Escapes lines that would read as one of our headings, so prose cannot open a section. */
export function escapeText(text: string): string {
  return text
    .split('\n')
    .map((line) => (sectionOf(line.replace(/^\\+/, '')) ? `\\${line}` : line))
    .join('\n');
}

function unescapeLine(line: string): string {
  const match = ESCAPED.exec(line);
  return match && sectionOf((match[1] as string).replace(/^\\+/, '')) ? (match[1] as string) : line;
}

/** Splits a body into our sections; text outside them (hand-written prose) is ignored here. */
export function parseSections(body: string): Partial<Record<BodyField, string>> {
  const result: Partial<Record<BodyField, string[]>> = {};
  let current: string[] | undefined;
  for (const line of body.replace(/\r\n?/g, '\n').split('\n')) {
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
