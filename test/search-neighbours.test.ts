import { describe, expect, it } from 'vitest';
import { searchAgents } from '../src/catalog/search.js';
import { wordNeighbours } from '../src/catalog/word-neighbours.js';
import { describedCatalog } from './search-helpers.js';

describe("search: a word's distributional neighbours (data/word-neighbours.txt)", () => {
  const docs = describedCatalog({
    '@home.appliances': 'Appliance repairs: washing machines, refrigerators and freezers',
    '@home.garden': 'Garden care: lawns, hedges and planting beds',
    '@shop.tills': 'Till receipts, refunds and the weekly stock count',
  });
  const always = { answer: { bias: 1, domain: 0, points: 0 } };

  it('holds the nearest everyday words of a word, as stemmed index terms', () => {
    expect(wordNeighbours('fridg')).toContain('refriger');
    expect(wordNeighbours('lawyer')).toContain('attorney');
    expect(wordNeighbours('xyzzi')).toEqual([]);
  });

  it('reaches the agent that writes a neighbour of a word the catalog lacks, and says so', () => {
    // Kinds off: WordNet's kind of "fridge" (appliance) would reach it too.
    const [hit] = searchAgents(docs, 'the fridge stopped cooling', 3, { ...always, kindWeight: 0 });
    expect(hit?.handle).toBe('@home.appliances');
    expect(hit?.reasons.join(' ')).toContain('(related to "fridge")');
  });

  it('reaches none of them with neighbours off', () => {
    const off = { ...always, neighbourWeight: 0, kindWeight: 0 };
    expect(searchAgents(docs, 'the fridge stopped cooling', 3, off)).toEqual([]);
  });
});
