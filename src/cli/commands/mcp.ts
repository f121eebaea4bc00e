/** `flagstore mcp`: serve the flag tools to an MCP client over stdio. */
import type { Command } from 'commander';
import { action, workspace } from '../context.js';

/** Registers `mcp`. */
export function registerMcp(program: Command): void {
  program
    .command('mcp')
    .description(
      'run an MCP server over stdio (tools: pending flags, create, lock, unlock, complete, show)',
    )
    .action(
      action('native', async (ctx) => {
        const ws = await workspace(ctx);
        const { serveMcp } = await import('../../mcp/server.js');
        await serveMcp({ ws, defaultAgent: ctx.by, version: program.version() ?? '0.0.0' });
      }),
    );
}
