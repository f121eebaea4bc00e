/** What every MCP tool handler receives, and what a tool definition declares. */
import type { z } from 'zod';
import { openWorkspace, resolveIdentity, type Workspace } from '../services/workspace.js';

/** The server's state: where it runs, its default identity and session. */
export interface ToolContext {
  cwd: string;
  /** The server's default identity (`flagstore mcp --by`), else env/git config at call time. */
  defaultAgent: string | undefined;
  /** This connection's session id (FLAGSTORE_SESSION, else one per server process). */
  session: string;
}

/** How a client may treat a tool (MCP tool annotations). */
export interface ToolHints {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/** What a tool returns: structured data, and the text an agent reads (default: the JSON). */
export interface ToolOutput {
  data: Record<string, unknown>;
  text?: string;
}

/** A tool: name, title, description, input and output schemas (zod shapes), hints, handler. */
export interface ToolDefinition {
  name: string;
  title: string;
  description: string;
  input: z.ZodRawShape;
  output: z.ZodRawShape;
  hints: ToolHints;
  run: (ctx: ToolContext, args: Record<string, unknown>) => Promise<ToolOutput>;
}

/** Hints of a tool that only reads the repository. */
export const READ_ONLY: ToolHints = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
};

/** Hints of a tool that adds to the repository without removing anything. */
export const ADDITIVE: ToolHints = {
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: false,
  openWorldHint: false,
};

/**
 * Opens the repository for one call. It is opened per call, never at start-up, so the server
 * answers even outside a repository or with a broken configuration, and a fix takes effect
 * without a restart.
 */
export function workspaceOf(ctx: ToolContext): Promise<Workspace> {
  return openWorkspace(ctx.cwd);
}

/** The identity a call names: its `agent` argument, else the server's `--by`; else undefined. */
export function explicitAgent(ctx: ToolContext, agent: unknown): string | undefined {
  return typeof agent === 'string' ? agent : ctx.defaultAgent;
}

/**
 * The acting agent of a call: its `agent` argument, else the server's identity, else
 * FLAGSTORE_AGENT or git config, else null.
 */
export function actorOf(ctx: ToolContext, ws: Workspace, agent: unknown): Promise<string | null> {
  const explicit = explicitAgent(ctx, agent);
  return resolveIdentity(ws, { explicit, env: process.env.FLAGSTORE_AGENT });
}
