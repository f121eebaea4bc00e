/**
 * A change repeated later on one line of the ledger's history (an edit undone and made again)
 * is a new step of the ledger's log, listed each time, not a transition recorded twice.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers.js';
import { cluster } from './ledger-helpers.js';

/** Sets the flag file's impact level by hand, then records it in the ledger with `sync`. */
async function handEdit(dir: string, id: string, level: string): Promise<void> {
  const path = join(dir, 'flags', `${id}.md`);
  writeFileSync(
    path,
    readFileSync(path, 'utf8').replace(/^impact_level: .*$/m, `impact_level: ${level}`),
  );
  const res = await cli(dir, ['--json', 'sync']);
  expect(res.json<{ recorded: string | null }>().recorded, res.stderr).not.toBeNull();
}

describe('the ledger log', () => {
  it('lists an edit made, undone and made again three times', async () => {
    const { clones, id } = await cluster(1);
    const dir = clones[0] as string;
    expect((await cli(dir, ['sync'])).code).toBe(0);
    for (const level of ['low', 'high', 'low']) await handEdit(dir, id, level);
    const log = await cli(dir, ['--json', 'log', id]);
    const entries = log.json<{ entries: { change: { kind: string } }[] }>().entries;
    expect(entries.filter((e) => e.change.kind === 'edited')).toHaveLength(3);
  }, 60_000);
});
