/**
 * Mined related words for agent search: data/related-words.txt holds the number of terms of the
 * agent texts it was mined from, then one line per index term, `term count related...`, the
 * related terms being the ones its sentences share most (scripts/related-words.mjs mines it from
 * the tuning pool's catalogs). The search lets a query word a catalog does not know reach agents
 * through them, and the no-match rule reads the counts as "agent text". It is read on first use
 * only, by search, so the commands that never search do not load it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The table's file, two folders below the package root like every module holding this code. */
const RELATED_FILE = fileURLToPath(new URL('../../data/related-words.txt', import.meta.url));

/** One term's entry: how often the agent texts use it, and its related terms. */
interface Entry {
  count: number;
  related: string[];
}

/** A mined table: the agent texts' size in terms, and each term's entry. */
export interface MinedWords {
  total: number;
  entries: Map<string, Entry>;
}

/** Reads a table's text (the file's format). */
export function parseMinedWords(text: string): MinedWords {
  const lines = text.split('\n');
  const entries = new Map<string, Entry>();
  for (const line of lines.slice(1)) {
    const [term, count, ...related] = line.split(' ');
    if (term !== undefined && term !== '') entries.set(term, { count: Number(count), related });
  }
  return { total: Number(lines[0]), entries };
}

let shipped: MinedWords | undefined;

/** The shipped table, read on first use. */
export function minedWords(): MinedWords {
  shipped ??= parseMinedWords(readFileSync(RELATED_FILE, 'utf8'));
  return shipped;
}

/** A term's mined related terms (none when the table lacks it). */
export function minedRelated(table: MinedWords, term: string): string[] {
  return table.entries.get(term)?.related ?? [];
}

/** How often the agent texts use a term. */
export function minedCount(table: MinedWords, term: string): number {
  return table.entries.get(term)?.count ?? 0;
}
