/** `flagstore agents list|show|add|import`: the agent catalog. */
import type { Command } from 'commander';
import { descriptionParts } from '../../core/scenes.js';
import { importAgents } from '../../services/agent-import.js';
import {
  addAgent,
  failureNotice,
  listAgents,
  loadFailures,
  showAgent,
} from '../../services/agents.js';
import { userPath } from '../../services/workspace.js';
import { action, workspace } from '../context.js';
import { oneLine, palette, printNative, sanitize, say, table, warn } from '../output.js';
import { DEFAULT_LIMIT, rowLimit } from '../parse.js';
import { agentDetail, splitOption } from '../present-agents.js';
import { cutNotice } from '../present.js';

interface AddOptions {
  description: string;
  tags?: string;
  tech?: string;
  tools?: string;
  model?: string;
  body?: string;
}

function registerList(agents: Command): void {
  agents
    .command('list')
    .description('list the agents of the catalog')
    .option(
      '--limit <n>',
      `show at most n agents (default ${DEFAULT_LIMIT}; 0: all; --json is never cut)`,
    )
    .option('--all', 'show every agent')
    .action(
      action('native', async (ctx, o: { limit?: string; all?: boolean }) => {
        const ws = await workspace(ctx);
        const list = await listAgents(ws);
        const failures = await loadFailures(ws);
        if (ctx.json) {
          printNative({ agents: list, not_loaded: failures });
          return;
        }
        if (list.length === 0 && failures.length === 0)
          say('no agents; add one with: flagstore agents add <handle>');
        const c = palette();
        const shown = list.slice(0, rowLimit(o));
        const rows = shown.map((a) => [
          a.handle,
          descriptionParts(a.description).prose || a.role.join(' '),
        ]);
        table(rows, (text, _r, col) => (col === 0 ? c.cyan(text) : text)).forEach((l) => say(l));
        if (shown.length < list.length)
          say(cutNotice({ shown: shown.length, total: list.length, noun: 'agents', detail: '' }));
        const notice = failureNotice(failures);
        if (notice !== null) warn(sanitize(notice));
      }),
    );
}

function registerShow(agents: Command): void {
  agents
    .command('show')
    .description('show one agent: its fields and prompt')
    .argument('<handle>', 'agent handle, with or without @')
    .action(
      action('native', async (ctx, handle: string) => {
        const ws = await workspace(ctx);
        const shown = await showAgent(ws, handle);
        if (ctx.json) printNative({ agent: { ...shown.agent, body: shown.body } });
        else agentDetail(shown.agent, shown.body).forEach((l) => say(l));
      }),
    );
}

function registerAdd(agents: Command): void {
  agents
    .command('add')
    .description('scaffold a new, valid agent file')
    .argument('<handle>', 'handle like @domain.module')
    .requiredOption('--description <text>', 'what the agent is expert in (searched)')
    .option('--tags <list>', 'comma-separated tags (searched first)')
    .option('--tech <list>', 'comma-separated tech stack')
    .option('--tools <list>', 'comma-separated Claude Code tools')
    .option('--model <model>', 'Claude Code model')
    .option('--body <text>', 'the agent prompt')
    .action(
      action('native', async (ctx, handle: string, o: AddOptions) => {
        const ws = await workspace(ctx);
        const path = await addAgent(ws, {
          handle,
          description: o.description,
          fields: {
            tags: splitOption(o.tags),
            tech_stack: splitOption(o.tech),
            tools: o.tools ?? null,
            model: o.model ?? null,
          },
          body: o.body ?? `# ${handle}\n\n${o.description}`,
        });
        if (ctx.json) printNative({ created: path });
        else say(`created ${sanitize(path)}`);
      }),
    );
}

function registerImport(agents: Command): void {
  agents
    .command('import')
    .description('copy (or link) agent files into the catalog; files already there are skipped')
    .argument('<path>', 'a folder of agent files, or one file')
    .option('--link', 'symlink the files instead of copying them')
    .action(
      action('native', async (ctx, path: string, o: { link?: boolean }) => {
        const ws = await workspace(ctx);
        const report = await importAgents(ws, userPath(ctx.cwd, path), { link: o.link ?? false });
        if (ctx.json) {
          printNative({ ...report });
          return;
        }
        report.imported.forEach((i) => say(`imported ${oneLine(i.handle)} -> ${oneLine(i.file)}`));
        report.skipped.forEach((s) => say(`skipped ${oneLine(s.from)}: ${oneLine(s.reason)}`));
        say(
          `${report.imported.length} imported, ${report.unchanged.length} already present, ${report.skipped.length} skipped`,
        );
      }),
    );
}

/** Registers `agents` and its subcommands. */
export function registerAgents(program: Command): void {
  const agents = program
    .command('agents')
    .description('the agent catalog (agents/ and .claude/agents/, or agents_dir)');
  registerList(agents);
  registerShow(agents);
  registerAdd(agents);
  registerImport(agents);
}
