/** Installing the protocol section into an instructions file (AGENTS.md, CLAUDE.md, an agent file). */
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import { basename, dirname, sep } from 'node:path';
import YAML from 'yaml';
import { writeAtomic } from '../store/atomic.js';
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
 * subagent inherits every tool, the shell that runs flagstore included.
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
