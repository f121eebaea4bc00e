/**
 * The commit hook's agents gate reads Claude Code agent files as every other command does: a
 * description with an unquoted `: ` (as Claude Code's own generated agents and `<example>`
 * blocks write it) is loaded line by line by `agents list`, and `validate` calls it a warning,
 * so the hook must not refuse the commit that adds it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, git, makeRepo } from './helpers.js';

const CLAUDE_STYLE = `---
name: api-designer
description: Use this agent when designing APIs. Examples: <example>Context: adding an endpoint. user: 'Add PATCH /users/:id' assistant: 'I will use the api-designer agent'</example>
tools: Read, Write, WebFetch
model: opus
color: purple
---
Design APIs.
`;

function stageAgent(repo: string, name: string, text: string): void {
  mkdirSync(join(repo, '.claude', 'agents'), { recursive: true });
  writeFileSync(join(repo, '.claude', 'agents', name), text);
  git(repo, 'add', '.claude/agents');
}

describe('the pre-commit agents gate', () => {
  it('passes a Claude Code agent file that every other command loads', async () => {
    const repo = await makeRepo();
    stageAgent(repo, 'api-designer.md', CLAUDE_STYLE);
    const listed = await cli(repo, ['--json', 'agents', 'list']);
    expect(listed.json<{ not_loaded: unknown[] }>().not_loaded).toEqual([]);
    const gate = await cli(repo, ['gate', 'pre-commit']);
    expect(gate.stdout + gate.stderr).not.toContain('malformed front matter');
    expect(gate.code).toBe(0);
  });

  it('still refuses an agent file that does not load, saying why and the line', async () => {
    const repo = await makeRepo();
    stageAgent(repo, 'broken.md', '---\ndescription: no name here\n---\nBody.\n');
    const gate = await cli(repo, ['gate', 'pre-commit']);
    expect(gate.code).not.toBe(0);
    expect(gate.stdout + gate.stderr).toMatch(/\.claude\/agents\/broken\.md:\d+: .*name/);
  });
});
