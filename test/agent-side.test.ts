import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION, BIN, CHANGE, cli, createFlag, FIXTURES, makeRepo, askAbout } from './helpers.js';

describe('instructions', () => {
  it('prints the protocol addressed to an agent, with our commands', async () => {
    const repo = await makeRepo();
    const res = await cli(repo, ['instructions', '--agent', 'backend.api']);
    expect(res.code).toBe(0);
    for (const text of [
      'You are `@backend.api`',
      'flagstore brief --agent @backend.api',
      'flagstore lock <id>',
      'flagstore search',
      'information_request',
      'flagstore complete <id>',
    ]) {
      expect(res.stdout).toContain(text);
    }
  });

  it('installs a marked section without touching the rest of the file, idempotently', async () => {
    const repo = await makeRepo();
    const file = join(repo, 'CLAUDE.md');
    writeFileSync(file, '# Project rules\n\nUse tabs.\n');
    expect(
      (await cli(repo, ['instructions', '--install', 'CLAUDE.md', '--agent', '@a.one'])).stdout,
    ).toBe('added the flagstore section to CLAUDE.md\n');
    const once = readFileSync(file, 'utf8');
    expect(once.startsWith('# Project rules\n\nUse tabs.\n\n<!-- flagstore:protocol:start')).toBe(
      true,
    );
    expect(
      (await cli(repo, ['instructions', '--install', 'CLAUDE.md', '--agent', '@a.one'])).stdout,
    ).toContain('unchanged');
    writeFileSync(file, `${once}\n## Added later by hand\n`);
    expect(
      (await cli(repo, ['instructions', '--install', 'CLAUDE.md', '--agent', '@b.two'])).stdout,
    ).toBe('updated the flagstore section in CLAUDE.md\n');
    const twice = readFileSync(file, 'utf8');
    expect(twice).toContain('You are `@b.two`');
    expect(twice).not.toContain('You are `@a.one`');
    expect(twice.match(/flagstore:protocol:start/g)).toHaveLength(1);
    expect(twice.endsWith('## Added later by hand\n')).toBe(true);
    expect((await cli(repo, ['instructions', '--install', 'AGENTS.md'])).stdout).toContain(
      'created',
    );
    expect(existsSync(join(repo, 'AGENTS.md'))).toBe(true);
  });
});

describe('brief', () => {
  it('prints nothing and exits 0 when nothing needs the agent', async () => {
    const repo = await makeRepo();
    await createFlag(repo, '@a.one', 'change', '--to', '@c.three');
    const res = await cli(repo, ['brief', '--agent', '@b.two']);
    expect(res).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('lists pending flags by priority, locks waiting for answers, and critical flags anywhere', async () => {
    const repo = await makeRepo();
    const low = await createFlag(repo, '@a.one', 'change', '--to', '@b.two', '--impact', 'low');
    const high = await createFlag(
      repo,
      '@a.one',
      'breaking_change',
      '--to',
      '@b.two',
      '--impact',
      'high',
    );
    const waiting = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const critical = await createFlag(
      repo,
      '@x.one',
      'security',
      '--to',
      '@c.three',
      '--impact',
      'critical',
    );
    await cli(repo, ['lock', waiting, '--by', '@b.two']);
    const question = await askAbout(repo, { from: '@b.two', to: '@a.one', about: waiting });
    await cli(repo, ['complete', question, '--by', '@a.one', '--notes', 'Answer.']);
    const res = await cli(repo, ['brief'], { FLAGSTORE_AGENT: '@b.two' });
    const out = res.stdout;
    expect(out.indexOf(high)).toBeLessThan(out.indexOf(low));
    expect(out).toMatch(
      new RegExp(`waiting for an answer[\\s\\S]*${waiting}[\\s\\S]*answer \\(request ${question}`),
    );
    expect(out).toMatch(new RegExp(`for other agents \\(they do not block[\\s\\S]*${critical}`));
    const json = (await cli(repo, ['--json', 'brief', '--agent', '@b.two'])).json<{
      pending: { id: string }[];
      waiting: unknown[];
      critical: unknown[];
    }>();
    expect(json.pending.map((f) => f.id)).toEqual([high, low]);
    expect(json.waiting).toHaveLength(1);
    expect(json.critical).toHaveLength(1);
  });
});

describe('MCP server, through the SDK client over stdio', () => {
  let client: Client | undefined;
  afterEach(async () => {
    await client?.close();
    client = undefined;
  });

  async function connect(repo: string, agent: string): Promise<Client> {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN, 'mcp', '--by', agent],
      cwd: repo,
      stderr: 'pipe',
    });
    client = new Client({ name: 'flagstore-test', version: '1.0.0' });
    await client.connect(transport);
    return client;
  }

  type ToolAnswer = {
    isError?: boolean;
    structuredContent?: Record<string, unknown>;
    content?: { text: string }[];
  };
  const errorOf = (a: ToolAnswer) =>
    (JSON.parse(a.content?.[0]?.text ?? '{}') as { error: Record<string, unknown> }).error;

  it('lists its tools with input schemas', async () => {
    const repo = await makeRepo();
    const c = await connect(repo, '@a.one');
    const { tools } = await c.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(
      expect.arrayContaining([
        'complete_flag',
        'create_flag',
        'get_pending_flags',
        'lock_flag',
        'show_flag',
        'unlock_flag',
      ]),
    );
    expect(tools.map((t) => t.name)).toEqual(
      expect.arrayContaining(['search_agents', 'list_agents']),
    );
    const create = tools.find((t) => t.name === 'create_flag');
    expect(create?.inputSchema.required).toEqual(
      expect.arrayContaining(['flag_type', 'change_description', 'action_required']),
    );
  });

  it('runs the lifecycle with the same validation and errors as the CLI', async () => {
    const repo = await makeRepo();
    const c = await connect(repo, '@a.one');
    const bad = (await c.callTool({
      name: 'create_flag',
      arguments: { flag_type: 'change', change_description: 'short', action_required: ACTION },
    })) as ToolAnswer;
    expect(bad.isError).toBe(true);
    expect(JSON.stringify(errorOf(bad))).toContain(
      'change_description must be at least 50 characters',
    );
    const created = (await c.callTool({
      name: 'create_flag',
      arguments: {
        flag_type: 'change',
        target_agent: 'b.two',
        change_description: CHANGE,
        action_required: ACTION,
        related_files: ['a.ts'],
      },
    })) as ToolAnswer;
    const flag = created.structuredContent?.flag as { id: string; source_agent: string };
    expect(flag.source_agent).toBe('@a.one');
    const pending = (await c.callTool({
      name: 'get_pending_flags',
      arguments: { agent: '@b.two' },
    })) as ToolAnswer;
    expect((pending.structuredContent?.flags as { id: string }[]).map((f) => f.id)).toEqual([
      flag.id,
    ]);
    const locked = (await c.callTool({
      name: 'lock_flag',
      arguments: { id: flag.id.slice(0, 10), agent: '@b.two', ttl: '1h' },
    })) as ToolAnswer;
    expect(locked.structuredContent?.flag).toMatchObject({
      locked_by: '@b.two',
      lock_state: 'held',
    });
    const refused = (await c.callTool({
      name: 'complete_flag',
      arguments: { id: flag.id },
    })) as ToolAnswer;
    expect(refused.isError).toBe(true);
    expect(errorOf(refused)).toMatchObject({ code: 'conflict' });
    const done = (await c.callTool({
      name: 'complete_flag',
      arguments: { id: flag.id, agent: '@b.two', notes: 'Done.' },
    })) as ToolAnswer;
    expect(done.structuredContent?.flag).toMatchObject({
      status: 'completed',
      completed_by: '@b.two',
      notes: 'Done.',
    });
    const shown = await cli(repo, ['--json', 'show', flag.id]);
    expect(shown.json<{ flag: { status: string } }>().flag.status).toBe('completed');
  });

  it('searches and lists the catalog', async () => {
    const repo = await makeRepo();
    expect((await cli(repo, ['agents', 'import', `${FIXTURES}/agents`])).code).toBe(0);
    const c = await connect(repo, '@backend.api');
    const found = (await c.callTool({
      name: 'search_agents',
      arguments: { query: 'PostgreSQL query performance tuning', limit: 3 },
    })) as ToolAnswer;
    const results = found.structuredContent?.results as { handle: string; reasons: string[] }[];
    expect(results[0]?.handle).toBe('@database.postgres');
    expect(results[0]?.reasons.length).toBeGreaterThan(0);
    const none = (await c.callTool({
      name: 'search_agents',
      arguments: { query: 'bake sourdough bread' },
    })) as ToolAnswer;
    expect(none.structuredContent?.results).toEqual([]);
    const listed = (await c.callTool({ name: 'list_agents', arguments: {} })) as ToolAnswer;
    expect((listed.structuredContent?.agents as unknown[]).length).toBe(
      readdirSync(`${FIXTURES}/agents`).length,
    );
  });
});
