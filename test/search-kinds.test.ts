import { describe, expect, it } from 'vitest';
import { searchAgents } from '../src/catalog/search.js';
import { describedCatalog } from './search-helpers.js';
import { parseWordKinds, wordKinds } from '../src/catalog/word-kinds.js';

describe("search: a word's kind (data/word-kinds.txt)", () => {
  const docs = describedCatalog({
    '@pets.kennels': 'Boarding kennels: bookings for dogs and cats, vaccination records, feeding',
    '@pets.aviary': 'Aviary records for parrots, finches and other birds',
    '@shop.tills': 'Till receipts, refunds and the weekly stock count',
  });
  const always = { answer: { bias: 1, domain: 0, points: 0 } };

  it('holds the kinds WordNet gives a noun, as stemmed index terms', () => {
    expect(wordKinds('spaniel')).toContain('dog');
    expect(wordKinds('penguin')).toContain('bird');
    expect(parseWordKinds('spaniel dog\nbeagl dog\n\n').get('beagl')).toEqual(['dog']);
  });

  it('reaches the agent that writes the kind of a word the catalog lacks, and says so', () => {
    const [hit] = searchAgents(docs, 'our spaniel needs somewhere to stay', 3, always);
    expect(hit?.handle).toBe('@pets.kennels');
    expect(hit?.reasons).toContain('description: dogs (related to "spaniel")');
    expect(searchAgents(docs, 'the penguin', 3, always)[0]?.handle).toBe('@pets.aviary');
  });

  it('reaches none of them with kinds off', () => {
    const off = { ...always, kindWeight: 0 };
    expect(searchAgents(docs, 'the penguin', 3, off)).toEqual([]);
  });
});
