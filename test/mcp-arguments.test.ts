/**
 * What an agent on MCP is told about its own arguments: fixes that name the tool and the
 * argument (never a CLI option), warnings a create would otherwise drop, and a catalog listing
 * that stays a page however large the catalog grows.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION, CHANGE, makeRepo, tempDir } from './helpers.js';
import { call, closeAll, connectInProcess, errorOf, writeFlags } from './mcp-helpers.js';

afterEach(closeAll);

/** Writes catalog agents `@team<i>.mod<i>` into agents/. */
function writeAgents(repo: string, count: number): string[] {
  mkdirSync(join(repo, 'agents'), { recursive: true });
  return Array.from({ length: count }, (_, i) => {
    const name = `team${i}.mod${i}`;
    const text = `---\nname: ${name}\ndescription: Owns module ${i}, its handlers and tests\n---\nYou own module ${i}.\n`;
    writeFileSync(join(repo, 'agents', `${name}.md`), text);
    return `@${name}`;
  });
}

const flag = { flag_type: 'change', change_description: CHANGE, action_required: ACTION };

describe('tool arguments', () => {
  it('describes every argument of every tool', async () => {
    const client = await connectInProcess(await makeRepo(), { by: '@a.one' });
    const { tools } = await client.listTools();
    const bare = tools.flatMap((tool) =>
      Object.entries(tool.inputSchema.properties ?? {})
        .filter(([, schema]) => !(schema as { description?: string }).description)
        .map(([name]) => `${tool.name}.${name}`),
    );
    expect(bare).toEqual([]);
  });
});

describe("arguments that fail a tool's input schema", () => {
  it('get a fix naming the tool, the arguments at fault and the ones it takes', async () => {
    const client = await connectInProcess(await makeRepo(), { by: '@a.one' });
    const missing = errorOf(await call(client, 'create_flag', { flag_type: 'change' }));
    expect(missing.code).toBe('usage');
    expect(missing.fix).toBe(
      'call create_flag again with change_description and action_required corrected (see the message); create_flag takes flag_type, change_description, action_required (required) and target_agent, impact_level, related_files, code_location, example_usage, context, chain_origin_id, source_agent, force (optional)',
    );
    const typed = errorOf(await call(client, 'list_flags', { status: 'pendng' }));
    expect(typed.fix).toMatch(
      /^call list_flags again with status corrected \(see the message\); list_flags takes /,
    );
    const noId = errorOf(await call(client, 'show_flag', {}));
    expect(noId.fix).toBe(
      'ids come from list_flags {}; then call show_flag again with id corrected (see the message); show_flag takes id (required)',
    );
  });
});

describe('arguments a tool does not take', () => {
  it('are refused with the fix naming them, not ignored (a filter under the wrong name widened the answer)', async () => {
    const repo = await makeRepo();
    writeFlags(repo, 2, '@b.two');
    const client = await connectInProcess(repo, { by: '@a.one' });
    const { tools } = await client.listTools();
    const listFlags = tools.find((tool) => tool.name === 'list_flags');
    expect(listFlags?.inputSchema.additionalProperties).toBe(false);
    const answer = await call(client, 'list_flags', { agent: '@c.three' });
    expect(answer.isError).toBe(true);
    const refused = errorOf(answer);
    expect(refused.code).toBe('usage');
    expect(refused.fix).toMatch(
      /^call list_flags again without agent, which it does not take; list_flags takes target, /,
    );
  });
});

describe('create_flag and reply_flag name their own arguments', () => {
  it('a target one typo from a catalog handle: the fix passes force to create_flag, no CLI option', async () => {
    const repo = await makeRepo();
    writeAgents(repo, 3);
    const client = await connectInProcess(repo, { by: '@a.one' });
    const typo = errorOf(
      await call(client, 'create_flag', { ...flag, target_agent: '@team1.mod2' }),
    );
    expect(typo.code).toBe('not_found');
    expect(typo.fix).not.toContain('--force');
    expect(typo.fix).toBe('use @team1.mod1, or pass force: true to create_flag');
    const forced = await call(client, 'create_flag', {
      ...flag,
      target_agent: '@team1.mod2',
      force: true,
    });
    expect(forced.isError).toBeUndefined();
  });

  it('a target the catalog lacks is created with a warning that names the closest handles', async () => {
    const repo = await makeRepo();
    writeAgents(repo, 3);
    // The server's identity is in the catalog: an unknown source would be warned about too.
    const client = await connectInProcess(repo, { by: '@team1.mod1' });
    const made = await call(client, 'create_flag', { ...flag, target_agent: '@billing.invoices' });
    expect(made.isError).toBeUndefined();
    const warnings = made.structuredContent?.warnings as string[];
    expect(warnings[0]).toMatch(/^target @billing\.invoices is not in the agent catalog/);
    expect(made.content[0]?.text).toContain('not in the agent catalog');
    const known = await call(client, 'create_flag', { ...flag, target_agent: '@team0.mod0' });
    expect(known.structuredContent?.warnings).toBeUndefined();
  });

  it('a short text names the argument and the tool to call again', async () => {
    const repo = await makeRepo();
    const client = await connectInProcess(repo, { by: '@a.one' });
    const short = errorOf(await call(client, 'create_flag', { ...flag, change_description: 'x' }));
    expect(short.fix).toBe(
      'correct change_description as the message says, then call create_flag again',
    );
    const made = await call(client, 'create_flag', { ...flag, target_agent: '@b.two' });
    const id = (made.structuredContent?.flag as { id: string }).id;
    const answer = await call(client, 'reply_flag', { id, answer: 'yes', agent: '@b.two' });
    const refused = errorOf(answer) as ReturnType<typeof errorOf> & {
      details: { problems: { field: string }[] };
    };
    expect(refused.message).toMatch(/^answer must be at least 50 characters/);
    expect(refused.details.problems[0]?.field).toBe('answer');
    expect(refused.fix).toBe('correct answer as the message says, then call reply_flag again');
  });
});

describe('validate and identities over MCP', () => {
  it('validates paths inside the repository only, and names agent for an identity that is no handle', async () => {
    const repo = await makeRepo();
    const elsewhere = tempDir();
    writeFileSync(join(elsewhere, 'notes.md'), '---\nflag_type: secret-value\n---\n');
    const client = await connectInProcess(repo, { by: '@a.one' });
    for (const path of [join(elsewhere, 'notes.md'), '../outside.md', '..']) {
      const refused = errorOf(await call(client, 'validate', { paths: [path] }));
      expect([refused.code, refused.message]).toEqual([
        'usage',
        `${path} is outside the repository`,
      ]);
      expect(refused.fix).toContain('call validate {}');
    }
    const inside = await call(client, 'validate', { paths: ['flags', './agents/../flags'] });
    expect(inside.structuredContent?.valid).toBe(true);
    const named = errorOf(
      await call(client, 'create_flag', { ...flag, source_agent: 'Not A Handle' }),
    );
    expect(named.fix).toBe('correct source_agent as the message says, then call create_flag again');
  });
});

describe('reads for an agent the catalog lacks', () => {
  it('warn with the closest handle when nothing was found, as the CLI does', async () => {
    const repo = await makeRepo();
    writeAgents(repo, 3);
    const client = await connectInProcess(repo, { by: '@team1.modx' });
    const said =
      /^no pending flag is for @team1\.modx, which is not in the agent catalog; did you mean @team1\.mod1\b/;
    for (const [tool, args] of [
      ['get_pending_flags', {}],
      ['list_flags', { target: '@team1.modx' }],
      ['brief', {}],
    ] as const) {
      const answer = await call(client, tool, args);
      const warnings = answer.structuredContent?.warnings as string[];
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(said);
      expect(answer.content[0]?.text.split('\n')[0]).toBe(`warning: ${warnings[0]}`);
    }
    for (const [status, flags] of [
      ['all', 'flag'],
      ['completed', 'completed flag'],
    ]) {
      const listed = await call(client, 'list_flags', { target: '@team1.modx', status });
      expect(listed.structuredContent?.warnings).toEqual([
        expect.stringMatching(new RegExp(`^no ${flags} is for @team1\\.modx, which is not in`)),
      ]);
    }
    await call(client, 'create_flag', { ...flag, target_agent: '@team1.modx', force: true });
    const found = await call(client, 'get_pending_flags');
    expect(found.structuredContent?.warnings).toBeUndefined();
    const known = await call(client, 'get_pending_flags', { agent: '@team0.mod0' });
    expect(known.structuredContent?.warnings).toBeUndefined();
  });
});

describe('brief on a large repository', () => {
  it('with all, shows 100 items a section with every count, and names the call for the rest', async () => {
    const repo = await makeRepo();
    writeFlags(repo, 130);
    const client = await connectInProcess(repo, { by: '@b.two' });
    const answer = await call(client, 'brief', { all: true });
    const brief = answer.structuredContent as {
      counts: { pending: number };
      pending: unknown[];
      next: string[];
    };
    expect([brief.counts.pending, brief.pending.length]).toEqual([130, 100]);
    const rest = 'More of yours: list_flags {"target":"@b.two"}';
    expect(brief.next[0]).toBe(rest);
    expect(answer.content[0]?.text).toContain(rest);
    const short = (await call(client, 'brief')).structuredContent as typeof brief;
    expect([short.pending.length, short.next[0]]).toEqual([10, rest]);
  });
});

describe('list_agents on a large catalog', () => {
  it('answers a page with the total and a cursor that reaches every agent exactly once', async () => {
    const repo = await makeRepo();
    const handles = writeAgents(repo, 130);
    const client = await connectInProcess(repo, { by: '@a.one' });
    const first = (await call(client, 'list_agents')).structuredContent as {
      total: number;
      agents: { handle: string }[];
      next_cursor: string | null;
    };
    expect([first.total, first.agents.length]).toEqual([130, 50]);
    const seen = first.agents.map((a) => a.handle);
    let cursor = first.next_cursor;
    while (cursor !== null) {
      const page = (await call(client, 'list_agents', { cursor, limit: 60 }))
        .structuredContent as typeof first;
      seen.push(...page.agents.map((a) => a.handle));
      cursor = page.next_cursor;
    }
    expect(seen).toEqual([...handles].sort());
    const bad = errorOf(await call(client, 'list_agents', { cursor: 'not-a-cursor' }));
    expect([bad.code, bad.fix]).toEqual([
      'usage',
      'call list_agents {} to start from the first page',
    ]);
  });
});
