import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

// src/mcp/sdk-errors.ts reshapes the errors the SDK answers before a tool runs by replacing the
// SDK's private McpServer#createToolError. A private method may go in any release: these tests
// say so by name when the installed SDK no longer has it or no longer routes its errors there.

const SDK_PACKAGE = join(
  import.meta.dirname,
  '..',
  'node_modules/@modelcontextprotocol/sdk/package.json',
);
const { version } = JSON.parse(readFileSync(SDK_PACKAGE, 'utf8')) as { version: string };
const BROKEN = `@modelcontextprotocol/sdk ${version}: src/mcp/sdk-errors.ts relies on the private McpServer#createToolError`;

describe("the MCP SDK's private createToolError", () => {
  it('exists on McpServer.prototype', () => {
    const proto = McpServer.prototype as unknown as Record<string, unknown>;
    expect(typeof proto.createToolError, `${BROKEN}, which is gone`).toBe('function');
  });

  it('receives the error of a call with arguments that fail the input schema, in the form sdk-errors.ts parses', async () => {
    const server = new McpServer({ name: 'probe', version: '0.0.0' });
    server.registerTool('probe_tool', { inputSchema: { id: z.string() } }, () => ({
      content: [{ type: 'text', text: 'ran' }],
    }));
    const seen: string[] = [];
    Object.assign(server, {
      createToolError: (message: string) => {
        seen.push(message);
        return { content: [{ type: 'text', text: 'reshaped' }], isError: true };
      },
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'probe-client', version: '0.0.0' });
    await client.connect(clientSide);
    try {
      const bad = await client.callTool({ name: 'probe_tool', arguments: { id: 42 } });
      const unknown = await client.callTool({ name: 'no_such_tool', arguments: {} });
      expect(seen, `${BROKEN}, which its call handler no longer uses`).toHaveLength(2);
      expect([bad.content, unknown.content]).toEqual([
        [{ type: 'text', text: 'reshaped' }],
        [{ type: 'text', text: 'reshaped' }],
      ]);
      // The messages sdk-errors.ts matches (BAD_ARGUMENTS, UNKNOWN_TOOL).
      expect(seen[0], `${BROKEN}: argument errors read differently`).toMatch(
        /Invalid arguments for tool probe_tool: /,
      );
      expect(seen[1], `${BROKEN}: unknown-tool errors read differently`).toMatch(
        /Tool no_such_tool not found$/,
      );
    } finally {
      await client.close();
    }
  });
});
