import { describe, expect, it } from 'vitest';
import { ANSWER_ALWAYS } from '../src/catalog/search-answer.js';
import { searchAgents } from '../src/catalog/search.js';
import { describedCatalog } from './search-helpers.js';
import { parseWordKinds, wordKinds } from '../src/catalog/word-kinds.js';

describe("search: a word's kind (data/word-kinds.txt)", () => {
  const docs = describedCatalog({
    '@pets.kennels': 'Boarding kennels: bookings for dogs and cats, vaccination records, feeding',
    '@pets.aviary': 'Aviary records for parrots, finches and other birds',
    '@shop.tills': 'Till receipts, refunds and the weekly stock count',
  });
  const always = { answer: ANSWER_ALWAYS };

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

  describe("WordNet's topic and same-root links (since round 28)", () => {
    const school = describedCatalog({
      '@school.exams': 'Exam halls: timetables, seating plans and who will supervise each sitting',
      '@legal.counsel': 'Family law: divorce, custody and the court papers they need',
      '@shop.tills': 'Till receipts, refunds and the weekly stock count',
    });

    it('holds the topic and the same-root words of a word, beside its kinds', () => {
      expect(wordKinds('invigil')).toContain('supervis');
      expect(wordKinds('affidavit')).toContain('law');
      expect(wordKinds('surgic')).toContain('surgeri');
    });

    it('reaches the agent that writes a linked word', () => {
      const [hit] = searchAgents(school, 'someone to invigilate on Friday', 3, always);
      expect(hit?.handle).toBe('@school.exams');
      expect(hit?.reasons).toContain('description: supervise (related to "invigilate")');
      expect(searchAgents(school, 'swear an affidavit', 3, always)[0]?.handle).toBe(
        '@legal.counsel',
      );
    });
  });
});
