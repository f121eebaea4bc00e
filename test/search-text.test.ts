import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAgentFile, renderAgentFile } from '../src/catalog/agent-file.js';
import { searchAgents, type SearchDoc } from '../src/catalog/search.js';
import { indexAgent } from '../src/catalog/search-index.js';
import { queryTerms, stem, terms, words } from '../src/catalog/text.js';
import { RELATED } from '../src/catalog/vocabulary.js';

/** Query analysis (stems, phrases, related words) and how related words count in a search. */
function catalog(descriptions: Record<string, string>): SearchDoc[] {
  return Object.entries(descriptions).map(([handle, description]) => {
    const agent = parseAgentFile(renderAgentFile({ handle, description, body: '' })).agent;
    if (agent === null) throw new Error(`bad fixture ${handle}`);
    return { agent, terms: indexAgent(agent, '') };
  });
}

const word = fc.oneof(
  fc.stringMatching(/^[a-z]{1,12}$/),
  fc.constantFrom('constructor', 'toString'),
);
const text = fc.array(fc.oneof(word, fc.constantFrom(...Object.keys(RELATED))), { maxLength: 12 });

describe('query terms (property tests)', () => {
  it('numbers the typed words in order, keeps each term once, and adds only listed related words', () => {
    fc.assert(
      fc.property(text, (list) => {
        const query = queryTerms(list.join(' '));
        const seen = new Set<string>();
        let group = 0;
        for (const t of query) {
          expect(seen.has(t.term)).toBe(false);
          seen.add(t.term);
          expect(t.group === group || t.group === group + 1).toBe(true);
          group = t.group;
          const own = terms(t.word);
          const related = Object.hasOwn(RELATED, t.word)
            ? (RELATED[t.word] ?? []).flatMap(terms)
            : [];
          expect(t.related ? related : own).toContain(t.term);
        }
        expect(query.length === 0 || query[0]?.group === 0).toBe(true);
      }),
    );
  });

  it('gives a related word no group of its own: a query has at most one group per typed word', () => {
    fc.assert(
      fc.property(text, (list) => {
        const query = queryTerms(list.join(' '));
        const groups = new Set(query.map((t) => t.group));
        expect(groups.size).toBeLessThanOrEqual(words(list.join(' ')).length);
        for (const g of groups) expect(query.some((t) => t.group === g && !t.related)).toBe(true);
      }),
    );
  });
});

describe('word forms', () => {
  it('stems a verb and its nouns alike (Porter2: "deploy" and "deployment")', () => {
    expect(stem('deploy')).toBe(stem('deployment'));
    expect(stem('deployed')).toBe(stem('deploying'));
    expect(stem('keys')).toBe(stem('key'));
  });

  it('reads "log in", "signed in" and "sign out" as one login word', () => {
    for (const phrase of ['log in', 'logged in', 'signed in', 'sign out', 'log out'])
      expect(words(`users cannot ${phrase} today`)).toContain('login');
    expect(words('single sign on')).toContain('sso');
  });
});

describe('related words in a search', () => {
  const docs = catalog({
    '@ops.incidents': 'Diagnoses production failures and Kubernetes outages',
    '@frontend.forms': 'Builds accessible web forms and client-side validation',
  });

  it('finds an agent through a related word only, ranked by it', () => {
    const hits = searchAgents(docs, 'pods crashing in production');
    expect(hits[0]?.handle).toBe('@ops.incidents');
  });

  it('does not count a word twice in coverage because it has related words', () => {
    const withRelated = searchAgents(docs, 'crash')[0];
    expect(withRelated?.handle).toBe('@ops.incidents');
    expect(withRelated?.confidence).toBeLessThanOrEqual(1);
    expect(searchAgents(docs, 'crash bake sourdough bread loaf')).toEqual([]);
  });
});
