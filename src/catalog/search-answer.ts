/**
 * The search's no-match rule: whether the best agent is an answer, or the request fits no agent.
 *
 * It reads how far the best agent stands out from the second (their scores: points times the
 * share of the request each covers), how much of the request the best agent covers, and how much
 * the request reads like the catalog rather than like everyday English. That last is, for each of
 * its terms, the log of how much more often the catalog's text uses it than spoken English does
 * (SUBTLEX-US word counts, data/everyday-words.txt), the catalog's rate smoothed towards
 * English's (Dirichlet smoothing), so a word it uses often counts for it ("kubernetes", "robot"
 * in a robotics catalog), and a word it uses no more than English does counts for nothing, for or
 * against ("bread", "wedding", or "logged out" in a user's words). No word list is written for
 * this: the catalog and a general corpus decide. Pure: no I/O.
 */
import { everydayCount, everydayTotal } from './everyday-words.js';
import { minedCount, type MinedWords } from './related-words.js';
import { isPhrase, type AgentTerms } from './search-index.js';
import type { Stats } from './search-stats.js';

/**
 * Weight of the prior in the catalog's smoothed rate, in terms (Dirichlet's mu): a catalog of
 * short agent files (a few thousand terms) reads a word it uses three or four times as a sign,
 * not as proof.
 */
const MU = 3000;
/** Largest evidence one term can give, for or against (a log ratio). */
const CLIP = 4;

/** Agent text in general (a mined table's counts), and its share in the catalog's prior. */
export interface AgentCorpus {
  table: MinedWords;
  share: number;
}

/**
 * One term's evidence: log(catalog rate / English rate), clipped to [-CLIP, CLIP]; the catalog's
 * rate is smoothed towards a mix of English and agent text in general.
 */
function termEvidence(term: string, stats: Stats, corpus: AgentCorpus): number {
  const english = (everydayCount(term) + 1) / everydayTotal();
  const agents = minedCount(corpus.table, term) / Math.max(1, corpus.table.total);
  const prior = (1 - corpus.share) * english + corpus.share * agents;
  const catalog = (stats.total(term) + MU * prior) / (stats.tokens + MU);
  return Math.max(-CLIP, Math.min(CLIP, Math.log(catalog / english)));
}

/**
 * Evidence that the request (its index terms) is about what the catalog covers: the sum of what
 * its terms say for it. A term the catalog uses no more often than English says nothing, for or
 * against: a request in a user's everyday words is not less about the catalog for them.
 */
export function domainEvidence(terms: string[], stats: Stats, corpus: AgentCorpus): number {
  return terms.reduce((sum, term) => sum + Math.max(0, termEvidence(term, stats, corpus)), 0);
}

/** One agent's share of {@link catalogRarity}: its metadata words, and their summed rarity. */
interface Rarity {
  words: number;
  sum: number;
}

/** Each loaded agent's share, computed once: index entries are not changed once built. */
const rarities = new WeakMap<AgentTerms, Rarity>();

/** An agent's metadata words (not its phrases) and the sum of their -ln(English rate). */
function agentRarity(terms: AgentTerms): Rarity {
  let rarity = rarities.get(terms);
  if (rarity !== undefined) return rarity;
  rarity = { words: 0, sum: 0 };
  const total = Math.log(everydayTotal());
  for (const tf of Object.values(terms.tf))
    for (const [term, n] of Object.entries(tf)) {
      if (isPhrase(term)) continue;
      rarity.words += n;
      rarity.sum += n * (total - Math.log(everydayCount(term) + 1));
    }
  rarities.set(terms, rarity);
  return rarity;
}

/**
 * How rare the catalog's own words are in spoken English: the mean, over the terms of every
 * agent's metadata (name, tags, tech stack, description, role), of -ln(English rate). A catalog
 * of trades written in everyday words (a bakery, a circus: about 10.6) meets everyday requests
 * more easily than one of software agents (about 12 to 13.7), so the rule asks more of a request
 * there. Read on every search, so each agent's share is kept beside its index entry.
 */
export function catalogRarity(docs: { terms: AgentTerms }[]): number {
  let words = 0;
  let sum = 0;
  for (const doc of docs) {
    const rarity = agentRarity(doc.terms);
    words += rarity.words;
    sum += rarity.sum;
  }
  return words === 0 ? 0 : sum / words;
}

/** What the no-match rule reads of a request and its best agent. */
export interface AnswerFeatures {
  /** {@link domainEvidence} of the request's terms. */
  domain: number;
  /** ln(1 + the best agent's score, its points times its coverage). */
  points: number;
  /**
   * How far the best agent stands out: ln(1 + its score) - ln(1 + the second's score). A request
   * an agent fits singles it out; one no agent fits meets several by a word or two each.
   */
  margin: number;
  /** The best agent's coverage: the share of the request's weight it explains (0 to 1). */
  cover: number;
  /**
   * The best agent's share of every matched agent's score (0 to 1; since round 27). Beside the
   * margin over the second, a lower share (the request's words also reach agents past the
   * second) counts for an answer: fitted on the pool, not written.
   */
  share: number;
  /** {@link catalogRarity} of the catalog searched. */
  rarity: number;
}

/**
 * Weights of the no-match rule's linear score: the best agent answers when it is above zero.
 * Without a rarity weight, the catalog's rarity counts for nothing.
 */
export type AnswerWeights = {
  bias: number;
  domain: number;
  points?: number;
  margin?: number;
  cover?: number;
  share?: number;
  rarity?: number;
};

/**
 * Domain, margin, cover and share (since round 27) fitted by logistic regression on the tuning
 * pool (requests an agent fits against unrelated and everyday ones), then scanned for the rule
 * that answers the most of them right first; rarity set by a scan (the regression's own weight for
 * a reading that is one number per catalog overshoots); the bias each time lowered until, on every
 * catalog, 91% of the unrelated lists together and 70% of the everyday list get no agent (since
 * round 22; until then 80% of each list on each catalog, which refused far more than the goal's 8
 * of 10): scripts/bench/search-fit.mjs. The best agent's points (until round 21) are no longer
 * read: the margin over the second carries them.
 */
export const ANSWER: AnswerWeights = {
  bias: -5.925,
  domain: 0.749,
  margin: 2.115,
  cover: -0.675,
  share: -0.954,
  rarity: 0.075,
};

/** Weights that answer every request a word of which some agent matches: the ranking alone,
 * the no-match rule off (the evaluations' "rule off" reading, and tests of the ranking). */
export const ANSWER_ALWAYS: AnswerWeights = { bias: 1, domain: 0 };

/** Whether the best agent explains enough of the request to be an answer. */
export function answers(f: AnswerFeatures, w: AnswerWeights = ANSWER): boolean {
  const readings =
    w.domain * f.domain +
    (w.points ?? 0) * f.points +
    (w.margin ?? 0) * f.margin +
    (w.cover ?? 0) * f.cover +
    (w.share ?? 0) * f.share +
    (w.rarity ?? 0) * f.rarity;
  return w.bias + readings > 0;
}
