/** How agents and search results look to people. */
import type { Agent } from '../catalog/agent.js';
import type { SearchHit } from '../catalog/search.js';
import { oneLine, palette, sanitize, table } from './output.js';

/** Splits a comma-separated option into a list (empty when absent). */
export function splitOption(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

const LIST_FIELDS: [keyof Agent, string][] = [
  ['tags', 'tags'],
  ['tech_stack', 'tech stack'],
  ['role', 'role'],
  ['scenarios', 'scenarios'],
  ['capabilities', 'capabilities'],
  ['connections', 'connections'],
  ['tools', 'tools'],
];

/** The detail view of one agent: handle, fields, then its prompt. */
export function agentDetail(agent: Agent, body: string): string[] {
  const c = palette();
  const lines = [c.bold(c.cyan(sanitize(agent.handle))), sanitize(agent.description)];
  const scalars: [string, string | null][] = [
    ['type', agent.type],
    ['module', [agent.module, agent.sub_module].filter(Boolean).join(' / ')],
    ['status', agent.status],
    ['model', agent.model],
  ];
  for (const [label, value] of scalars)
    if (value) lines.push(`${c.dim(`${label}:`)} ${oneLine(value)}`);
  for (const [key, label] of LIST_FIELDS) {
    const value = agent[key];
    if (Array.isArray(value) && value.length > 0)
      lines.push(`${c.dim(`${label}:`)} ${oneLine(value.join(', '))}`);
  }
  if (body.trim() !== '') lines.push('', sanitize(body.trim()));
  return lines;
}

/** Search results as an aligned table: rank, handle, score, confidence, reasons. */
export function hitTable(hits: SearchHit[]): string[] {
  const c = palette();
  const rows = [
    ['#', 'agent', 'score', 'confidence', 'why'],
    ...hits.map((h, i) => [
      String(i + 1),
      h.handle,
      h.score.toFixed(1),
      `${Math.round(h.confidence * 100)}%`,
      h.reasons.join('; '),
    ]),
  ];
  return table(rows, (text, r, col) => {
    if (r === 0) return c.bold(text);
    return col === 1 ? c.cyan(text) : text;
  });
}
