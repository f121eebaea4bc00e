import { describe, expect, it } from 'vitest';
import { ANSWER_ALWAYS } from '../src/catalog/search-answer.js';
import { descriptionParts } from '../src/core/scenes.js';
import { SEARCH_LIMIT, searchAgents } from '../src/catalog/search.js';
import { mcpInstructions } from '../src/agent/mcp-text.js';
import { protocolText } from '../src/agent/protocol.js';
import { AGENT_TOOLS } from '../src/mcp/agent-tools.js';
import { termCount } from '../src/catalog/search-index.js';
import { Stats } from '../src/catalog/search-stats.js';
import { terms } from '../src/catalog/text.js';
import { describedCatalog } from './search-helpers.js';

const always = { answer: ANSWER_ALWAYS };
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

describe("search: a project's nouns retold in example scenes", () => {
  const scene = (request: string, handle: string) =>
    ` Examples: <example>Context: work on the shop. user: "${request}" assistant: "I will use the ${handle} agent"</example>`;
  const docs = describedCatalog({
    '@checkout-engineer': 'Builds the checkout flow, the cart and the payment forms of the shop.',
    '@docs-writer':
      'Keeps the documentation of every module up to date.' +
      scene('We changed the checkout flow, the docs are outdated', 'docs-writer'),
    '@test-engineer':
      'Writes unit and end-to-end tests.' +
      scene('The checkout flow is ready for testing', 'test-engineer'),
    '@security-reviewer':
      'Reviews code for vulnerabilities and secret handling.' +
      scene('Here is the checkout module I wrote', 'security-reviewer'),
  });

  it('counts a noun the scenes share as common, so the kind of work asked for decides', () => {
    const [hit] = searchAgents(docs, 'the checkout flow needs better documentation', 3, always);
    expect(hit?.handle).toBe('@docs-writer');
  });

  it("leaves a catalog without scenes as it was: a word's document frequency is its metadata's", () => {
    const plain = describedCatalog({
      '@checkout-engineer': 'Builds the checkout flow and the payment forms.',
      '@docs-writer': 'Keeps the documentation of every module up to date.',
    });
    const [hit] = searchAgents(plain, 'the checkout flow is broken', 3, always);
    expect(hit?.handle).toBe('@checkout-engineer');
    const stats = new Stats(plain);
    for (const term of terms('checkout documentation module keeps')) {
      const holders = plain.filter((d) => Object.values(d.terms.tf).some((tf) => tf[term]));
      expect(stats.df('meta', term)).toBe(holders.length);
    }
  });
});

describe("search: what an agent's scenes add to its prompt text (round 42)", () => {
  const scene = (request: string) =>
    `<example>Context: the shop. user: "${request}" assistant: "Let me use the tester agent on the refund flow"</example>`;
  const tester =
    'Writes and runs tests. Examples: ' +
    ['The checkout flow is ready for testing', 'Test the checkout totals', 'Checkout broke again']
      .map(scene)
      .join(' ');
  const [doc] = describedCatalog({ '@tester': tester });

  it("keeps the user's requests and drops the assistant's replies", () => {
    const { scenes } = descriptionParts(tester);
    expect(scenes).toContain('user: "Test the checkout totals"');
    expect(scenes).not.toMatch(/refund|Let me use/);
    expect(doc && termCount(doc.terms, 'body', terms('refund')[0] ?? '')).toBe(0);
  });

  it('counts each scene word once, however many scenes retell it', () => {
    expect(doc && termCount(doc.terms, 'body', terms('checkout')[0] ?? '')).toBe(1);
  });
});

describe("search's users are told to compare what it returns", () => {
  it('names the number of answers a search gives by default in every text that asks it', () => {
    const word = ['one', 'two', 'three', 'four', 'five', 'six', 'seven'][SEARCH_LIMIT - 1];
    expect(mcpInstructions()).toContain(`compare the ${word ?? SEARCH_LIMIT} descriptions`);
    expect(protocolText('@a.one')).toContain(`compare the ${word ?? SEARCH_LIMIT} it`);
    const tool = AGENT_TOOLS.find((t) => t.name === 'search_agents');
    expect(tool?.description).toContain(`all ${word ?? SEARCH_LIMIT} it returns`);
  });
});
