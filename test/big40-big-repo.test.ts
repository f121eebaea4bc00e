/**
 * Field trial 38's leftovers at 100,000 flags (big40): each mend shown at a few hundred flags by
 * counting what a command makes or prints, never by timing it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { printSeedRows } from '../src/cli/commands/seed-flags.js';
import { setOutputSink } from '../src/cli/output.js';
import { seedRow } from '../src/cli/present.js';
import type { Flag } from '../src/core/types.js';
import { listFlags } from '../src/services/flags.js';
import { openWorkspace } from '../src/services/workspace.js';
import { newFlagId } from '../src/store/ids.js';
import { flagText, git, makeRepo } from './helpers.js';

/** A repository with `count` valid pending flags, committed. */
async function repoWithFlags(count: number): Promise<string> {
  const repo = await makeRepo();
  const ids = Array.from({ length: count }, () => newFlagId(new Date()));
  for (const id of ids) writeFileSync(join(repo, 'flags', `${id}.md`), flagText(id));
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '--no-verify', '-m', `${count} flags`);
  return repo;
}

afterEach(() => setOutputSink(null));

describe('get-pending-flags prints its rows as they are made', () => {
  it('has made only the first rows when its first piece is written', async () => {
    const ws = await openWorkspace(await repoWithFlags(300));
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
