/**
 * `flagstore mcp`: an MCP server over stdio, built on the official MCP TypeScript SDK. It starts
 * whatever state the repository is in: each call opens the repository and, when that fails,
 * answers with the reason and the fix.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { ulid } from 'ulid';
import { z } from 'zod';
import { GUIDE_URI, mcpGuide, mcpInstructions } from '../agent/mcp-text.js';
import { asFlagstoreError } from '../core/errors.js';
import { sanitize, sanitizeDeep } from '../core/sanitize.js';
import { SESSION_ENV } from '../services/lock-sessions.js';
import { AGENT_TOOLS } from './agent-tools.js';
import type { ToolContext, ToolDefinition } from './context.js';
import { mcpFix } from './fixes.js';
import { READ_TOOLS } from './read-tools.js';
import { errorResult, reshapeSdkErrors, type ToolResult } from './sdk-errors.js';
import { requireWellFormed } from './well-formed.js';
import { WRITE_TOOLS } from './write-tools.js';

/** Every tool the server offers. */
export const ALL_TOOLS: ToolDefinition[] = [...READ_TOOLS, ...WRITE_TOOLS, ...AGENT_TOOLS];

/** An error as a result: no structuredContent (it would not match the tool's output schema). */
function failure(error: unknown, tool: ToolDefinition): ToolResult {
  const e = asFlagstoreError(error);
  const fix = mcpFix(e, { name: tool.name, args: Object.keys(tool.input) });
  return errorResult(sanitizeDeep({ code: e.code, message: e.message, fix, details: e.details }));
}

function register(server: McpServer, tool: ToolDefinition, ctx: ToolContext): void {
  server.registerTool(
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: z.object(tool.input).strict(),
      outputSchema: tool.output,
      annotations: { title: tool.title, ...tool.hints },
    },
    async (args: Record<string, unknown>): Promise<ToolResult> => {
      try {
        requireWellFormed(args);
        const out = await tool.run(ctx, args);
        const text = out.text === undefined ? JSON.stringify(out.data) : sanitize(out.text);
        return { content: [{ type: 'text', text }], structuredContent: out.data };
      } catch (error) {
        return failure(error, tool);
      }
    },
  );
}

/** Options for the server: where it runs, its default identity, its version. */
export interface ServeOptions {
  cwd: string;
  defaultAgent: string | undefined;
  version: string;
}

/** Builds the server with its tools, instructions and the protocol guide resource. */
export function buildServer(options: ServeOptions): McpServer {
  const server = new McpServer(
    { name: 'flagstore', title: 'flagstore', version: options.version },
    { instructions: mcpInstructions() },
  );
  const ctx: ToolContext = {
    cwd: options.cwd,
    defaultAgent: options.defaultAgent,
    session: process.env[SESSION_ENV] ?? `mcp-${ulid()}`,
  };
  for (const tool of ALL_TOOLS) register(server, tool, ctx);
  reshapeSdkErrors(server, ALL_TOOLS);
  server.registerResource(
    'protocol',
    GUIDE_URI,
    {
      title: 'flagstore protocol guide',
      description: 'The full flag protocol for agents, in terms of these tools.',
      mimeType: 'text/markdown',
    },
    (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/markdown', text: mcpGuide() }] }),
  );
  return server;
}

/** Serves the tools over stdio until the client disconnects. */
export async function serveMcp(options: ServeOptions): Promise<void> {
  const server = buildServer(options);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = resolve;
  });
  await server.connect(transport);
  await closed;
}
