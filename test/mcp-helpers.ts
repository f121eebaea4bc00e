/** Helpers for driving `flagstore mcp` with the official SDK client over stdio. */
import { expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ulid } from 'ulid';
import { buildServer } from '../src/mcp/server.js';
import { ACTION, BIN, CHANGE } from './helpers.js';

/** A tool result as the client returns it. */
export interface ToolAnswer {
  isError?: boolean;
  structuredContent?: Record<string, unknown>;
  content: { type: string; text: string }[];
}

const open: Client[] = [];

/** Starts `flagstore mcp` in a folder and connects; tools are listed so results are validated. */
export async function connect(
  cwd: string,
  o: { by?: string; env?: Record<string, string> } = {},
): Promise<Client> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && k !== 'FLAGSTORE_AGENT') env[k] = v;
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'mcp', ...(o.by ? ['--by', o.by] : [])],
    cwd,
    env: { ...env, ...o.env },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'flagstore-test', version: '1.0.0' });
  await client.connect(transport);
  await client.listTools();
  open.push(client);
  return client;
}

/**
 * The same server in this process, over the SDK's in-memory transport: the same tools, schemas
 * and client-side validation of results, without a node process (a server start costs about half
 * a second of CPU). For what the tools answer; the binary and stdio are tested through connect().
 */
export async function connectInProcess(cwd: string, o: { by?: string }): Promise<Client> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await buildServer({ cwd, defaultAgent: o.by, version: '0.0.0' }).connect(serverSide);
  const client = new Client({ name: 'flagstore-test', version: '1.0.0' });
  await client.connect(clientSide);
  await client.listTools();
  open.push(client);
  return client;
}

/** Closes every client opened by connect() or connectInProcess(). */
export async function closeAll(): Promise<void> {
  await Promise.all(open.splice(0).map((c) => c.close()));
}

/** Calls a tool (the SDK client validates structured results against the output schema). */
export async function call(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<ToolAnswer> {
  return (await client.callTool({ name, arguments: args })) as ToolAnswer;
}

/** The error object of a failed call. */
export function errorOf(answer: ToolAnswer): { code: string; message: string; fix: string | null } {
  expect(answer.isError).toBe(true);
  return JSON.parse(answer.content[0]?.text ?? '{}').error;
}

/** Text of a valid flag file, with fields overridden. */
export function flagText(fields: Record<string, string>): string {
  const f = {
    flag_type: 'change',
    source_agent: "'@a.one'",
    target_agent: "'@b.two'",
    impact_level: 'medium',
    status: 'pending',
    locked: 'false',
    created_at: '2026-11-20T09:30:00.000Z',
    ...fields,
  };
  const front = Object.entries(f)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
  return `---\n${front}\n---\n\n## Change description\n\n${CHANGE}\n\n## Action required\n\n${ACTION}\n`;
}

/** Writes `count` valid pending flags for a target straight into flags/, returning their ids. */
export function writeFlags(repo: string, count: number, target = '@b.two'): string[] {
  const impacts = ['critical', 'high', 'medium', 'low'];
  const base = Date.parse('2026-11-01T00:00:00Z');
  return Array.from({ length: count }, (_, i) => {
    const time = base + i * 60_000;
    const id = ulid(time);
    const impact = impacts[i % 4] as string;
    const fields = {
      id,
      flag_type: impact === 'critical' ? 'breaking_change' : 'change',
      target_agent: `'${target}'`,
      impact_level: impact,
      created_at: new Date(time).toISOString(),
    };
    writeFileSync(join(repo, 'flags', `${id}.md`), flagText(fields));
    return id;
  });
}
