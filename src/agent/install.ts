/** Installing the protocol section into an instructions file (AGENTS.md, CLAUDE.md, an agent file). */
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import { basename, dirname, sep } from 'node:path';
import YAML from 'yaml';
import { writeAtomic } from '../store/atomic.js';
import { parseAgentFile } from '../catalog/agent-file.js';
import { oneLine } from '../core/sanitize.js';
import { installSection, protocolText, SECTION_START } from './protocol.js';

/**
 * What installing did to the file: created it, added the section to a file without one,
 * updated the section there, or nothing.
 */
export type InstallOutcome = 'created' | 'added' | 'updated' | 'unchanged';

/** True for a Claude Code subagent file: `.claude/agents/<name>.md`. */
export function isClaudeAgentFile(path: string): boolean {
  return path.endsWith('.md') && dirname(path).endsWith(`${sep}.claude${sep}agents`);
}

/**
 * The front matter Claude Code needs to load a file as a subagent: `name` (lowercase letters,
 * digits and hyphens, from the file name) and `description`. `tools` is left out, so the
 * subagent inherits every tool, the shell that runs flagstore included. When the agent's
 * handle is not `@<name>` (`@backend.api` in `backend.api.md`, whose `name` is `backend-api`),
 * a `handle` field keeps it, and the catalog lists the agent under that handle: the prompt,
 * `brief --agent` and the catalog then name it alike.
 */
export function subagentFrontMatter(path: string, agent: string | null): string {
  const name =
    basename(path, '.md')
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'agent';
  const who = agent === null ? '' : ` as ${agent}`;
  const data = {
    name,
    ...(agent !== null && agent !== `@${name}` && { handle: agent }),
    description: `Use for the ${name} role. Works${who} with flagstore flags, checks its pending flags before new work, and flags other agents about changes that affect them.`,
  };
  return `---\n${YAML.stringify(data, { lineWidth: 0 })}---\n\n`;
}

/**
 * Adds or replaces flagstore's marked section in the file, leaving the rest untouched. A
 * Claude Code subagent file without front matter gets the front matter Claude Code needs.
 */
export async function installInstructions(
  path: string,
  agent: string | null,
): Promise<InstallOutcome> {
  const before = existsSync(path) ? readFileSync(path, 'utf8') : '';
  let after = installSection(before, protocolText(agent));
  if (isClaudeAgentFile(path) && !/^---\r?\n/.test(after)) {
    after = subagentFrontMatter(path, agent) + after.replace(/^\s+/, '');
  }
  if (after === before) return 'unchanged';
  await fs.mkdir(dirname(path), { recursive: true });
  writeAtomic(path, after);
  if (before === '') return 'created';
  return before.includes(SECTION_START) ? 'updated' : 'added';
}

/** A tool name that lets a subagent follow the protocol: the shell, or flagstore's MCP tools. */
const RUNS_FLAGSTORE = /^(Bash\b|mcp__flagstore)/;

/**
 * What to tell about a Claude Code subagent file once its section is installed (nothing for any
 * other file), its front matter read once: the handle it lists when that is not the one its
 * instructions address, and a `tools` list that lets it run no flagstore command.
 */
export function installWarnings(path: string, agent: string | null): string[] {
  if (!isClaudeAgentFile(path) || !existsSync(path)) return [];
  const meta = parseAgentFile(readFileSync(path, 'utf8')).agent;
  const warnings = [handleMismatch(meta?.handle, agent), toolsGap(meta?.tools ?? [])];
  return warnings.filter((w): w is string => w !== null);
}

/**
 * The handle the file's own front matter gives the catalog, when it is not the one the
 * instructions address (`name: backend-api` for `@backend.api`): the warning with the line that
 * makes them agree.
 */
function handleMismatch(listed: string | undefined, agent: string | null): string | null {
  if (agent === null || listed === undefined || listed === agent) return null;
  return `the catalog lists this file as ${listed}, but its instructions address ${agent}; add \`handle: "${agent}"\` to its front matter (Claude Code's name allows only lowercase letters, digits and hyphens)`;
}

/**
 * A `tools` list with neither the shell nor flagstore's MCP tools, so the subagent cannot run a
 * command its instructions give: the warning, with the fix. Null for no `tools` line (Claude Code
 * then gives the subagent every tool).
 */
function toolsGap(tools: string[]): string | null {
  if (tools.length === 0 || tools.some((tool) => RUNS_FLAGSTORE.test(tool.trim()))) return null;
  return `its tools (${oneLine(tools.join(', '))}) hold neither Bash nor flagstore's MCP tools, so this subagent cannot run the flagstore commands its instructions give; add Bash to its \`tools\` line (or mcp__flagstore__... tools, with \`flagstore init --agent claude\`), or remove that line so it inherits every tool`;
}
