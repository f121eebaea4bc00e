/** Term statistics of a catalog for agent search: counts, document frequencies, idf. Pure. */
import {
  bodyTerms,
  FIELDS,
  isPhrase,
  termCount,
  type AgentTerms,
  type Field,
  type MetaField,
} from './search-index.js';
import { IndexAfter } from './index-after.js';

/** What the statistics need of an agent: its index entry. */
interface Indexed {
  terms: AgentTerms;
}

const META_FIELDS = FIELDS.filter((f): f is MetaField => f !== 'body');
/** Each field's place in a term's table (FIELDS' order). */
const FIELD_AT = Object.fromEntries(FIELDS.map((f, j) => [f, j])) as Record<Field, number>;

/**
 * Which fields a document frequency counts: one field, any field, or any but prompt bodies ("meta",
 * which counts a description's example scenes too, though they are scored as prompt text).
 */
export type Scope = Field | 'any' | 'meta';

function inScope(field: Field, scope: Scope): boolean {
  if (scope === 'any') return true;
  return scope === 'meta' ? field !== 'body' : field === scope;
}

/** Each scope's places in a term's table, found once. */
const SCOPE_FIELDS = Object.fromEntries(
  [...FIELDS, 'any', 'meta'].map((scope) => [
    scope,
    FIELDS.flatMap((f, j) => (inScope(f, scope as Scope) ? [j] : [])),
  ]),
) as Record<Scope, number[]>;

/** Term statistics of one catalog, computed lazily per term. */
export class Stats {
  readonly n: number;
  /** Number of terms in the whole catalog, every field of every agent. */
  readonly tokens: number;
  private readonly avg = {} as Record<Field, number>;
  /** Document frequencies by scope, then term; `dfKept` of them in all. */
  private readonly dfCache = new Map<Scope, Map<string, number>>();
  private dfKept = 0;
  private readonly tables = new Map<string, Uint32Array>();
  /** The table of every term the catalog does not write, shared: tables are never written to. */
  private readonly zeros: Uint32Array;
  private vocabulary: Map<string, number> | null = null;
  /**
   * Where each term occurs, built by `cells` once INDEX_AFTER terms have been tabled. (A command or
   * an MCP call reads the catalog afresh, a new array, so this index is never older than the call.)
   */
  private readonly postings = new IndexAfter(() => this.cells());
  private written: Map<string, string> | null = null;
  /** Each agent's scene terms (AgentTerms.scenes) as a set, built on the first "meta" count. */
  private sceneSets: Set<string>[] | null = null;

  constructor(private readonly docs: Indexed[]) {
    this.n = docs.length;
    let tokens = 0;
    for (const f of FIELDS) {
      const total = docs.reduce((sum, d) => sum + d.terms.len[f], 0);
      this.avg[f] = total / Math.max(1, this.n);
      tokens += total;
    }
    this.tokens = tokens;
    this.zeros = new Uint32Array(this.n * FIELDS.length);
  }

  /**
   * Where each term occurs, read once from every agent: its cells (agent times fields plus field)
   * and counts, in pairs. Searches look up many terms no agent writes: each is then one map
   * lookup, not a look in every field of every agent. Prompt bodies are read too (phrases are
   * never counted in them): a term's count in a body string is a search of the whole string.
   */
  private cells(): Map<string, number[]> {
    const postings = new Map<string, number[]>();
    const add = (term: string, cell: number, count: number) => {
      const list = postings.get(term);
      if (list === undefined) postings.set(term, [cell, count]);
      else list.push(cell, count);
    };
    this.docs.forEach((doc, i) => {
      const at = (f: Field) => i * FIELDS.length + FIELD_AT[f];
      for (const f of META_FIELDS)
        for (const [term, count] of Object.entries(doc.terms.tf[f])) add(term, at(f), count);
      for (const [term, count] of bodyTerms(doc.terms.body))
        if (!isPhrase(term)) add(term, at('body'), count);
    });
    return postings;
  }

  /** Counts of a term in every field of every agent, computed once per term. */
  private table(term: string): Uint32Array {
    const kept = this.tables.get(term);
    if (kept !== undefined) return kept;
    const cells = this.postings.indexFor(term);
    const indexed = cells !== null;
    const list = cells?.get(term);
    const table = indexed && list === undefined ? this.zeros : new Uint32Array(this.zeros.length);
    if (list !== undefined)
      for (let k = 0; k < list.length; k += 2) table[list[k] ?? 0] = list[k + 1] ?? 0;
    else if (!indexed)
      this.docs.forEach((doc, i) =>
        FIELDS.forEach((f, j) => (table[i * FIELDS.length + j] = termCount(doc.terms, f, term))),
      );
    this.tables.set(term, table);
    return table;
  }

  /** How often a term occurs in a field of the agent at `index`. */
  count(index: number, field: Field, term: string): number {
    return this.table(term)[index * FIELDS.length + FIELD_AT[field]] ?? 0;
  }

  /** How often a term occurs in the whole catalog, every field of every agent. */
  total(term: string): number {
    return this.table(term).reduce((sum, count) => sum + count, 0);
  }

  /** Number of agents with the term in the scope's fields. */
  df(scope: Scope, term: string): number {
    let cache = this.dfCache.get(scope);
    if (cache === undefined) this.dfCache.set(scope, (cache = new Map<string, number>()));
    let value = cache.get(term);
    if (value === undefined) {
      const counts = this.table(term);
      value = counts === this.zeros ? 0 : this.agentsWith(counts, scope, term);
      cache.set(term, value);
      this.dfKept++;
    }
    return value;
  }

  /**
   * Number of agents whose counts (a term's table) are above zero in the scope's fields, or, for
   * "meta", whose description's example scenes write the term. A project's scenes retell its
   * shared nouns ("the CartBuilder module is ready", "fighter stats"): counted, such a noun is as
   * common in the descriptions as it is, and stops outweighing the kind of work a request asks for.
   */
  private agentsWith(counts: Uint32Array, scope: Scope, term: string): number {
    const wanted = SCOPE_FIELDS[scope];
    const scenes = scope === 'meta' ? this.scenes() : null;
    let agents = 0;
    for (let i = 0; i < this.n; i++) {
      const at = i * FIELDS.length;
      if (wanted.some((j) => (counts[at + j] ?? 0) > 0) || scenes?.[i]?.has(term)) agents++;
    }
    return agents;
  }

  private scenes(): Set<string>[] {
    this.sceneSets ??= this.docs.map((doc) => new Set(doc.terms.scenes));
    return this.sceneSets;
  }

  /** BM25's inverse document frequency of a term in a scope's fields. */
  idf(scope: Scope, term: string): number {
    const df = this.df(scope, term);
    return Math.log(1 + (this.n - df + 0.5) / (df + 0.5));
  }

  /**
   * The idf a match in a field is scored with: a prompt body's own, or one shared by the metadata
   * fields, so a word the metadata repeats across its fields counts as common in each.
   */
  fieldIdf(field: Field, term: string): number {
    return this.idf(field === 'body' ? 'body' : 'meta', term);
  }

  /** Average length of a field, in terms. */
  avgLen(field: Field): number {
    return this.avg[field] || 1;
  }

  /** Words as written in every field except prompt bodies, each with its index term. */
  metaWords(): Map<string, string> {
    if (this.written !== null) return this.written;
    const written = new Map<string, string>();
    for (const doc of this.docs)
      for (const [term, word] of Object.entries(doc.terms.surface)) written.set(word, term);
    this.written = written;
    return written;
  }

  /** Terms (not phrases) of every field except prompt bodies, with their document frequencies. */
  metaVocabulary(): Map<string, number> {
    if (this.vocabulary !== null) return this.vocabulary;
    const vocabulary = new Map<string, number>();
    for (const doc of this.docs) {
      for (const f of META_FIELDS) {
        for (const term of Object.keys(doc.terms.tf[f]).filter((t) => !isPhrase(t)))
          vocabulary.set(term, (vocabulary.get(term) ?? 0) + 1);
      }
    }
    this.vocabulary = vocabulary;
    return vocabulary;
  }

  /** How many per-term entries this instance has kept (it grows with every new query word). */
  kept(): number {
    return this.tables.size + this.dfKept;
  }
}

/**
 * Past this many kept counts (kept terms times agents, a few bytes each) a catalog's statistics
 * start afresh, so a long-lived server searching one catalog stays within a few MB.
 */
const KEPT_CELLS = 1 << 18;

interface Cached {
  docs: readonly Indexed[];
  entries: Indexed[];
  stats: Stats;
}

const byCatalog = new WeakMap<readonly Indexed[], Cached>();

function sameEntries(cached: Cached): boolean {
  const { docs, entries } = cached;
  return docs.length === entries.length && docs.every((doc, i) => doc === entries[i]);
}

/**
 * The statistics of a catalog, kept for the same array of agents while its entries are the same
 * objects (an evaluation searching one catalog again and again builds them once; each search of
 * the service reads the catalog into a new array, so it builds its own).
 * Statistics are a pure function of the entries, so a kept instance answers as a new one would.
 */
export function statsFor(docs: Indexed[]): Stats {
  const cached = byCatalog.get(docs);
  if (
    cached !== undefined &&
    sameEntries(cached) &&
    cached.stats.kept() * Math.max(1, docs.length) < KEPT_CELLS
  )
    return cached.stats;
  const stats = new Stats(docs);
  byCatalog.set(docs, { docs, entries: [...docs], stats });
  return stats;
}
