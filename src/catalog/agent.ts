/**
 * Catalog entries: one agent, normalised from either real shape (Claude Code subagent front
 * matter, or the seed's agents_catalog columns). Pure: no I/O.
 */
import { isHandle, normaliseHandle } from '../core/handles.js';
import type { Problem } from '../core/rules.js';
import { textProblem } from '../core/text-rules.js';
import { quotedText } from '../core/sanitize.js';

/** An agent of the catalog, every list field an array, the handle normalised (`@name`). */
export interface Agent {
  handle: string;
  description: string;
  type: string;
  module: string;
  sub_module: string | null;
  role: string[];
  tech_stack: string[];
  scenarios: string[];
  tags: string[];
  capabilities: string[];
  connections: string[];
  status: string;
  tools: string[];
  model: string | null;
  color: string | null;
}

/** List-valued front-matter keys (YAML lists, JSON array text, or comma-separated text). */
export const LIST_KEYS = [
  'role',
  'tech_stack',
  'scenarios',
  'tags',
  'capabilities',
  'connections',
  'tools',
] as const;

/** Text-valued front-matter keys. */
export const TEXT_KEYS = [
  'name',
  'description',
  'type',
  'module',
  'sub_module',
  'status',
  'model',
  'color',
] as const;

/** The outcome of normalising one agent's front matter. */
export interface AgentValidation {
  agent: Agent | null;
  problems: Problem[];
}

type Data = Record<string, unknown>;

function problem(field: string, message: string, severity: Problem['severity'] = 'error'): Problem {
  return { field, message, severity };
}

/** Parses a list value written as a YAML list, a JSON array in text, or comma-separated text. */
export function parseList(value: unknown): string[] | null {
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) {
    return value.every((v) => ['string', 'number'].includes(typeof v)) ? value.map(String) : null;
  }
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  if (trimmed.startsWith('[')) {
    try {
      return parseList(JSON.parse(trimmed));
    } catch {
      return null;
    }
  }
  return trimmed
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function text(data: Data, key: string, problems: Problem[]): string | null {
  const value = data[key];
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number') return String(value).trim();
  problems.push(problem(key, `${key} must be text`));
  return null;
}

function list(data: Data, key: string, problems: Problem[]): string[] {
  const parsed = parseList(data[key]);
  if (parsed !== null) return parsed;
  problems.push(problem(key, `${key} must be a list of texts (YAML list or comma-separated)`));
  return [];
}

/** Turns a raw agent name (`backend.rust`, `@Backend.Rust`) into a handle, or null. */
export function agentHandle(raw: string): string | null {
  const handle = normaliseHandle(raw.replace(/\s+/g, '-'));
  return isHandle(handle) ? handle : null;
}

/**
 * The agent's handle: its `handle` field when the file has one (a Claude Code subagent's `name`
 * allows only lowercase letters, digits and hyphens, so `@backend.api` is kept there), else
 * its `name`.
 */
function handleOf(data: Data, problems: Problem[]): string {
  const own = text(data, 'handle', problems);
  if (own !== null && own !== '') return declaredHandle(own, problems);
  const name = text(data, 'name', problems);
  if (name === null || name === '') {
    problems.push(problem('name', 'name is required (like code-reviewer or backend.api)'));
    return '';
  }
  const handle = agentHandle(name);
  if (handle !== null) return warnRenamed(name, handle, problems);
  problems.push(
    problem(
      'name',
      `name ${quotedText(name)} is not a handle: use lowercase letters, digits and hyphens, like code-reviewer (or domain.module, like backend.api)`,
    ),
  );
  return '';
}

function declaredHandle(own: string, problems: Problem[]): string {
  const handle = normaliseHandle(own);
  if (isHandle(handle)) return handle;
  const message = `handle ${JSON.stringify(own)} is not a handle like @code-reviewer or @backend.api`;
  problems.push(problem('handle', message));
  return '';
}

/** Keeps a name read leniently (`Parking Systems` as `@parking-systems`), with a warning saying so. */
function warnRenamed(name: string, handle: string, problems: Problem[]): string {
  const written = name.trim().replace(/^@/, '');
  if (written === handle.slice(1)) return handle;
  const message = `name ${quotedText(written)} is read as ${handle}; write name: ${handle.slice(1)} (Claude Code expects lowercase letters, digits and hyphens)`;
  problems.push(problem('name', message, 'warning'));
  return handle;
}

function describe(data: Data, problems: Problem[]): string {
  const description = text(data, 'description', problems) ?? '';
  if (description === '' && parseList(data.role)?.length === 0 && !data.tags) {
    problems.push(
      problem(
        'description',
        'no description, role or tags: search cannot find this agent',
        'warning',
      ),
    );
  }
  return description;
}

/** Normalises one agent's front matter, collecting every problem. */
export function normaliseAgent(data: Data): AgentValidation {
  const problems: Problem[] = [];
  const handle = handleOf(data, problems);
  const [domain = '', ...rest] = handle.slice(1).split('.');
  const agent: Agent = {
    handle,
    description: describe(data, problems),
    type: text(data, 'type', problems) || domain,
    module: text(data, 'module', problems) || rest.join('.'),
    sub_module: text(data, 'sub_module', problems) || null,
    role: list(data, 'role', problems),
    tech_stack: list(data, 'tech_stack', problems),
    scenarios: list(data, 'scenarios', problems),
    tags: list(data, 'tags', problems),
    capabilities: list(data, 'capabilities', problems),
    connections: list(data, 'connections', problems),
    status: text(data, 'status', problems) || 'active',
    tools: list(data, 'tools', problems),
    model: text(data, 'model', problems) || null,
    color: text(data, 'color', problems) || null,
  };
  const usable = !problems.some((p) => p.severity === 'error');
  return { agent: usable ? agent : null, problems: [...problems, ...unsafeAgentText(agent)] };
}

/**
 * Warnings for the agent's texts that hold terminal control or bidi characters (outputs strip
 * them; writers refuse them): one per field, the first such character.
 */
export function unsafeAgentText(agent: Agent): Problem[] {
  return Object.entries(agent).flatMap(([field, value]) => {
    const texts = Array.isArray(value) ? (value as string[]) : [value];
    for (const text of texts) {
      if (typeof text !== 'string') continue;
      const problem = textProblem(field, text, { severity: 'warning' });
      if (problem !== null) return [problem];
    }
    return [];
  });
}

/** The file name an agent is stored under: `<name>.md`, as Claude Code catalogs do. */
export function agentFileName(handle: string): string {
  return `${handle.slice(1)}.md`;
}
