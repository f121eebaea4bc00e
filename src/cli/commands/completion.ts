/** `flagstore completion <shell>` prints a completion script; `__complete` answers it. */
import type { Command } from 'commander';
import { FlagstoreError } from '../../core/errors.js';
import { listAgents } from '../../services/agents.js';
import { listFlags } from '../../services/flags.js';
import { openWorkspace, type Workspace } from '../../services/workspace.js';
import { SHELLS, type Shell } from '../completion-scripts.js';
import { complete, type CompletionData } from '../completion.js';
import { action } from '../context.js';
import { writeRaw } from '../output.js';

function repositoryData(cwd: string): CompletionData {
  let ws: Promise<Workspace | null> | null = null;
  const open = (): Promise<Workspace | null> => (ws ??= openWorkspace(cwd).catch(() => null));
  const flags = async () => {
    const w = await open();
    return w === null ? [] : (await listFlags(w, { status: 'pending' })).flags;
  };
  return {
    flagIds: async () => (await flags()).map((f) => f.id),
    handles: async () => {
      const w = await open();
      const catalog = w === null ? [] : (await listAgents(w)).map((a) => a.handle);
      const seen = (await flags()).flatMap((f) => [f.source_agent, f.target_agent ?? '']);
      return [...catalog, ...seen].filter(Boolean);
    },
  };
}

/** Registers `completion` and the hidden `__complete`. */
export function registerCompletion(program: Command): void {
  program
    .command('completion')
    .description('print a shell completion script (bash, zsh or fish); see docs/board.md')
    .argument('<shell>', 'bash, zsh or fish')
    .action(
      action('native', async (_ctx, shell: string) => {
        if (!Object.hasOwn(SHELLS, shell))
          throw new FlagstoreError('usage', `no completion for "${shell}": use bash, zsh or fish`, {
            fix: 'flagstore completion bash',
          });
        writeRaw('stdout', SHELLS[shell as Shell]);
      }),
    );
  program
    .command('__complete', { hidden: true })
    .argument('[words...]', 'the words typed after the program name, the current one last')
    .allowUnknownOption()
    .action(
      action('native', async (ctx, words: string[]) => {
        const found = await complete(program, words, repositoryData(ctx.cwd)).catch(() => []);
        if (found.length > 0) writeRaw('stdout', `${found.join('\n')}\n`);
      }),
    );
}
