/** `flagstore instructions`: the flag protocol for an agent's prompt, printed or installed. */
import type { Command } from 'commander';
import { installInstructions, installWarnings } from '../../agent/install.js';
import { protocolText } from '../../agent/protocol.js';
import { unwrap } from '../../core/errors.js';
import { parseHandle } from '../../core/handles.js';
import { userPath } from '../../services/workspace.js';
import { action } from '../context.js';
import { printNative, say, warnNote } from '../output.js';

interface InstructionsOptions {
  agent?: string;
  install?: string;
}

/** Registers `instructions`. */
export function registerInstructions(program: Command): void {
  program
    .command('instructions')
    .description("print the flag protocol for an agent's prompt, or install it into a file")
    .option('--agent <agent>', 'address the instructions to this agent')
    .option(
      '--install <file>',
      'add or update a marked section in AGENTS.md, CLAUDE.md or an agent file',
    )
    .action(
      action('native', async (ctx, o: InstructionsOptions) => {
        const agentRaw = o.agent ?? ctx.by;
        const agent = agentRaw === undefined ? null : unwrap(parseHandle(agentRaw, 'agent'));
        const text = protocolText(agent);
        if (o.install === undefined) {
          if (ctx.json) printNative({ agent, instructions: text });
          else say(text);
          return;
        }
        const path = userPath(ctx.cwd, o.install);
        const outcome = await installInstructions(path, agent);
        const warnings = installWarnings(path, agent);
        if (ctx.json) printNative({ agent, path, outcome, warnings });
        else
          say(`${outcome} the flagstore section ${outcome === 'added' ? 'to' : 'in'} ${o.install}`);
        if (!ctx.json) warnings.forEach(warnNote);
      }),
    );
}
