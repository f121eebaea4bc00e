/**
 * Agent search: per-field BM25 (each field with its own document frequencies, so boilerplate
 * shared by every prompt weighs nothing), field weights, typo tolerance, and a coverage test so
 * a query that fits no agent returns nothing. Pure: no I/O.
 */
import { editDistance } from '../core/validate.js';
import type { Agent } from './agent.js';
import {
  FIELD_LABELS,
  FIELD_WEIGHTS,
  FIELDS,
  termCount,
  type AgentTerms,
  type Field,
  type MetaField,
} from './search-index.js';
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

interface QueryTerm {
  term: string;
  word: string;
  weight: number;
  fuzzy: boolean;
  importance: number;
}

interface Match {
  field: Field;
  term: QueryTerm;
  points: number;
}

const META_FIELDS = FIELDS.filter((f): f is MetaField => f !== 'body');
const K1 = 1.2;
const B = 0.75;
/** Share of the query's weight an agent must cover to be a result at all. */
export const MIN_COVERAGE = 0.34;
const BODY_COVERAGE = 0.5;
const FUZZY_WEIGHT = 0.8;
const UNKNOWN_IMPORTANCE = 0.5;

class Stats {
  readonly n: number;
  private readonly avg = {} as Record<Field, number>;
  private readonly dfCache = new Map<string, number>();
  private readonly tables = new Map<string, Uint32Array>();
  private vocabulary: Map<string, number> | null = null;

  constructor(private readonly docs: SearchDoc[]) {
    this.n = docs.length;
    for (const f of FIELDS) {
      const total = docs.reduce((sum, d) => sum + d.terms.len[f], 0);
      this.avg[f] = total / Math.max(1, this.n);
    }
  }

  /** Counts of a term in every field of every agent, computed once per term. */
  private table(term: string): Uint32Array {
    let table = this.tables.get(term);
    if (table === undefined) {
      const counts = new Uint32Array(this.n * FIELDS.length);
      this.docs.forEach((doc, i) =>
        FIELDS.forEach((f, j) => (counts[i * FIELDS.length + j] = termCount(doc.terms, f, term))),
      );
      this.tables.set(term, counts);
      table = counts;
    }
    return table;
  }

  /** How often a term occurs in a field of the agent at `index`. */
  count(index: number, field: Field, term: string): number {
    return this.table(term)[index * FIELDS.length + FIELDS.indexOf(field)] ?? 0;
  }

  df(field: Field | 'any' | 'meta', term: string): number {
    const key = `${field}\u0000${term}`;
    let value = this.dfCache.get(key);
    if (value === undefined) {
      const wanted = FIELDS.flatMap((f, j) => (inScope(f, field) ? [j] : []));
      const counts = this.table(term);
      value = 0;
      for (let i = 0; i < this.n; i++)
        if (wanted.some((j) => (counts[i * FIELDS.length + j] ?? 0) > 0)) value++;
      this.dfCache.set(key, value);
    }
    return value;
  }

  idf(field: Field, term: string): number {
    const df = this.df(field, term);
    return Math.log(1 + (this.n - df + 0.5) / (df + 0.5));
  }

  avgLen(field: Field): number {
    return this.avg[field] || 1;
  }

  /** Terms of every field except prompt bodies, with their document frequencies. */
  metaVocabulary(): Map<string, number> {
    if (this.vocabulary !== null) return this.vocabulary;
    const vocabulary = new Map<string, number>();
    for (const doc of this.docs) {
      for (const f of META_FIELDS) {
        for (const term of Object.keys(doc.terms.tf[f]))
          vocabulary.set(term, (vocabulary.get(term) ?? 0) + 1);
      }
    }
    this.vocabulary = vocabulary;
    return vocabulary;
  }
}

function inScope(field: Field, scope: Field | 'any' | 'meta'): boolean {
  if (scope === 'any') return true;
  return scope === 'meta' ? field !== 'body' : field === scope;
}

function maxDistance(term: string): number {
  if (term.length >= 8) return 2;
  return term.length >= 5 ? 1 : 0;
}

/** The closest catalog term to a word the catalog does not know (a typo), or null. */
function correct(term: string, stats: Stats): string | null {
  const limit = maxDistance(term);
  if (limit === 0) return null;
  let best: { term: string; distance: number; df: number } | null = null;
  for (const [candidate, df] of stats.metaVocabulary()) {
    if (candidate[0] !== term[0] || Math.abs(candidate.length - term.length) > limit) continue;
    const distance = editDistance(term, candidate);
    if (distance > limit) continue;
    if (best === null || distance < best.distance || (distance === best.distance && df > best.df))
      best = { term: candidate, distance, df };
  }
  return best?.term ?? null;
}

/**
 * How much a query term matters for coverage: rare in the agents' metadata means telling; a
 * term found only in prompt bodies counts by its body frequency (so boilerplate shared by every
 * prompt counts little); a term the catalog does not know at all counts half the maximum.
 */
function importance(term: string, stats: Stats): number {
  const meta = stats.df('meta', term);
  if (meta > 0) return Math.log(1 + stats.n / (1 + meta));
  const body = stats.df('body', term);
  return body > 0 ? Math.log(1 + stats.n / (1 + body)) : UNKNOWN_IMPORTANCE * Math.log(1 + stats.n);
}

function prepare(query: string, stats: Stats): QueryTerm[] {
  return queryTerms(query).map(({ term, word }) => {
    const known = stats.df('any', term) > 0;
    const corrected = known ? null : correct(term, stats);
    const used = corrected ?? term;
    return {
      term: used,
      word,
      weight: corrected === null ? 1 : FUZZY_WEIGHT,
      fuzzy: corrected !== null,
      importance: importance(used, stats),
    };
  });
}

function fieldPoints(
  { doc, index }: { doc: SearchDoc; index: number },
  field: Field,
  q: QueryTerm,
  stats: Stats,
): number {
  const tf = stats.count(index, field, q.term);
  if (tf === 0) return 0;
  const norm = tf / (1 - B + (B * doc.terms.len[field]) / stats.avgLen(field));
  const saturation = (norm * (K1 + 1)) / (norm + K1);
  return FIELD_WEIGHTS[field] * stats.idf(field, q.term) * saturation * q.weight;
}

function matches(at: { doc: SearchDoc; index: number }, query: QueryTerm[], stats: Stats): Match[] {
  return query.flatMap((term) =>
    FIELDS.map((field) => ({ field, term, points: fieldPoints(at, field, term, stats) })).filter(
      (m) => m.points > 0,
    ),
  );
}

function coverage(found: Match[], query: QueryTerm[]): number {
  const total = query.reduce((sum, q) => sum + q.importance, 0);
  if (total === 0) return 0;
  const covered = query.reduce((sum, q) => {
    const fields = found.filter((m) => m.term === q).map((m) => m.field);
    if (fields.length === 0) return sum;
    const share = fields.some((f) => f !== 'body') ? 1 : BODY_COVERAGE;
    return sum + q.importance * share * q.weight;
  }, 0);
  return covered / total;
}

function reason(doc: SearchDoc, m: Match): string {
  const label = FIELD_LABELS[m.field];
  const written =
    m.field === 'body' ? m.term.word : (doc.terms.surface[m.term.term] ?? m.term.word);
  return written === m.term.word ? `${label}: ${written}` : `${label}: ${written} (${m.term.word})`;
}

function reasons(doc: SearchDoc, found: Match[]): string[] {
  const sorted = [...found].sort((a, b) => b.points - a.points);
  return [...new Set(sorted.map((m) => reason(doc, m)))].slice(0, 5);
}

/** Ranks the agents for a task description; agents that fit too little of it are left out. */
export function searchAgents(docs: SearchDoc[], query: string, limit = 5): SearchHit[] {
  const stats = new Stats(docs);
  const prepared = prepare(query, stats);
  if (prepared.length === 0) return [];
  const scored = docs.flatMap((doc, index) => {
    const found = matches({ doc, index }, prepared, stats);
    const cover = coverage(found, prepared);
    if (found.length === 0 || cover < MIN_COVERAGE) return [];
    const raw = found.reduce((sum, m) => sum + m.points, 0);
    return [{ doc, found, cover, score: raw * Math.sqrt(cover) }];
  });
  scored.sort((a, b) => b.score - a.score || a.doc.agent.handle.localeCompare(b.doc.agent.handle));
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
