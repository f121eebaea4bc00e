/**
 * The parse cache index's journal (src/store/cache-index.ts): rows recorded since the index file
 * was written, appended one JSON array a line beside it (`index-journal.jsonl`) instead of
 * writing the whole index again for one changed flag. Its first line is the stamp of the code
 * that wrote it; a journal of other code is not read. Every row is a fact about one version of
 * one file (its key names the version), true whichever index it is read with, so a row lost (a
 * torn append, a journal removed by a compaction that did not hold it) costs a parse, never a
 * wrong answer: a line that does not parse as a whole row is skipped, and each append starts on
 * a line of its own, so a torn line never swallows the next append's first row.
 */
import { closeSync, fstatSync, openSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { writeText } from './atomic.js';

/** A row recorded (file id, version key, marks line, shard name) or a file dropped (its id). */
export type JournalRecord = [id: string, key: string, marks: string, shard: string] | [id: string];

/** The journal read: its records in order, and how many lines it holds (torn ones too). */
export interface Journal {
  records: JournalRecord[];
  lines: number;
}

function journalPath(dir: string): string {
  return join(dir, 'index-journal.jsonl');
}

/** A line as a record, or null when it is not one whole. */
function recordOf(line: string): JournalRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (!Array.isArray(value) || (value.length !== 1 && value.length !== 4)) return null;
  return value.every((field) => typeof field === 'string') ? (value as JournalRecord) : null;
}

/**
 * The journal in a parse cache's folder: empty when there is none, null when it is of other
 * code (or unreadable) and must not be appended to.
 */
export function readJournal(dir: string, stamp: string): Journal | null {
  let text: string;
  try {
    text = readFileSync(journalPath(dir), 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? { records: [], lines: 0 } : null;
  }
  const lines = text.split('\n');
  if (lines[0] !== JSON.stringify(stamp)) return null;
  const records: JournalRecord[] = [];
  for (const line of lines.slice(1)) {
    const record = line === '' ? null : recordOf(line);
    if (record !== null) records.push(record);
  }
  return { records, lines: lines.length - 1 };
}

/**
 * Appends records to the journal (a new one starts with the stamp line); failing only costs
 * speed, so errors are ignored.
 */
export function appendJournal(dir: string, stamp: string, records: JournalRecord[]): void {
  try {
    const fd = openSync(journalPath(dir), 'a');
    try {
      const head = fstatSync(fd).size === 0 ? JSON.stringify(stamp) : '';
      const rows = records.map((record) => JSON.stringify(record)).join('\n');
      writeText(fd, `${head}\n${rows}\n`);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Caching is an optimisation; never fail a command over it.
  }
}

/** Removes the journal once the index file holds its rows (absent already: nothing). */
export function removeJournal(dir: string): void {
  try {
    unlinkSync(journalPath(dir));
  } catch {
    // Gone already, or a read-only folder: the rows it holds are facts all the same.
  }
}
