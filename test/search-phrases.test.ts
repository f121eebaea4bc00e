import { describe, expect, it } from 'vitest';
import { ANSWER_ALWAYS } from '../src/catalog/search-answer.js';
import { searchAgents } from '../src/catalog/search.js';
import { describedCatalog } from './search-helpers.js';

describe('search: two words side by side in the metadata (a phrase)', () => {
  const docs = describedCatalog({
    '@team.alpha': 'Reads each pull request and gives code review comments on naming',
    '@team.beta': 'Review code coverage',
    '@ops.git': 'Branching, rebases and release tags',
  });
  const always = { answer: ANSWER_ALWAYS };

  it("ranks the agent that writes the request's words side by side first, and says so", () => {
    const [hit] = searchAgents(docs, 'a code review of my repo', 3, always);
    expect(hit?.handle).toBe('@team.alpha');
    expect(hit?.reasons).toContain('description: code review');
  });

  it('ranks by the single words alone without phrases', () => {
    const apart = { ...always, phraseWeight: 0 };
    const [hit] = searchAgents(docs, 'a code review of my repo', 3, apart);
    expect(hit?.handle).toBe('@team.beta');
  });
});
