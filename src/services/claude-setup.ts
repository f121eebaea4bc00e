/**
 * `flagstore init --agent claude`: the files Claude Code reads, written or merged in place.
 * - `.mcp.json`: the flagstore MCP server. It pins no identity: FLAGSTORE_AGENT is passed
 *   through from each developer's environment (Claude Code expands `${VAR:-}`), else the
 *   server falls back to `git config flagstore.agent` of the clone.
 * - `.claude/settings.json`: a SessionStart hook that runs `flagstore brief`; its output is
 *   added to the session's context, and it says plainly when no identity is set.
 * - `CLAUDE.md`: the protocol section (see agent/install.ts).
 * Other servers, hooks and text in these files are kept as they are.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { parse as ParseWords, quote as QuoteWords } from 'shell-quote';
import { installInstructions } from '../agent/install.js';
import { FlagstoreError } from '../core/errors.js';
import { writeAtomic } from '../store/atomic.js';
import type { Workspace } from './workspace.js';

const requireCjs = createRequire(import.meta.url);
const shell = (): { parse: typeof ParseWords; quote: typeof QuoteWords } =>
  requireCjs('shell-quote') as { parse: typeof ParseWords; quote: typeof QuoteWords };

/** The files written, relative to the repository root. */
export const CLAUDE_FILES = {
  mcp: '.mcp.json',
  settings: join('.claude', 'settings.json'),
  instructions: 'CLAUDE.md',
};

/** How Claude Code should start flagstore: a command line (default `flagstore`, on PATH). */
export interface ClaudeSetupOptions {
  command?: string | undefined;
}

/** What was written: paths created, updated or already right. */
export interface ClaudeSetupReport {
  created: string[];
  updated: string[];
  unchanged: string[];
}

function commandWords(command: string): string[] {
  const words = shell().parse(command);
  if (words.length === 0 || words.some((w) => typeof w !== 'string')) {
    throw new FlagstoreError('usage', `--command must be a plain command line: ${command}`, {
      fix: 'flagstore init --agent claude --command "node /path/to/flagstore/bin/flagstore.js"',
    });
  }
  return words as string[];
}

function readJson(root: string, rel: string): Record<string, unknown> | null {
  const path = join(root, rel);
  if (!existsSync(path)) return null;
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new FlagstoreError('invalid', `${rel} is not a JSON object; it was left untouched`, {
    fix: `fix or remove ${rel}, then run: flagstore init --agent claude`,
  });
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** The `.mcp.json` entry for flagstore. */
export function mcpEntry(words: string[]): Record<string, unknown> {
  return {
    command: words[0],
    args: [...words.slice(1), 'mcp'],
    env: { FLAGSTORE_AGENT: '${FLAGSTORE_AGENT:-}' },
  };
}

function withServer(
  existing: Record<string, unknown> | null,
  words: string[],
): Record<string, unknown> {
  const base = existing ?? {};
  return { ...base, mcpServers: { ...record(base.mcpServers), flagstore: mcpEntry(words) } };
}

function hasBrief(groups: unknown[], command: string): boolean {
  return groups.some((g) =>
    (record(g).hooks as unknown[] | undefined)?.some?.((h) => record(h).command === command),
  );
}

function withHook(
  existing: Record<string, unknown> | null,
  command: string,
): Record<string, unknown> {
  const base = existing ?? {};
  const hooks = record(base.hooks);
  const start = Array.isArray(hooks.SessionStart) ? (hooks.SessionStart as unknown[]) : [];
  if (hasBrief(start, command)) return base;
  const entry = { hooks: [{ type: 'command', command }] };
  return { ...base, hooks: { ...hooks, SessionStart: [...start, entry] } };
}

async function writeJson(
  root: string,
  rel: string,
  build: (existing: Record<string, unknown> | null) => Record<string, unknown>,
  report: ClaudeSetupReport,
): Promise<void> {
  const existing = readJson(root, rel);
  const text = `${JSON.stringify(build(existing), null, 2)}\n`;
  const path = join(root, rel);
  if (existing !== null && readFileSync(path, 'utf8') === text)
    return void report.unchanged.push(rel);
  mkdirSync(dirname(path), { recursive: true });
  writeAtomic(path, text);
  (existing === null ? report.created : report.updated).push(rel);
}

/** Writes (or merges) the MCP entry, the SessionStart hook and the CLAUDE.md protocol section. */
export async function setupClaude(
  ws: Workspace,
  options: ClaudeSetupOptions = {},
): Promise<ClaudeSetupReport> {
  const words = commandWords(options.command ?? 'flagstore');
  const report: ClaudeSetupReport = { created: [], updated: [], unchanged: [] };
  await writeJson(ws.root, CLAUDE_FILES.mcp, (e) => withServer(e, words), report);
  const hook = shell().quote([...words, 'brief']);
  await writeJson(ws.root, CLAUDE_FILES.settings, (e) => withHook(e, hook), report);
  const outcome = await installInstructions(join(ws.root, CLAUDE_FILES.instructions), null);
  const bucket = { created: report.created, updated: report.updated, unchanged: report.unchanged };
  bucket[outcome === 'added' ? 'updated' : outcome].push(CLAUDE_FILES.instructions);
  return report;
}
