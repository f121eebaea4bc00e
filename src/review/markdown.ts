/** A review as markdown for a pull request or `$GITHUB_STEP_SUMMARY`: a table per category. */
import { FLAG_FILE_NAME_RULE } from '../core/ids.js';
import { sanitize } from '../core/sanitize.js';
import type { Flag } from '../core/types.js';
import {
  CHANGE_KINDS,
  impactOf,
  shownImpact,
  type ChangeKind,
  type FlagChange,
} from './changes.js';

const TITLES: Record<ChangeKind, string> = {
  invalid: 'Invalid flag files',
  reopened: 'Reopened (illegal)',
  deleted: 'Deleted (illegal)',
  created: 'Created',
  locked: 'Locked',
  unlocked: 'Unlocked',
  completed: 'Completed',
  edited: 'Edited',
};

/**
 * What GitHub turns into a live link or notification: `@user`, `@org/team`, `@db.pg`, issue
 * references `#123` and `GH-123`. In a code span they are plain text.
 */
const LIVE = /@[A-Za-z0-9][\w./-]*|#\d+|\bGH-\d+/gi;

function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[|\\`*_[\]]/g, (c) => `\\${c}`);
}

/**
 * Makes untrusted text safe inside a markdown table cell: one line, no HTML, no pipes, and no
 * live mention or issue reference (each goes in a code span, which holds none of `|`, `&`, `<`).
 */
export function cell(text: string): string {
  const flat = sanitize(text.replace(/[\r\n\t]+/g, ' '));
  let out = '';
  let last = 0;
  for (const match of flat.matchAll(LIVE)) {
    out += `${escapeMarkdown(flat.slice(last, match.index))}\`${match[0]}\``;
    last = match.index + match[0].length;
  }
  return (out + escapeMarkdown(flat.slice(last))).trim();
}

/** First line of a flag's change description. */
export function firstLine(flag: Flag | null): string {
  return (flag?.change_description ?? '').split('\n')[0] ?? '';
}

function agents(flag: Flag | null): string {
  if (flag === null) return '';
  return `${flag.source_agent} → ${flag.target_agent ?? 'anyone'}`;
}

/**
 * What a row says beyond the category: edited fields, who acted (unless `shown`, the agent a
 * column beside it shows already), problems, illegal steps.
 */
export function detailText(change: FlagChange, shown: string | null = null): string {
  const after = change.after;
  const parts: string[] = [];
  const by = (agent: string): void => {
    if (agent !== shown) parts.push(`by ${agent}`);
  };
  if (change.kind === 'locked' && after) by(after.locked_by ?? 'unnamed');
  if (change.kind === 'completed' && after) by(after.completed_by ?? '?');
  if (change.fields.length > 0) parts.push(`fields: ${change.fields.join(', ')}`);
  parts.push(...change.illegal);
  parts.push(
    ...change.problems
      .filter((p) => p.severity === 'error')
      .map((p) => `line ${p.line}: ${p.message}`),
  );
  return parts.join('; ');
}

function row(change: FlagChange): string {
  const flag = change.after ?? change.before;
  const cells = [
    `\`${change.id}\``,
    shownImpact(change),
    cell(agents(flag)),
    cell(firstLine(flag)),
    cell(detailText(change)),
  ];
  return `| ${cells.join(' | ')} |`;
}

/** A flag-folder file no reader takes for a flag (its name is not `<id>.md`), as an invalid row. */
function misnamedRow(path: string): string {
  const name = cell(path.slice(path.lastIndexOf('/') + 1));
  return `| ${name} | invalid |  |  | ${cell(`file: ${FLAG_FILE_NAME_RULE}`)} |`;
}

/**
 * Renders a review: a heading, a count line, then a table for each non-empty category.
 * `misnamed`: paths of added files named unlike a flag, shown with the invalid flag files.
 */
export function reviewMarkdown(
  changes: FlagChange[],
  label: string,
  misnamed: string[] = [],
): string {
  const lines = [`## Flag changes (${cell(label)})`, ''];
  const rows = (kind: ChangeKind) => [
    ...changes.filter((c) => c.kind === kind).map(row),
    ...(kind === 'invalid' ? misnamed.map(misnamedRow) : []),
  ];
  const groups = CHANGE_KINDS.map((kind) => ({ kind, group: rows(kind) }));
  if (groups.every((g) => g.group.length === 0))
    return [...lines, 'No flag changes.', ''].join('\n');
  const counts = groups.flatMap(({ kind, group }) =>
    group.length > 0 ? [`${group.length} ${kind}`] : [],
  );
  lines.push(counts.join(', '), '');
  for (const { kind, group } of groups) {
    if (group.length === 0) continue;
    lines.push(
      `### ${TITLES[kind]}`,
      '',
      '| id | impact | agents | change | details |',
      '|---|---|---|---|---|',
    );
    lines.push(...group, '');
  }
  return lines.join('\n');
}

/** A change as stable JSON for tools. */
export function changeJson(change: FlagChange): Record<string, unknown> {
  return {
    id: change.id,
    kind: change.kind,
    path: change.path,
    impact_level: impactOf(change),
    fields: change.fields,
    illegal: change.illegal,
    problems: change.problems,
    before: change.before,
    after: change.after,
  };
}
