/**
 * Errors the MCP SDK answers before a tool runs (arguments that do not match the tool's input
 * schema, an unknown tool name), reshaped as flagstore's own errors: `{"error": {code, message,
 * fix, details}}`, with a fix that names the tool to call.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { sanitize } from '../core/sanitize.js';

/** A tool call's result, as the SDK sends it. */
export type ToolResult = {
  content: { type: 'text'; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
};

const BAD_ARGUMENTS = /Invalid arguments for tool ([\w-]+): ([\s\S]*)$/;
const UNKNOWN_TOOL = /Tool (.+) (not found|disabled)$/;

/** The error payload as a tool result, its text the JSON every other failure uses. */
export function errorResult(error: Record<string, unknown>): ToolResult {
  return { content: [{ type: 'text', text: JSON.stringify({ error }) }], isError: true };
}

function argumentsFix(tool: string, problem: string): string {
  const needsId = /\bat id\b/.test(problem);
  const ids = needsId ? 'ids come from list_flags {}; then ' : '';
  return `${ids}call ${tool} again with the arguments its input schema lists (tools/list)`;
}

/** The SDK's error message for a call, as flagstore's error shape. */
export function sdkFailure(message: string, tools: readonly string[]): ToolResult {
  const text = sanitize(message);
  const bad = text.match(BAD_ARGUMENTS);
  if (bad !== null) {
    const [, tool, problem] = bad as unknown as [string, string, string];
    const fix = argumentsFix(tool, problem);
    return errorResult({ code: 'usage', message: text, fix, details: { tool } });
  }
  const unknown = text.match(UNKNOWN_TOOL);
  const fix =
    unknown === null
      ? 'call the tool again; if it persists, report it with the message'
      : `call one of the tools the server lists: ${tools.join(', ')}`;
  return errorResult({
    code: unknown === null ? 'internal' : 'usage',
    message: text,
    fix,
    details: {},
  });
}

/**
 * Routes the SDK's own error results (raised before a tool handler runs) through
 * {@link sdkFailure}. The SDK builds them with its `createToolError`, replaced here on this
 * instance; errors from flagstore's handlers are already results and never reach it. That method
 * is private to the SDK: package.json takes its patch releases only (`~`), and
 * test/mcp-sdk-private.test.ts names the method when an SDK no longer has it or no longer uses it.
 */
export function reshapeSdkErrors(server: McpServer, tools: readonly string[]): void {
  const target = server as unknown as { createToolError: (message: string) => ToolResult };
  target.createToolError = (message: string) => sdkFailure(message, tools);
}
