/** `flagstore mcp`: an MCP server over stdio, built on the official MCP TypeScript SDK. */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { asFlagstoreError } from '../core/errors.js';
import type { Workspace } from '../services/workspace.js';
import { AGENT_TOOLS } from './agent-tools.js';
import { FLAG_TOOLS, type ToolContext, type ToolDefinition } from './tools.js';

type ToolResult = {
  content: { type: 'text'; text: string }[];
  structuredContent: Record<string, unknown>;
  isError?: boolean;
};

function success(value: Record<string, unknown>): ToolResult {
  return {
    content: [{ type: 'text', text: JSON.stringify(value, null, 2) }],
    structuredContent: value,
  };
}

function failure(error: unknown): ToolResult {
  const e = asFlagstoreError(error);
  const payload = {
    error: { code: e.code, message: e.message, fix: e.fix ?? null, details: e.details },
  };
  const text = e.fix ? `${e.message}\nfix: ${e.fix}` : e.message;
  return { content: [{ type: 'text', text }], structuredContent: payload, isError: true };
}

function register(server: McpServer, tool: ToolDefinition, ctx: ToolContext): void {
  server.registerTool(
    tool.name,
    { description: tool.description, inputSchema: tool.input },
    async (args: Record<string, unknown>) => {
      try {
        return success(await tool.run(ctx, args));
      } catch (error) {
        return failure(error);
      }
    },
  );
}

/** Options for the server: the repository and the default identity. */
export interface ServeOptions {
  ws: Workspace;
  defaultAgent: string | undefined;
  version: string;
  tools?: ToolDefinition[];
}

/** Serves the tools over stdio until the client disconnects. */
export async function serveMcp(options: ServeOptions): Promise<void> {
  const server = new McpServer({ name: 'flagstore', version: options.version });
  const ctx: ToolContext = { ws: options.ws, defaultAgent: options.defaultAgent };
  for (const tool of options.tools ?? [...FLAG_TOOLS, ...AGENT_TOOLS]) register(server, tool, ctx);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = resolve;
  });
  await server.connect(transport);
  await closed;
}
