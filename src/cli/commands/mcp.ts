/** `flagstore mcp`: serve the flag tools to an MCP client over stdio. */
import type { Command } from 'commander';
import { action } from '../context.js';

/** Registers `mcp`. */
export function registerMcp(program: Command): void {
  program
    .command('mcp')
    .description(
      'run an MCP server over stdio (flag tools, brief, agent search); starts even when the repository is unusable',
    )
    .action(
      action('native', async (ctx) => {
        const { serveMcp } = await import('../../mcp/server.js');
        await serveMcp({
          cwd: ctx.cwd,
          defaultAgent: ctx.by,
          version: program.version() ?? '0.0.0',
        });
      }),
    );
}
