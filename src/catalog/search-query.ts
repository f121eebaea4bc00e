/**
 * A search request's terms: each with its variants (itself, related words, a typo's correction,
 * mined related words) and its importance for coverage, and the phrases the catalog's metadata
 * writes. Pure: no I/O.
 */
import { everydayCount } from './everyday-words.js';
import { minedRelated, minedWords } from './related-words.js';
import { phrase } from './search-index.js';
import { isSoftwareTerm } from './search-lexicon.js';
import type { Stats } from './search-stats.js';
import { correct } from './search-typos.js';
import { relatedTerms } from './search-vocabulary.js';
import type { Tuning } from './search.js';
import { wordKinds } from './word-kinds.js';

/** A term a query word is looked for as, with its share of the word's points. */
export interface Variant {
  term: string;
  /** 1 for the word itself, less for a typo correction or a related word. */
  weight: number;
  related: boolean;
  /** A mined related word: it matches, but never makes its word weigh more in coverage. */
  mined?: boolean;
}

/** A query word with its variants and how much it matters for coverage. */
export interface QueryTerm {
  word: string;
  variants: Variant[];
  importance: number;
  /** Share of its points: less for a word everyday English uses often ({@link COMMON}). */
  share: number;
}

/**
 * A term spoken English uses more often than this (of SUBTLEX-US's 49 million counted words: about
 * 20 times a million, its 2,394 commonest terms) earns `everydayWeight` of its points: "take",
 * "run", "table", "memory" say less about which agent a request needs than "galera" or "artisan";
 * nor does it say "software" on its own ({@link saysSoftware}).
 */
const COMMON = 1000;

/**
 * How much a query term matters for coverage: rare in the agents' metadata means telling; a
 * term found only in prompt bodies counts by its body frequency (so boilerplate shared by every
 * prompt counts little); a term the catalog does not know at all counts a share of the maximum.
 */
function importance(term: string, stats: Stats): number | null {
  const meta = stats.df('meta', term);
  if (meta > 0) return Math.log(1 + stats.n / (1 + meta));
  const body = stats.df('body', term);
  return body > 0 ? Math.log(1 + stats.n / (1 + body)) : null;
}

const relatives = (list: string[], stats: Stats, weight: number, mined = false): Variant[] =>
  list
    .filter((r) => stats.df('any', r) > 0)
    .map((r) => ({ term: r, weight, related: true, mined }));

/**
 * A term's variants: itself with its related words when the catalog knows it; else its written
 * related words and its kinds (data/word-kinds.txt), then for a word everyday English uses
 * nothing more; else a typo correction, or those with its mined related words.
 */
function variants({ term, word }: Typed[number], stats: Stats, t: Tuning): Variant[] {
  const written = relatedTerms(term);
  if (stats.df('any', term) > 0)
    return [{ term, weight: 1, related: false }, ...relatives(written, stats, t.relatedWeight)];
  const kinds = t.kindWeight > 0 ? wordKinds(term).filter((k) => !written.includes(k)) : [];
  const related = [
    ...relatives(written, stats, t.relatedWeight),
    ...relatives(kinds, stats, t.kindWeight),
  ];
  // A word of everyday English (data/everyday-words.txt) is taken as the user wrote it.
  if (everydayCount(term) > 0) return related;
  const corrected = related.length > 0 ? null : correct(term, word, stats);
  if (corrected !== null) return [{ term: corrected, weight: t.fuzzyWeight, related: false }];
  const mined = minedRelated(t.mined ?? minedWords(), term).filter(
    (m) => !related.some((r) => r.term === m),
  );
  return [...related, ...relatives(mined, stats, t.minedWeight, true)];
}

/** A query's terms, each with the word the user typed. */
export type Typed = { term: string; word: string }[];

/**
 * The query's terms with their variants and importance. When the query says "software" (a word
 * of the general software vocabulary), words the catalog does not know weigh nothing.
 */
export function prepare(typed: Typed, stats: Stats, t: Tuning): QueryTerm[] {
  return [...words(typed, stats, t), ...pairs(typed, stats, t)];
}

/** Adjacent query terms the catalog's metadata writes side by side: points, no importance. */
function pairs(typed: Typed, stats: Stats, t: Tuning): QueryTerm[] {
  return typed.slice(1).flatMap(({ term, word }, i) => {
    const before = typed[i] ?? { term: '', word: '' };
    const joined = phrase(before.term, term);
    if (t.phraseWeight === 0 || stats.df('meta', joined) === 0) return [];
    const variant = { term: joined, weight: t.phraseWeight, related: false };
    return [{ word: `${before.word} ${word}`, variants: [variant], importance: 0, share: 1 }];
  });
}

/**
 * A term's share of its points: `everydayWeight` for a word of everyday English, less the more
 * often English uses it (times (COMMON / its count) to the power `everydayFall`: "one", "back",
 * "came" say less than "invoice" or "oven"), else 1.
 */
function pointsShare(term: string, t: Tuning): number {
  const count = everydayCount(term);
  return count > COMMON ? t.everydayWeight * (COMMON / count) ** t.everydayFall : 1;
}

/**
 * Whether a term says "software" on its own: a word of the software vocabulary that everyday
 * English does not use often ({@link COMMON}). Stems shared with everyday words ("code" of
 * coding, "go" of golang, "rest", "review") say nothing alone: "reset the code on my alarm keypad".
 */
const saysSoftware = (term: string) => isSoftwareTerm(term) && everydayCount(term) <= COMMON;

function words(typed: Typed, stats: Stats, t: Tuning): QueryTerm[] {
  const software = typed.some(({ term }) => saysSoftware(term));
  return typed.map(({ term, word }) => {
    const found = variants({ term, word }, stats, t);
    const known = found.flatMap((v) => (v.mined ? [] : (importance(v.term, stats) ?? [])));
    const share = software ? 0 : t.unknownImportance;
    const unknown = share * Math.log(1 + stats.n);
    const own = found[0]?.related === false ? importance(found[0].term, stats) : null;
    const boost = saysSoftware(term) && found.length > 0 ? t.softwareBoost : 1;
    const weight = boost * (own ?? Math.max(unknown, ...known));
    return { word, variants: found, importance: weight, share: pointsShare(term, t) };
  });
}
