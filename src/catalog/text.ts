/** Text analysis for agent search: tokens, stop words, abbreviations and synonyms, stems. */
import porter2 from 'wink-porter2-stemmer';
import { PHRASES, RELATED, STOP_WORDS, SYNONYMS } from './vocabulary.js';

/** Lowercases and rewrites multi-word phrases, returning the raw words. */
export function words(text: string): string[] {
  let lower = ` ${text.toLowerCase()} `;
  for (const [pattern, replacement] of PHRASES) lower = lower.replace(pattern, replacement);
  return lower.split(/[^a-z0-9]+/).filter((w) => w.length > 0);
}

/** One word's index terms (after stop words and synonyms), stemmed; empty for stop words. */
export function termsOfWord(word: string): string[] {
  if (STOP_WORDS.has(word) || /^\d+$/.test(word)) return [];
  const mapped = Object.hasOwn(SYNONYMS, word) ? (SYNONYMS[word] as string[]) : [word];
  return mapped.map(stem).filter((t) => t.length > 1);
}

/** Stems one word; short or technical tokens with digits are kept as they are. */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  return porter2(word);
}

/** All index terms of a text, in order (repeats kept, for term frequencies). */
export function terms(text: string): string[] {
  return words(text).flatMap(termsOfWord);
}

/** One query term: the index term, the word typed, and whether it is a related word. */
export interface QueryWordTerm {
  term: string;
  word: string;
  /** Index of the typed word the term comes from; terms of one word count once in coverage. */
  group: number;
  related: boolean;
}

function relatedTerms(word: string): string[] {
  return Object.hasOwn(RELATED, word) ? (RELATED[word] as string[]).flatMap(termsOfWord) : [];
}

/** A query's terms, each with the word the user typed (for reasons), without repeats. */
export function queryTerms(text: string): QueryWordTerm[] {
  const seen = new Set<string>();
  const result: QueryWordTerm[] = [];
  let group = 0;
  for (const word of words(text)) {
    const own = termsOfWord(word).map((term) => ({ term, related: false }));
    const extra = relatedTerms(word).map((term) => ({ term, related: true }));
    const fresh = [...own, ...extra].filter(({ term }) => !seen.has(term));
    for (const { term, related } of fresh) {
      seen.add(term);
      result.push({ term, word, group, related });
    }
    if (fresh.length > 0) group++;
  }
  return result;
}
