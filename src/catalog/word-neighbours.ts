/**
 * A word's distributional neighbours for agent search: data/word-neighbours.txt holds, for a word
 * of everyday English, the everyday words whose word vectors lie nearest to it (`dog cat pet
 * puppi`, `lawyer attorney judg counsel`), in data/word-kinds.txt's format (scripts/
 * word-neighbours.mjs builds it, since round 30). A request's word a catalog does not write
 * reaches agents that write a neighbour at a low weight. Read on first use only, by search.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseWordKinds } from './word-kinds.js';

/** The table's file, two folders below the package root like every module holding this code. */
const NEIGHBOURS_FILE = fileURLToPath(new URL('../../data/word-neighbours.txt', import.meta.url));

let table: Map<string, string[]> | undefined;

/** A term's neighbours, nearest first (none when the table lacks it). */
export function wordNeighbours(term: string): string[] {
  table ??= parseWordKinds(readFileSync(NEIGHBOURS_FILE, 'utf8'));
  return table.get(term) ?? [];
}
