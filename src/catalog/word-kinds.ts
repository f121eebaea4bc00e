/**
 * A word's kinds for agent search: data/word-kinds.txt holds, for a noun of WordNet 3.1, the
 * nearest kinds of its commonest sense that the agent texts use (`spaniel dog`, `penguin bird`),
 * one `term kind...` line each (scripts/word-kinds.mjs builds it); since round 28 a line also
 * holds the topic and the same-root words WordNet links a word to, of any part of speech
 * (`affidavit instrument law`, `invigil supervis`). A request's word reaches agents that write
 * them at a low weight. Read on first use only, by search.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The table's file, two folders below the package root like every module holding this code. */
const KINDS_FILE = fileURLToPath(new URL('../../data/word-kinds.txt', import.meta.url));

let table: Map<string, string[]> | undefined;

/** Reads a table's text (the file's format). */
export function parseWordKinds(text: string): Map<string, string[]> {
  const kinds = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const [term, ...list] = line.split(' ');
    if (term !== undefined && term !== '' && list.length > 0) kinds.set(term, list);
  }
  return kinds;
}

/** A term's kinds (none when the table lacks it). */
export function wordKinds(term: string): string[] {
  table ??= parseWordKinds(readFileSync(KINDS_FILE, 'utf8'));
  return table.get(term) ?? [];
}
