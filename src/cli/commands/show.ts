/** `flagstore show <id>`: one flag in full, with the chain of flags it belongs to. */
import { relative } from 'node:path';
import type { Command } from 'commander';
import { TYPED_ID_HELP } from '../../core/ids.js';
import { summarize, summaryLine, type FlagSummary } from '../../agent/summary.js';
import { copyNotes, shownFlag, type StoredRead } from '../../services/shown-flag.js';
import { shellWords } from '../../git/shell-word.js';
import { action, workspace } from '../context.js';
import { printNative } from '../output.js';
import { printPaged } from '../pager.js';
import { flagDetail, flagJson } from '../present.js';
import { wrapProse } from '../wrap.js';

/**
 * The note shown when the ledger's copy and the work tree's copy of a flag differ; where one
 * copy is invalid, which one (the other is shown, nothing merged).
 */
function differsLine(stored: StoredRead, file: string): string {
  if (stored.invalid === 'work')
    return `this work tree's file is invalid, so the ledger's copy is shown (see why: flagstore validate ${file})`;
  if (stored.invalid === 'ledger')
    return "the ledger's copy of this flag is invalid, so this work tree's file is shown";
  return `the ledger and this work tree's file differ in: ${stored.differs.join(', ')} (shown merged: the ledger decides the lock, a completion on either side counts)`;
}

/** The note shown when this work tree holds the flag in a file renamed by hand (not read). */
function renamedLine(path: string): string {
  return `this work tree holds this flag in ${shellWords([path])}, renamed by hand, which is not read as a flag, so the ledger's copy is shown (fix: flagstore validate --fix)`;
}

/** Registers `show`. */
export function registerShow(program: Command): void {
  program
    .command('show')
    .description('show one flag and its chain')
    .argument('<id>', TYPED_ID_HELP)
    .action(
      action('native', async (ctx, id: string) => {
        const ws = await workspace(ctx);
        const shown = await shownFlag(ws, id);
        const { stored, renamed } = shown;
        const chain = shown.chain.map((f) => summarize(f, ctx.now));
        if (ctx.json) {
          printNative({
            flag: flagJson(stored.flag, { now: ctx.now, root: ws.root, path: stored.path }),
            ...copyNotes(shown),
            chain: chain.length > 1 ? chain : [],
          });
          return;
        }
        const lines = flagDetail(stored.flag, ctx.now);
        const file = shellWords([relative(ws.root, stored.path)]);
        if (stored.differs.length > 0) lines.push(...wrapProse([differsLine(stored, file)]));
        if (renamed !== null) lines.push(...wrapProse([renamedLine(renamed)]));
        if (chain.length > 1) {
          lines.push('', 'Chain, from its origin (> marks this flag):');
          // Each a list item (`-`, `>` for this flag): a wrapped entry's continuation lines hang
          // under its text, so the next entry's mark shows where it starts.
          const marked = (s: FlagSummary) =>
            `${s.id === stored.flag.id ? '>' : '-'} ${summaryLine(s, ctx.now)}`;
          lines.push(...wrapProse(chain.map(marked)));
        }
        await printPaged(lines, ctx.pager);
      }),
    );
}
