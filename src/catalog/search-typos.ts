/**
 * Typo correction for agent search: a query word the catalog does not know, within one or two
 * edits of a word the catalog's metadata writes (a swap of two adjacent letters is one edit), is
 * read as that word. Pure: no I/O.
 */
import { editDistance } from '../core/validate.js';
import type { Stats } from './search-stats.js';

function maxDistance(term: string): number {
  if (term.length >= 8) return 2;
  return term.length >= 5 ? 1 : 0;
}

/** Whether two words differ by one swap of adjacent letters (one typo, two edits). */
function swapped(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const diff = [...a].flatMap((c, i) => (c === b[i] ? [] : [i]));
  const [i, j] = diff;
  return (
    diff.length === 2 &&
    j === (i as number) + 1 &&
    a[i as number] === b[j] &&
    a[j] === b[i as number]
  );
}

/** The typo distance between two words when within `limit` (same first letter), else null. */
function within(typed: string, value: string, limit: number): number | null {
  if (value[0] !== typed[0] || Math.abs(value.length - typed.length) > limit) return null;
  const distance = editDistance(typed, value) - (swapped(typed, value) ? 1 : 0);
  return distance > limit ? null : distance;
}

/** The closest of `candidates` to `typed` within its edit budget (ties: the most frequent). */
function closest(typed: string, candidates: Iterable<[string, number]>): string | null {
  const limit = maxDistance(typed);
  if (limit === 0) return null;
  let best: { value: string; distance: number; df: number } | null = null;
  for (const [value, df] of candidates) {
    const distance = within(typed, value, limit);
    if (distance === null) continue;
    if (best === null || distance < best.distance || (distance === best.distance && df > best.df))
      best = { value, distance, df };
  }
  return best?.value ?? null;
}

/** Each word with a count of one (every written word ties on frequency). */
function* withCount(words: Iterable<string>): Iterable<[string, number]> {
  for (const word of words) yield [word, 1];
}

/**
 * The catalog term for a word the catalog does not know (a typo): the closest word as the
 * catalog writes it (a typo changes the stem, "postgrse", "migratoin"), else the closest term.
 */
export function correct(term: string, word: string, stats: Stats): string | null {
  const words = stats.metaWords();
  const spelled = closest(word, withCount(words.keys()));
  if (spelled !== null) return words.get(spelled) ?? null;
  return closest(term, stats.metaVocabulary());
}
