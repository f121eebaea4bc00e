/** The search index of one agent: term frequencies per weighted field. Pure: no I/O. */
import type { Agent } from './agent.js';
import { terms, words, termsOfWord } from './text.js';

/** Fields searched, from the most telling to the least. */
export const FIELDS = ['name', 'tags', 'tech', 'description', 'role', 'body'] as const;
/** One searched field. */
export type Field = (typeof FIELDS)[number];

/** How much a match in each field counts: name/tags/tech_stack over description over body. */
export const FIELD_WEIGHTS: Record<Field, number> = {
  name: 6,
  tags: 4,
  tech: 3,
  description: 2.5,
  role: 2,
  body: 1,
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

/** Indexed terms of one agent. */
export interface AgentTerms {
  /** Term frequencies per field. */
  tf: Record<Field, Record<string, number>>;
  /** Number of terms per field. */
  len: Record<Field, number>;
  /** The word an index term was first written as, in the fields shown in reasons. */
  surface: Record<string, string>;
}

function frequencies(list: string[]): Record<string, number> {
  const tf: Record<string, number> = {};
  for (const term of list) tf[term] = (tf[term] ?? 0) + 1;
  return tf;
}

function fieldTexts(agent: Agent, body: string): Record<Field, string> {
  const [domain = '', module = ''] = agent.handle.slice(1).split('.');
  return {
    name: [domain, module, agent.module, agent.sub_module ?? ''].join(' '),
    tags: agent.tags.join(' \n '),
    tech: agent.tech_stack.join(' \n '),
    description: agent.description,
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

/** Builds the index entry of an agent and its prompt body. */
export function indexAgent(agent: Agent, body: string): AgentTerms {
  const texts = fieldTexts(agent, body);
  const tf = {} as Record<Field, Record<string, number>>;
  const len = {} as Record<Field, number>;
  for (const field of FIELDS) {
    const list = terms(texts[field]);
    tf[field] = frequencies(list);
    len[field] = list.length;
  }
  return { tf, len, surface: surfaces(texts) };
}
