import { describe, expect, it } from 'vitest';
import { ANSWER_ALWAYS } from '../src/catalog/search-answer.js';
import { searchAgents } from '../src/catalog/search.js';
import { FIELDS, indexAgent } from '../src/catalog/search-index.js';
import { INDEX_AFTER } from '../src/catalog/index-after.js';
import { Stats, statsFor } from '../src/catalog/search-stats.js';
import { describedCatalog } from './search-helpers.js';

/** A catalog's statistics are kept for its array of agents: searches answer as with new ones. */
describe('search: statistics kept per catalog', () => {
  const agents = {
    '@pets.kennels': 'Boarding kennels: bookings for dogs and cats, vaccination records, feeding',
    '@pets.aviary': 'Aviary records for parrots, finches and other birds',
    '@shop.tills': 'Till receipts, refunds and the weekly stock count',
  };
  const always = { answer: ANSWER_ALWAYS };
  const queries = ['book the dogs in', 'refunds at the till', 'parrot records', 'weekly count'];

  it('answers every query as a search on a fresh copy of the catalog does', () => {
    const docs = describedCatalog(agents);
    const kept = queries.flatMap((q) => [searchAgents(docs, q, 3, always)]);
    const again = queries.flatMap((q) => [searchAgents(docs, q, 3, always)]);
    const fresh = queries.map((q) => searchAgents([...docs], q, 3, always));
    expect(again).toEqual(kept);
    expect(kept).toEqual(fresh);
    expect(statsFor(docs)).toBe(statsFor(docs));
  });

  it('starts afresh when an entry of the same array is replaced or added', () => {
    const docs = describedCatalog(agents);
    const first = statsFor(docs);
    const other = describedCatalog({ '@shop.tills': 'Dog grooming and kennel bookings' });
    docs[2] = other[0]!;
    const replaced = statsFor(docs);
    expect(replaced).not.toBe(first);
    expect(searchAgents(docs, 'dog grooming', 1, always)[0]?.handle).toBe('@shop.tills');
    docs.push(...describedCatalog({ '@pets.vets': 'Vaccination and worming for pets' }));
    expect(statsFor(docs)).not.toBe(replaced);
    expect(statsFor(docs).n).toBe(4);
  });

  it('counts every term alike before and after it indexes the metadata and bodies at once', () => {
    // Prompt bodies with repeated words, and words that begin others ("feed", "feeding").
    const bodies = [
      'Feed the dogs, then feeding times: dogs twice, cats once. Dogs board for a week.',
      'Ring each bird; record the finches and the parrots, record every parrot ring.',
      'Count the stock, count it again; refunds need a till receipt and a manager.',
    ];
    const docs = describedCatalog(agents).map((doc, i) => ({
      ...doc,
      terms: indexAgent(doc.agent, bodies[i] ?? ''),
    }));
    const written = docs.flatMap((d) => [
      ...Object.values(d.terms.tf).flatMap((tf) => Object.keys(tf)),
      ...d.terms.body.split(' ').map((item) => item.split(':')[0] ?? ''),
    ]);
    const terms = [...new Set([...written, 'absent', 'constructor', 'toString'])];
    expect(terms.length).toBeLessThan(INDEX_AFTER);
    const counts = (stats: Stats) =>
      terms.map((term) =>
        docs.map((_, i) => FIELDS.map((field) => stats.count(i, field, term)).join(',')),
      );
    const warmed = new Stats(docs);
    for (let i = 0; i < INDEX_AFTER; i++) warmed.count(0, 'name', `filler${i}`);
    expect(counts(warmed)).toEqual(counts(new Stats(docs)));
    expect(warmed.df('meta', 'records')).toBe(new Stats(docs).df('meta', 'records'));
  });
});
