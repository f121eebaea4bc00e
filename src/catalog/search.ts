/**
 * Agent search: per-field BM25 (each field with its own document frequencies, so boilerplate
 * shared by every prompt weighs nothing), field weights, typo tolerance, related words at a
 * lower weight, and a no-match rule so a query that fits no agent returns nothing. Pure: no I/O.
 */
import type { Agent } from './agent.js';
import {
  FIELD_LABELS,
  FIELD_WEIGHTS,
  FIELDS,
  type AgentTerms,
  type Field,
} from './search-index.js';
import {
  ANSWER,
  answers,
  catalogRarity,
  domainEvidence,
  type AnswerFeatures,
} from './search-answer.js';
import { statsFor, type Stats } from './search-stats.js';
import { prepare, type QueryTerm, type Variant } from './search-query.js';
import { queryWords } from './search-vocabulary.js';
import { minedWords, type MinedWords } from './related-words.js';
import { queryTerms } from './text.js';

/** An agent with its index entry. */
export interface SearchDoc {
  agent: Agent;
  terms: AgentTerms;
}

/** One ranked result. */
export interface SearchHit {
  handle: string;
  score: number;
  /** 0..1: how much of the query this agent covers, scaled by its score against the best. */
  confidence: number;
  reasons: string[];
  agent: Agent;
}

interface Match {
  field: Field;
  term: QueryTerm;
  variant: Variant;
  points: number;
}

const K1 = 1.2;
const BODY_K1 = 2;
const B = 0.75;

/**
 * The scoring's constants, chosen on the tuning pool and checked by cross-validation, leaving
 * out one catalog and one split (docs/catalog.md, "Search quality").
 */
export const TUNING = {
  /** Coverage credit of a term found only in a prompt body. */
  bodyCoverage: 0.7,
  fuzzyWeight: 0.8,
  /**
   * Importance of a word the catalog does not know, as a share of the largest possible (a word
   * in one agent); nothing when the query says "software".
   */
  unknownImportance: 1,
  /** Importance of a strong software word the catalog knows: times this. */
  softwareBoost: 3,
  /** Points of a related word, as a share of the word's own. */
  relatedWeight: 0.3,
  /**
   * Points of a mined related word (data/related-words.txt) of a word the catalog does not know,
   * as a share of the word's own.
   */
  minedWeight: 0.1,
  /**
   * Points of a word's kind (data/word-kinds.txt: "spaniel" reaches "dog"), as a share of the
   * word's own, for a word the catalog does not know (since round 24; 0.3 in round 24, 0.2 in
   * round 25).
   */
  kindWeight: 0.15,
  /** Share of agent text (the mined table's counts) beside everyday English in the no-match
   * rule's reading of what a catalog's text looks like (search-answer.ts). */
  domainCorpus: 0.5,
  /** The mined table; null for the shipped one (the evaluation tools pass others). */
  mined: null as MinedWords | null,
  /** Points of two adjacent query terms met side by side in a metadata field, as a share of a
   * word's; a phrase adds points, never coverage. */
  phraseWeight: 1.5,
  /** Points of a word everyday English uses often, as a share of a word's (search-query.ts). */
  everydayWeight: 0.6,
  /** How fast an everyday word's points fall with how often English uses it (search-query.ts;
   * since round 33, one share for every such word before). */
  everydayFall: 0.15,
  /** The no-match rule's weights (search-answer.ts). */
  answer: ANSWER,
  /** How much a match in each field counts (BM25F's field weights). */
  fields: FIELD_WEIGHTS,
};
/** The scoring's constants (TUNING); the evaluation tools pass others to cross-validate. */
export type Tuning = typeof TUNING;

interface At {
  doc: SearchDoc;
  index: number;
  stats: Stats;
  weights: Record<Field, number>;
}

/**
 * BM25 points of a variant in one field. Metadata fields share one document frequency, so a word
 * repeated across tag, tech stack, role and description ("change") is as common as it is; prompt
 * bodies saturate more slowly (BODY_K1): a need's own words recur in a long prompt.
 */
function variantPoints({ doc, index, stats, weights }: At, field: Field, v: Variant): number {
  const tf = stats.count(index, field, v.term);
  if (tf === 0) return 0;
  const k1 = field === 'body' ? BODY_K1 : K1;
  const norm = tf / (1 - B + (B * doc.terms.len[field]) / stats.avgLen(field));
  const saturation = (norm * (k1 + 1)) / (norm + k1);
  return weights[field] * stats.fieldIdf(field, v.term) * saturation * v.weight;
}

function bestVariant(at: At, field: Field, term: QueryTerm): Match | null {
  let best: Match | null = null;
  for (const variant of term.variants) {
    const points = variantPoints(at, field, variant) * term.share;
    if (points > (best?.points ?? 0)) best = { field, term, variant, points };
  }
  return best;
}

/** The best variant of each query term in each field (a term and its relatives count once). */
function matches(at: At, query: QueryTerm[]): Match[] {
  const found: Match[] = [];
  for (const term of query)
    for (const field of FIELDS) {
      const best = bestVariant(at, field, term);
      if (best !== null) found.push(best);
    }
  return found;
}

/**
 * Coverage credit of a match: a prompt-only word counts a share, a typo its weight, a related
 * word in full.
 */
function credit(m: Match, t: Tuning): number {
  const field = m.field === 'body' ? t.bodyCoverage : 1;
  return field * (m.variant.related ? 1 : m.variant.weight);
}

function coverage(found: Match[], query: QueryTerm[], t: Tuning): number {
  const total = query.reduce((sum, q) => sum + q.importance, 0);
  if (total === 0) return 0;
  const covered = query.reduce((sum, q) => {
    const shares = found.filter((m) => m.term === q).map((m) => credit(m, t));
    return sum + q.importance * Math.max(0, ...shares);
  }, 0);
  return covered / total;
}

function reason(doc: SearchDoc, m: Match): string {
  const label = FIELD_LABELS[m.field];
  const word = m.term.word;
  const written = m.field === 'body' ? m.variant.term : (doc.terms.surface[m.variant.term] ?? word);
  const shown = m.field === 'body' && !m.variant.related ? word : written;
  if (shown === word) return `${label}: ${shown}`;
  // The query word it stands for: a related word, or a typo or abbreviation resolved.
  return `${label}: ${shown} (${m.variant.related ? 'related to' : 'for'} "${word}")`;
}

function reasons(doc: SearchDoc, found: Match[]): string[] {
  const sorted = [...found].sort((a, b) => b.points - a.points);
  return [...new Set(sorted.map((m) => reason(doc, m)))].slice(0, 5);
}

interface Scored {
  doc: SearchDoc;
  found: Match[];
  cover: number;
  score: number;
}

function score(docs: SearchDoc[], prepared: QueryTerm[], stats: Stats, t: Tuning): Scored[] {
  return docs.flatMap((doc, index) => {
    const found = matches({ doc, index, stats, weights: t.fields }, prepared);
    if (found.length === 0) return [];
    const cover = coverage(found, prepared, t);
    const raw = found.reduce((sum, m) => sum + m.points, 0);
    return [{ doc, found, cover, score: raw * cover }];
  });
}

interface Ranked {
  scored: Scored[];
  features: AnswerFeatures | null;
}

function rank(docs: SearchDoc[], query: string, t: Tuning): Ranked {
  const stats = statsFor(docs);
  const typed = queryTerms(queryWords(query));
  const prepared = prepare(typed, stats, t);
  const scored = prepared.length === 0 ? [] : score(docs, prepared, stats, t);
  scored.sort((a, b) => b.score - a.score || a.doc.agent.handle.localeCompare(b.doc.agent.handle));
  const best = scored[0];
  if (best === undefined) return { scored, features: null };
  const corpus = { table: t.mined ?? minedWords(), share: t.domainCorpus };
  const domain = domainEvidence(
    typed.map((q) => q.term),
    stats,
    corpus,
  );
  const points = Math.log(1 + best.score);
  const margin = points - Math.log(1 + (scored[1]?.score ?? 0));
  const total = scored.reduce((sum, s) => sum + s.score, 0);
  const share = total > 0 ? best.score / total : 1;
  const rarity = catalogRarity(docs);
  const features = { domain, points, margin, cover: best.cover, share, rarity };
  return { scored, features };
}

/** The no-match rule's reading of a request (null when no agent matches a word of it). */
export function answerFeatures(
  docs: SearchDoc[],
  query: string,
  tuning: Partial<Tuning> = {},
): AnswerFeatures | null {
  return rank(docs, query, { ...TUNING, ...tuning }).features;
}

/**
 * How many agents a search returns unless asked for another number (the CLI's and the MCP tool's
 * default too). Their users are told to compare "the five it returns" (agent/protocol.ts,
 * agent/mcp-text.ts, search_agents): on real projects the owner is among the first five far more
 * often than first (docs/catalog.md).
 */
export const SEARCH_LIMIT = 5;

/** Ranks the agents for a task description; a request no agent fits gets none. */
export function searchAgents(
  docs: SearchDoc[],
  query: string,
  limit = SEARCH_LIMIT,
  tuning: Partial<Tuning> = {},
): SearchHit[] {
  const t = { ...TUNING, ...tuning };
  const { scored, features } = rank(docs, query, t);
  if (features === null || !answers(features, t.answer)) return [];
  const top = scored[0]?.score ?? 1;
  return scored.slice(0, limit).map((s) => ({
    handle: s.doc.agent.handle,
    score: Math.round(s.score * 10) / 10,
    confidence: Math.round(s.cover * Math.sqrt(s.score / top) * 100) / 100,
    reasons: reasons(s.doc, s.found),
    agent: s.doc.agent,
  }));
}

/** Search hits as native JSON (also the MCP tool's result). */
export function hitsJson(hits: SearchHit[]): Record<string, unknown>[] {
  return hits.map((h, i) => ({
    handle: h.handle,
    rank: i + 1,
    score: h.score,
    confidence: h.confidence,
    reasons: h.reasons,
    description: h.agent.description,
  }));
}
