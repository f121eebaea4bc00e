import { describe, expect, it } from 'vitest';
import { descriptionParts } from '../src/catalog/search-index.js';
import { searchAgents } from '../src/catalog/search.js';
import { describedCatalog } from './search-helpers.js';

const always = { answer: { bias: 1, domain: 0, points: 0 } };
const reviewer =
  'Use this agent to review code after it is written. Examples: <example>Context: the user just ' +
  'wrote the JWT login endpoint. user: "I finished the JWT login endpoint, it returns tokens" ' +
  'assistant: "I will use the code-reviewer agent to review the JWT login endpoint"</example>';

describe("search: a Claude Code description's example scenes", () => {
  const docs = describedCatalog({
    '@code-reviewer': reviewer,
    '@auth-engineer': 'Builds the JWT login endpoint, sessions and tokens of the API.',
    '@docs-writer': 'Writes the README, the guides and the changelog.',
  });

  it("does not let another module's work told in a scene outweigh the agent it belongs to", () => {
    const [hit] = searchAgents(docs, 'the JWT login endpoint returns expired tokens', 3, always);
    expect(hit?.handle).toBe('@auth-engineer');
  });

  it("still finds an agent by a scene's words, as prompt text", () => {
    const [hit] = searchAgents(
      docs,
      'is my new endpoint written well, can someone review it',
      3,
      always,
    );
    expect(hit?.handle).toBe('@code-reviewer');
    const only = searchAgents(
      describedCatalog({ '@code-reviewer': reviewer, '@docs-writer': 'Guides.' }),
      'JWT',
      3,
      always,
    );
    expect(only[0]?.reasons).toContain('prompt: jwt');
  });

  it('keeps the sentences and takes out the scenes with their label', () => {
    const parts = descriptionParts(reviewer);
    expect(parts.prose).toBe('Use this agent to review code after it is written.');
    expect(parts.scenes).toMatch(/^Examples: <example>Context:[\s\S]*<\/example>$/);
    expect(descriptionParts('No scenes here.')).toEqual({ prose: 'No scenes here.', scenes: '' });
  });
});
