import { describe, expect, it } from 'vitest';
import { relatedTerms } from '../src/catalog/search-vocabulary.js';

describe('relatedTerms (the related-words table, stemmed on first use)', () => {
  it('gives the stemmed index terms related to a stemmed query term', () => {
    expect(relatedTerms('tutori')).toEqual(['document']);
    expect(relatedTerms('map')).toEqual(['geospati', 'gis', 'locat']);
    expect(relatedTerms('ratelimit')).toEqual(['rate', 'limit', 'throttl', 'api']);
  });

  it('leaves out the term itself and answers the same on later calls', () => {
    // "log" is related to "logging", whose term is "log" again.
    expect(relatedTerms('log')).toEqual(['monitor']);
    expect(relatedTerms('log')).toEqual(['monitor']);
  });

  it('gives nothing for a term without related words, or for an unstemmed key', () => {
    expect(relatedTerms('banana')).toEqual([]);
    expect(relatedTerms('tutorial')).toEqual([]);
  });
});
