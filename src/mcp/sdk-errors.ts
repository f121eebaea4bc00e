/**
 * Errors the MCP SDK answers before a tool runs (arguments that do not match the tool's input
 * schema, an unknown tool name), reshaped as flagstore's own errors: `{"error": {code, message,
 * fix, details}}`, with a fix that names the tool to call.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { z } from 'zod';
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

/** A tool's name and input schema: what a fix for its arguments names. */
export interface ToolArguments {
  name: string;
  input: z.ZodRawShape;
}

/** The arguments a tool takes, required ones first: `a, b (required) and c (optional)`. */
function takes(input: z.ZodRawShape): string {
  const names = Object.keys(input);
  // Every tool's shape is built with zod's classic API (schemas.ts), whose types say optional.
  const required = names.filter((name) => !(input[name] as z.ZodType).isOptional());
  const optional = names.filter((name) => !required.includes(name));
  const parts = [
    required.length > 0 ? `${required.join(', ')} (required)` : '',
    optional.length > 0 ? `${optional.join(', ')} (optional)` : '',
  ];
  return parts.filter((part) => part !== '').join(' and ') || 'no arguments';
}

/** Arguments a tool does not take, as zod names them (`Unrecognized keys: "a", "b"`). */
function unknownKeys(problem: string): string[] {
  const listed = problem.match(/Unrecognized keys?: (.*)/)?.[1] ?? '';
  return [...listed.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1] as string);
}

function argumentsFix(tool: ToolArguments | undefined, name: string, problem: string): string {
  const atFault = [...new Set([...problem.matchAll(/\bat (\w+)/g)].map((m) => m[1]))];
  const ids = atFault.includes('id') ? 'ids come from list_flags {}; then ' : '';
  const unknown = unknownKeys(problem);
  const which = atFault.length > 0 ? atFault.join(' and ') : 'the arguments';
  const change =
    unknown.length > 0 && atFault.length === 0
      ? `without ${unknown.join(' and ')}, which it does not take`
      : `with ${which} corrected (see the message)`;
  const schema = tool === undefined ? '' : `; ${name} takes ${takes(tool.input)}`;
  return `${ids}call ${name} again ${change}${schema}`;
}

/** The SDK's error message for a call, as flagstore's error shape. */
export function sdkFailure(message: string, tools: readonly ToolArguments[]): ToolResult {
  const text = sanitize(message);
  const bad = text.match(BAD_ARGUMENTS);
  if (bad !== null) {
    const [, tool, problem] = bad as unknown as [string, string, string];
    const fix = argumentsFix(
      tools.find((t) => t.name === tool),
      tool,
      problem,
    );
    return errorResult({ code: 'usage', message: text, fix, details: { tool } });
  }
  const unknown = text.match(UNKNOWN_TOOL);
  const fix =
    unknown === null
      ? 'call the tool again; if it persists, report it with the message'
      : `call one of the tools the server lists: ${tools.map((t) => t.name).join(', ')}`;
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
export function reshapeSdkErrors(server: McpServer, tools: readonly ToolArguments[]): void {
  const target = server as unknown as { createToolError: (message: string) => ToolResult };
  target.createToolError = (message: string) => sdkFailure(message, tools);
}
