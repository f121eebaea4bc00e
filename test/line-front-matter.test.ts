/**
 * Agent files whose front matter is not YAML but that Claude Code loads: generated descriptions
 * with unquoted colons ("Examples: <example>Context: ... user: '...'"). They load, read line by
 * line, with the YAML error kept as a warning; anything else that is not YAML stays an error.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineFields } from '../src/core/line-front-matter.js';
import { parseAgentFile } from '../src/catalog/agent-file.js';
import { cli, makeRepo } from './helpers.js';

const GENERATED = [
  '---',
  'name: gmail-test-specialist',
  "description: Use this agent to write tests for the Gmail API. Examples: <example>Context: a label sync. user: 'test it' assistant: 'I will use the agent'</example>",
  'tools: Read, Write, Bash',
  'model: sonnet',
  '---',
  'You write unit tests with mocks of the Gmail API.',
  '',
].join('\n');

describe('agent files Claude Code loads but YAML refuses', () => {
  it('load from .claude/agents, with the YAML error as a warning, and are found', async () => {
    const repo = await makeRepo();
    mkdirSync(join(repo, '.claude', 'agents'), { recursive: true });
    writeFileSync(join(repo, '.claude', 'agents', 'gmail-test-specialist.md'), GENERATED);
    const listed = await cli(repo, ['--json', 'agents', 'list']);
    const handles = listed.json<{ agents: { handle: string }[] }>().agents.map((a) => a.handle);
    expect(handles).toContain('@gmail-test-specialist');
    const table = await cli(repo, ['agents', 'list']);
    expect(table.stdout).toContain('Use this agent to write tests for the Gmail API.');
    expect(table.stdout).not.toContain('<example>');
    const checked = await cli(repo, ['validate', '.claude/agents']);
    expect(checked.code).toBe(0);
    expect(checked.stdout + checked.stderr).toMatch(
      /warning: malformed front matter.*quote the value/,
    );
    const found = await cli(repo, ['--json', 'search', 'tests for the gmail api mocks', '1']);
    expect(found.stdout).toContain('@gmail-test-specialist');
  });

  it('keep the description whole and the tools as written', () => {
    const parsed = parseAgentFile(GENERATED);
    expect(parsed.agent?.description).toContain("user: 'test it' assistant:");
    expect(parsed.agent?.tools).toEqual(['Read', 'Write', 'Bash']);
    expect(parsed.body).toBe('You write unit tests with mocks of the Gmail API.\n');
  });

  it('read the same with CR LF line ends, and take indented lines as a continuation', () => {
    const crlf = parseAgentFile(GENERATED.replace(/\n/g, '\r\n'));
    expect(crlf.agent?.tools).toEqual(['Read', 'Write', 'Bash']);
    expect(crlf.body).not.toContain('\r');
    const wrapped = parseAgentFile(
      GENERATED.replace('tools: Read', "  and more: 'context'\ntools: Read"),
    );
    expect(wrapped.agent?.description).toMatch(/<\/example>\nand more: 'context'$/);
  });

  it('leave valid YAML front matter to the YAML reader: no warning', () => {
    const valid = GENERATED.replace(
      /^description: (.*)$/m,
      (_, d: string) => `description: ${JSON.stringify(d)}`,
    );
    const parsed = parseAgentFile(valid);
    expect(parsed.problems).toEqual([]);
    expect(parsed.agent?.description).toBe(parseAgentFile(GENERATED).agent?.description);
  });

  it('split where the YAML path splits (one splitter): the body is the same either way', () => {
    const valid = GENERATED.replace(
      /^description: (.*)$/m,
      (_, d: string) => `description: ${JSON.stringify(d)}`,
    );
    // A closing line with more after its `---`: gray-matter keeps the rest of it in the body.
    const closing = (text: string) => text.replace('\n---\nYou', '\n--- \nYou');
    const lineRead = parseAgentFile(closing(GENERATED));
    expect(lineRead.agent?.tools).toEqual(['Read', 'Write', 'Bash']);
    expect(lineRead.body).toBe(parseAgentFile(closing(valid)).body);
  });

  it('stay an error when a front-matter line is neither a field nor its continuation', () => {
    const broken = GENERATED.replace('model: sonnet', '- model: [sonnet');
    expect(parseAgentFile(broken).agent).toBeNull();
  });
});

/** Scenes written as bare lines after the fields, as a real project's agent files have them. */
const BARE_SCENES = [
  '---',
  'name: backend-architect',
  'description: Use this agent for service design and Fastify implementation.',
  'model: opus',
  '',
  '<example>',
  'Context: User needs to design a new service',
  'user: "Design the agent lifecycle service"',
  'assistant: "I\'ll use the backend-architect agent"',
  '<commentary>',
  'Service design requires patterns.',
  '</commentary>',
  '</example>',
  '---',
  'You design services.',
  '',
].join('\n');

describe('agent files with bare example scenes (lines from <example> to </example> unindented)', () => {
  it('load with the scenes in the description, the other fields as written, and a warning that says what Claude Code does', () => {
    const parsed = parseAgentFile(BARE_SCENES);
    expect(parsed.agent?.handle).toBe('@backend-architect');
    expect(parsed.agent?.model).toBe('opus');
    expect(parsed.agent?.description).toMatch(
      /implementation\.\n<example>\nContext: User needs[\s\S]*user: "Design the agent lifecycle service"[\s\S]*<\/example>$/,
    );
    const warning = parsed.problems.find((p) => p.severity === 'warning')?.message ?? '';
    expect(warning).toMatch(/Claude Code cannot parse it/);
    expect(warning).toMatch(/fix: write description: \|/);
  });

  it('read a description ending in "Examples:" followed by bare scenes, then more fields', () => {
    const plugin = BARE_SCENES.replace(
      'implementation.\nmodel: opus\n',
      'implementation. Examples:\n',
    ).replace('</example>\n---', '</example>\n\nmodel: inherit\n---');
    const parsed = parseAgentFile(plugin);
    expect(parsed.agent?.model).toBe('inherit');
    expect(parsed.agent?.description).toMatch(/Examples:\n<example>[\s\S]*<\/example>$/);
  });

  it("are looked for in the front matter only: a prompt's own example keeps the quoting fix", () => {
    const colon = [
      '---',
      'name: api-writer',
      'description: Writes APIs: REST and GraphQL',
      '---',
      'You write APIs.',
      '<example>',
      'user: add an endpoint',
      '</example>',
    ].join('\n');
    const warning = parseAgentFile(colon).problems.find((p) => p.severity === 'warning');
    expect(warning?.message).toMatch(/as Claude Code does.*fix: quote the value/);
  });

  it('stay an error when a scene is left open (nothing is guessed)', () => {
    expect(parseAgentFile(BARE_SCENES.replace('</example>\n', '')).agent).toBeNull();
  });
});

describe('lineFields', () => {
  const key = fc.stringMatching(/^[a-z_][a-z0-9_-]{0,10}$/);
  const value = fc
    .string({ minLength: 1, maxLength: 40 })
    .map((v) => v.replace(/[\r\n]/g, ' ').trim())
    .filter((v) => v !== '' && !/^["']/.test(v))
    .chain((v) => fc.constantFrom(v, `${v}: x`, `Context: ${v} user: '${v}'`));

  it('reads back every key: value line as written, colons and all', () => {
    fc.assert(
      fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 6 }), (fields) => {
        const lines = Object.entries(fields).map(([k, v]) => `${k}: ${v}`);
        expect(lineFields(lines)).toEqual(fields);
      }),
    );
  });

  it('folds a scene into the description, its key-like lines no fields', () => {
    fc.assert(
      fc.property(
        fc.dictionary(key, value, { minKeys: 1, maxKeys: 6 }),
        fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 5 }),
        (fields, inside) => {
          const scene = ['<example>', ...inside.map(([k, v]) => `${k}: ${v}`), '</example>'];
          const lines = [...Object.entries(fields).map(([k, v]) => `${k}: ${v}`), '', ...scene];
          const read = lineFields(['description: d', ...lines]);
          if ('description' in fields) expect(read).toBeNull();
          else expect(read).toEqual({ description: ['d', ...scene].join('\n'), ...fields });
        },
      ),
    );
  });

  it('leaves an indented <example> line to the field above, as any indented line', () => {
    expect(lineFields(['description: |', '  <example> user: a: b'])).toEqual({
      description: '|\n<example> user: a: b',
    });
  });

  it('refuses a repeated key instead of choosing one', () => {
    expect(lineFields(['name: a', 'name: b'])).toBeNull();
  });
});
