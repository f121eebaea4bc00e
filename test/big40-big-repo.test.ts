/**
 * Field trial 38's leftovers at 100,000 flags (big40): each mend shown at a few hundred flags by
 * counting what a command makes or prints, never by timing it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { printSeedRows } from '../src/cli/commands/seed-flags.js';
import { setOutputSink } from '../src/cli/output.js';
import { seedRow } from '../src/cli/present.js';
import type { Flag } from '../src/core/types.js';
import { listFlags } from '../src/services/flags.js';
import { openWorkspace } from '../src/services/workspace.js';
import { spawnCli } from './helpers.js';
import { repoWithFlags } from './flag-repo.js';

/** Rewrites a flag file of the work tree with `edit`. */
function editFlag(repo: string, id: string, edit: (text: string) => string): void {
  const file = join(repo, 'flags', `${id}.md`);
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
}

/** The widths of the lines of piped `diff HEAD` (no COLUMNS: no width to fit). */
async function pipedDiffWidths(repo: string): Promise<number[]> {
  const res = await spawnCli(repo, ['diff', 'HEAD'], { COLUMNS: '' });
  expect(res.code).toBe(0);
  return res.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.length);
}

afterEach(() => setOutputSink(null));

describe('get-pending-flags prints its rows as they are made', () => {
  it('has made only the first rows when its first piece is written', async () => {
    const ws = await openWorkspace((await repoWithFlags(300)).repo);
    const { flags } = await listFlags(ws, { status: 'pending' });
    expect(flags).toHaveLength(300);
    const read = new Set<Flag>();
    const counted = flags.map(
      (flag) =>
        new Proxy(flag, {
          get: (target, key, receiver) => (read.add(target), Reflect.get(target, key, receiver)),
        }),
    );
    const pieces: string[] = [];
    let madeAtFirstPiece = -1;
    setOutputSink({
      stdout: (text) => {
        if (pieces.length === 0) madeAtFirstPiece = read.size;
        pieces.push(text);
      },
      stderr: () => undefined,
    });
    const now = new Date();
    printSeedRows(counted, now);
    setOutputSink(null);
    // A row is some 700 characters: a 64 KB piece holds about 90 of them, not all 300.
    expect(madeAtFirstPiece).toBeGreaterThan(0);
    expect(madeAtFirstPiece).toBeLessThan(150);
    const whole = JSON.stringify(
      flags.map((f) => seedRow(f, now)),
      null,
      2,
    );
    expect(pieces.join('')).toBe(`${whole}\n`);
  });
});

describe('piped diff beside one huge change', () => {
  it('keeps the other rows as wide as without it, and the huge row bounded', async () => {
    const { repo, ids } = await repoWithFlags(35);
    for (const id of ids) editFlag(repo, id, (text) => text.replace('medium', 'high'));
    const without = await pipedDiffWidths(repo);
    expect(without).toHaveLength(36);
    const huge = 'The users table gained '.concat('a very wide column of text '.repeat(750));
    editFlag(repo, ids[0] ?? '', (text) =>
      text.replace(/The users table gained a preferences[^\n]*/, huge),
    );
    const beside = await pipedDiffWidths(repo);
    expect(beside).toHaveLength(36);
    // The huge row is cut (its DETAILS name one more field); every other row is as before.
    const hugeRow = beside.findIndex((w, i) => w !== without[i]);
    expect(beside.filter((w, i) => i !== hugeRow)).toEqual(without.filter((w, i) => i !== hugeRow));
    expect(beside[hugeRow]).toBeLessThan(300);
  });
});
