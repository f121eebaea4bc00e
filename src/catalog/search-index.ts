/** The search index of one agent: term frequencies per weighted field. Pure: no I/O. */
import type { Agent } from './agent.js';
import { descriptionParts } from '../core/scenes.js';
import { terms, words, termsOfWord } from './text.js';

/** Fields searched, from the most telling to the least. */
export const FIELDS = ['name', 'tags', 'tech', 'description', 'role', 'body'] as const;
/** One searched field. */
export type Field = (typeof FIELDS)[number];

/**
 * How much a match in each field counts: name/tags/tech_stack over description and prompt body
 * (whose own document frequencies and slower saturation already discount its boilerplate). The
 * body weighs 1.25 since round 23 (1.5 since round 20, 2.5 before): a request in a user's words
 * meets a prompt's many words by chance more often than its metadata, and the no-match rule reads
 * the points.
 */
export const FIELD_WEIGHTS: Record<Field, number> = {
  name: 4,
  tags: 4,
  tech: 3,
  description: 2.5,
  role: 2,
  body: 1.25,
};

/** Labels used in the reasons of a result ("tag: jwt"). */
export const FIELD_LABELS: Record<Field, string> = {
  name: 'name',
  tags: 'tag',
  tech: 'tech_stack',
  description: 'description',
  role: 'role',
  body: 'prompt',
};

/** The fields other than the prompt body. */
export type MetaField = Exclude<Field, 'body'>;

/** Indexed terms of one agent. */
export interface AgentTerms {
  /** Term frequencies per metadata field. */
  tf: Record<MetaField, Record<string, number>>;
  /**
   * Body terms as one string, ` term term:3 ` (count after a colon when above one): prompts are
   * long, and one string per agent keeps the cached index quick to load.
   */
  body: string;
  /** Number of terms per field. */
  len: Record<Field, number>;
  /** The word an index term was first written as, in the fields shown in reasons. */
  surface: Record<string, string>;
  /**
   * The terms of the description's example scenes, each once. Scenes are scored as prompt text
   * (descriptionParts), but they are written in the description: its document frequency counts
   * them (Stats.df, scope "meta"). The prompt text counts each of them once too, however many
   * scenes retell it (round 42: a project noun told in three scenes outweighed the request's kind
   * of work).
   */
  scenes: string[];
}

function frequencies(list: string[]): Record<string, number> {
  const tf: Record<string, number> = {};
  for (const term of list) tf[term] = (tf[term] ?? 0) + 1;
  return tf;
}

function fieldTexts(agent: Agent, body: string, prose: string): Record<Field, string> {
  const [domain = '', module = ''] = agent.handle.slice(1).split('.');
  return {
    name: [domain, module, agent.module, agent.sub_module ?? ''].join(' '),
    tags: agent.tags.join(' \n '),
    tech: agent.tech_stack.join(' \n '),
    description: prose,
    role: [...agent.role, ...agent.scenarios, ...agent.capabilities].join(' \n '),
    body,
  };
}

function surfaces(texts: Record<Field, string>): Record<string, string> {
  const surface: Record<string, string> = {};
  for (const field of FIELDS) {
    if (field === 'body') continue;
    for (const word of words(texts[field])) {
      for (const term of termsOfWord(word)) surface[term] ??= word;
    }
  }
  return surface;
}

function encodeBody(tf: Record<string, number>): string {
  const items = Object.entries(tf).map(([term, n]) => (n > 1 ? `${term}:${n}` : term));
  return ` ${items.join(' ')} `;
}

/**
 * A prompt body's terms and counts, as termCount reads them (the string encodeBody writes):
 * the first of a repeated term (there are none: encodeBody writes each once).
 */
export function bodyTerms(body: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of body.split(' ')) {
    if (item === '') continue;
    const colon = item.indexOf(':');
    const term = colon < 0 ? item : item.slice(0, colon);
    const count = colon < 0 ? 1 : Number.parseInt(item.slice(colon + 1, colon + 10), 10);
    if (!counts.has(term)) counts.set(term, count);
  }
  return counts;
}

function bodyCount(body: string, term: string): number {
  let from = 0;
  for (;;) {
    const at = body.indexOf(` ${term}`, from);
    if (at < 0) return 0;
    const end = at + term.length + 1;
    if (body[end] === ' ') return 1;
    if (body[end] === ':') return Number.parseInt(body.slice(end + 1, end + 10), 10);
    from = end;
  }
}

/** How often a term occurs in a field of an agent (phrases are indexed in the metadata only). */
export function termCount(entry: AgentTerms, field: Field, term: string): number {
  if (field !== 'body') return entry.tf[field][term] ?? 0;
  return isPhrase(term) ? 0 : bodyCount(entry.body, term);
}

/** The index term of two adjacent terms, a phrase ("code_review"). */
export const phrase = (a: string, b: string): string => `${a}_${b}`;

/** Whether an index term is a phrase (terms themselves are letters and digits). */
export const isPhrase = (term: string): boolean => term.includes('_');

/** Phrases of a metadata field: adjacent terms within one line (one tag, one role). */
function phrases(text: string): string[] {
  return text.split('\n').flatMap((line) => {
    const list = terms(line);
    return list.slice(1).map((term, i) => phrase(list[i] ?? '', term));
  });
}

/** Builds the index entry of an agent and its prompt body. */
export function indexAgent(agent: Agent, body: string): AgentTerms {
  const parts = descriptionParts(agent.description);
  const texts = fieldTexts(agent, body, parts.prose);
  const scenes = [...new Set(terms(parts.scenes))];
  const tf = {} as Record<MetaField, Record<string, number>>;
  const len = {} as Record<Field, number>;
  let bodyTf: Record<string, number> = {};
  for (const field of FIELDS) {
    const list = field === 'body' ? [...scenes, ...terms(body)] : terms(texts[field]);
    if (field === 'body') bodyTf = frequencies(list);
    else tf[field] = frequencies([...list, ...phrases(texts[field])]);
    len[field] = list.length;
  }
  return { tf, body: encodeBody(bodyTf), len, surface: surfaces(texts), scenes };
}
