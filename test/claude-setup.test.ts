import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { parse } from 'shell-quote';
import { describe, expect, it } from 'vitest';
import { BIN, cli, git, makeRepo } from './helpers.js';

const COMMAND = `node ${BIN}`;

interface McpFile {
  mcpServers: Record<string, { command: string; args: string[]; env: Record<string, string> }>;
}
interface Settings {
  hooks: { SessionStart: { hooks: { type: string; command: string }[] }[]; Stop?: unknown };
}

function readJson<T>(repo: string, rel: string): T {
  return JSON.parse(readFileSync(join(repo, rel), 'utf8')) as T;
}

/** Expands `${VAR:-default}` as Claude Code does in .mcp.json. */
function expand(text: string, env: Record<string, string | undefined>): string {
  return text.replace(
    /\$\{(\w+):-([^}]*)\}/g,
    (_m, name: string, fallback: string) => env[name] ?? fallback,
  );
}

function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && k !== 'FLAGSTORE_AGENT') env[k] = v;
  return { ...env, NO_COLOR: '1', ...extra };
}

describe('flagstore init --agent claude', () => {
  it('writes the MCP entry, the SessionStart hook and CLAUDE.md, keeping what was there', async () => {
    const repo = await makeRepo();
    writeFileSync(
      join(repo, '.mcp.json'),
      JSON.stringify({ mcpServers: { other: { command: 'x' } } }),
    );
    mkdirSync(join(repo, '.claude'));
    writeFileSync(
      join(repo, '.claude', 'settings.json'),
      JSON.stringify({ hooks: { Stop: [] }, model: 'opus' }),
    );
    writeFileSync(join(repo, 'CLAUDE.md'), '# House rules\n');
    const res = await cli(repo, ['--json', 'init', '--agent', 'claude', '--command', COMMAND]);
    expect(res.code).toBe(0);
    expect(res.json<{ updated: string[] }>().updated.sort()).toEqual([
      '.claude/settings.json',
      '.mcp.json',
      'CLAUDE.md',
    ]);
    const mcp = readJson<McpFile>(repo, '.mcp.json');
    expect(mcp.mcpServers.other).toEqual({ command: 'x' });
    expect(mcp.mcpServers.flagstore).toEqual({
      command: 'node',
      args: [BIN, 'mcp'],
      env: { FLAGSTORE_AGENT: '${FLAGSTORE_AGENT:-}' },
    });
    const settings = readJson<Settings & { model: string }>(repo, '.claude/settings.json');
    expect(settings.model).toBe('opus');
    expect(settings.hooks.Stop).toEqual([]);
    expect(settings.hooks.SessionStart).toEqual([
      { hooks: [{ type: 'command', command: `${COMMAND} brief` }] },
    ]);
    const claudeMd = readFileSync(join(repo, 'CLAUDE.md'), 'utf8');
    expect(claudeMd.startsWith('# House rules\n')).toBe(true);
    expect(claudeMd).toContain('flagstore:protocol:start');
    const again = await cli(repo, ['--json', 'init', '--agent', 'claude', '--command', COMMAND]);
    expect(again.json<{ updated: string[]; created: string[] }>()).toMatchObject({
      updated: [],
      created: [],
    });
    expect(readJson<Settings>(repo, '.claude/settings.json').hooks.SessionStart).toHaveLength(1);
  });

  it('produces files that work: the hook briefs (and says when no identity is set), the server answers', async () => {
    const repo = await makeRepo();
    expect((await cli(repo, ['init', '--agent', 'claude', '--command', COMMAND])).code).toBe(0);
    const hook = readJson<Settings>(repo, '.claude/settings.json').hooks.SessionStart[0]!.hooks[0]!
      .command;
    const words = parse(hook) as string[];
    const run = () =>
      execFileSync(words[0]!, words.slice(1), { cwd: repo, env: cleanEnv(), encoding: 'utf8' });
    expect(run()).toContain('no identity is set, so only critical flags are shown');
    git(repo, 'config', 'flagstore.agent', '@b.two');
    expect(run()).toBe('');
    const entry = readJson<McpFile>(repo, '.mcp.json').mcpServers.flagstore!;
    const env = cleanEnv(
      Object.fromEntries(Object.entries(entry.env).map(([k, v]) => [k, expand(v, {})])),
    );
    const client = new Client({ name: 'claude-like', version: '1' });
    await client.connect(
      new StdioClientTransport({ command: entry.command, args: entry.args, cwd: repo, env }),
    );
    try {
      const brief = await client.callTool({ name: 'brief', arguments: {} });
      expect(brief.structuredContent).toMatchObject({ agent: '@b.two', identity_set: true });
    } finally {
      await client.close();
    }
  });

  it('refuses to touch a .mcp.json that is not JSON', async () => {
    const repo = await makeRepo();
    writeFileSync(join(repo, '.mcp.json'), '{ not json');
    const res = await cli(repo, ['init', '--agent', 'claude']);
    expect(res.code).toBe(3);
    expect(res.stderr).toContain('.mcp.json is not a JSON object');
    expect(readFileSync(join(repo, '.mcp.json'), 'utf8')).toBe('{ not json');
    expect((await cli(repo, ['init', '--agent', 'codex'])).code).toBe(2);
  });
});
