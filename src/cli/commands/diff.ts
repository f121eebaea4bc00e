/** `flagstore diff [<base>...<head>]`: what happened to each flag, for people, pull requests or tools. */
import type { Command } from 'commander';
import { unwrap } from '../../core/errors.js';
import { shortIds } from '../../core/ids.js';
import { shownImpact } from '../../review/changes.js';
import { resolveRange, reviewRange } from '../../review/diff.js';
import { changeJson, detailText, firstLine, reviewMarkdown } from '../../review/markdown.js';
import { action, workspace } from '../context.js';
import { palette, printNative, say, table } from '../output.js';
import { DEFAULT_LIMIT, oneOfList, rowLimit } from '../parse.js';
import { cutNotice } from '../present.js';
import type { ColumnSpec } from '../table.js';

const FORMATS = ['text', 'markdown', 'json'] as const;

/**
 * KIND, ID and IMPACT stay whole; the change text gives way, then DETAILS shortens or goes. A
 * change text over 200 columns is cut to the others' width, so piped (no width to fit) one huge
 * change does not pad every row (its whole text: --json, --format markdown).
 */
const DIFF_COLUMNS: ColumnSpec[] = [
  { priority: Infinity },
  { priority: Infinity },
  { priority: Infinity },
  { priority: Infinity, flex: true, min: 16, comfort: 48, outlier: 200 },
  { priority: 1, min: 12 },
];

/** Registers `diff`. */
export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description(
      'flag changes between two commits (default: merge base with the default branch...work tree)',
    )
    .argument('[range]', '<base>...<head>, <base>..<head>, or <base> (compared with the work tree)')
    .option('--format <format>', 'text, markdown or json', 'text')
    .option('--limit <n>', `text: show at most n rows (default ${DEFAULT_LIMIT}; 0: all)`)
    .option('--all', 'text: show every change')
    .action(
      action('native', async (ctx, spec: string | undefined, o: DiffOptions) => {
        const [format] = unwrap(oneOfList<(typeof FORMATS)[number]>(o.format, FORMATS, 'format'));
        const ws = await workspace(ctx);
        const review = await reviewRange(ws, await resolveRange(ws.root, spec));
        if (ctx.json || format === 'json') {
          printNative({ range: review.range, changes: review.changes.map(changeJson) });
        } else if (format === 'markdown') {
          say(reviewMarkdown(review.changes, review.range.label));
        } else {
          printText(review.changes, { limit: rowLimit(o), ids: ws.flags.ids() });
        }
      }),
    );
}

interface DiffOptions {
  format: string;
  limit?: string;
  all?: boolean;
}

type Changes = Parameters<typeof reviewMarkdown>[0];

/** Kinds a reviewer must see: first in the text table, so a cut never hides them. */
const BAD = new Set(['invalid', 'reopened', 'deleted']);

/**
 * The text table. IDs print in the short form other tables print (unique among `ids`, every
 * flag's ID, and the changed ones), so a row's ID typed back resolves and CHANGE keeps room.
 */
function printText(changes: Changes, o: { limit: number; ids: readonly string[] }): void {
  if (changes.length === 0) {
    say('no flag changes');
    return;
  }
  const c = palette();
  const ordered = [...changes].sort((a, b) => Number(BAD.has(b.kind)) - Number(BAD.has(a.kind)));
  const shown = ordered.slice(0, o.limit);
  const short = shortIds([...o.ids, ...changes.map((ch) => ch.id)], {
    shown: shown.map((ch) => ch.id),
  });
  const rows = shown.map((ch) => [
    ch.kind,
    short.get(ch.id) ?? ch.id,
    shownImpact(ch),
    firstLine(ch.after ?? ch.before),
    detailText(ch),
  ]);
  const style = (text: string, r: number, col: number): string => {
    if (r === 0) return c.bold(text);
    return col === 0 && BAD.has(text.trim()) ? c.red(text) : text;
  };
  const head = ['KIND', 'ID', 'IMPACT', 'CHANGE', 'DETAILS'];
  const lines = table([head, ...rows], style, DIFF_COLUMNS);
  lines.forEach((line) => say(line));
  if (shown.length < changes.length) say(cutLine(changes, shown.length));
}

/** What a cut table left out: `50 of 3,000 flag changes shown (3,000 created); all of them: flagstore diff --all`. */
function cutLine(changes: Changes, shown: number): string {
  const kinds = new Map<string, number>();
  for (const ch of changes) kinds.set(ch.kind, (kinds.get(ch.kind) ?? 0) + 1);
  const counts = [...kinds].map(([kind, n]) => `${n.toLocaleString('en')} ${kind}`).join(', ');
  return cutNotice({ shown, total: changes.length, noun: 'flag changes', detail: ` (${counts})` });
}
