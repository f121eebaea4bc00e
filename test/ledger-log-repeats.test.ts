/**
 * The ledger's log: a change repeated later on one line of the ledger's history (an edit undone
 * and made again) is a new step, listed each time, not a transition recorded twice; a flag only
 * the ledger holds is listed in the order its transitions happened.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, createFlag, git, makeRepo } from './helpers.js';
import { cluster, copyCluster } from './ledger-helpers.js';
import { oncePerFile } from './per-file.js';

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

/**
 * One clone, synced, whose flag was lowered by hand and recorded: built once per test file and
 * copied, for the two tests that go on from that first edit (a sync and an edit fewer each).
 */
async function lowered(): Promise<{ dir: string; id: string }> {
  const built = await oncePerFile('lowered', async () => {
    const once = await cluster(1);
    const dir = once.clones[0] as string;
    expect((await cli(dir, ['sync'])).code).toBe(0);
    await handEdit(dir, once.id, 'low');
    return once;
  });
  const copy = copyCluster(built);
  return { dir: copy.clones[0] as string, id: copy.id };
}

describe('the ledger log', () => {
  it('lists an edit made, undone and made again three times', async () => {
    const { dir, id } = await lowered();
    for (const level of ['high', 'low']) await handEdit(dir, id, level);
    const log = await cli(dir, ['--json', 'log', id]);
    const entries = log.json<{ entries: { change: { kind: string } }[] }>().entries;
    expect(entries.filter((e) => e.change.kind === 'edited')).toHaveLength(3);
  }, 60_000);
});

describe("the log of a branch that committed one of the ledger's repeated edits", () => {
  it("lists the ledger's other repeats of that edit too", async () => {
    const { dir, id } = await lowered();
    git(dir, 'commit', '-q', '--no-verify', '-am', 'lower the flag');
    for (const level of ['high', 'low']) await handEdit(dir, id, level);
    const log = await cli(dir, ['--json', 'log', id]);
    const entries = log.json<{ entries: { change: { kind: string } }[] }>().entries;
    expect(entries.filter((e) => e.change.kind === 'edited')).toHaveLength(3);
  }, 60_000);
});

describe('the ledger log of a flag this branch never held', () => {
  it('orders the transitions as they happened, not by the dates of their ledger commits', async () => {
    const { clones, id } = await cluster(2);
    const [a, b] = clones as [string, string];
    for (const dir of clones) expect((await cli(dir, ['sync'])).code).toBe(0);
    // Clone a's lock is taken first but its ledger commit is dated a day later.
    const later = new Date(Date.now() + 86_400_000).toISOString().slice(0, 19) + 'Z';
    const dated = { GIT_AUTHOR_DATE: later, GIT_COMMITTER_DATE: later };
    expect((await cli(a, ['lock', id, '--by', '@clone.alpha'], dated)).code).toBe(0);
    expect((await cli(b, ['complete', id, '--by', '@clone.beta', '--force'])).code).toBe(0);
    for (const dir of [a, b, a]) expect((await cli(dir, ['sync'])).code).toBe(0);
    git(a, 'reset', '-q', '--hard');
    git(a, 'switch', '-q', '--orphan', 'no-flags');
    const log = await cli(a, ['--json', 'log', id]);
    const entries = log.json<{ entries: { change: { kind: string } }[] }>().entries;
    expect(entries.map((e) => e.change.kind)).toEqual(['created', 'locked', 'completed']);
  }, 120_000);
});

describe('the log of a branch that committed a lock together with an edit', () => {
  it('lists the lock once: the commit stands for the ledger entry of the same lock', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two', '--commit');
    expect((await cli(repo, ['lock', id, '--by', '@b.two'])).code).toBe(0);
    const path = join(repo, 'flags', `${id}.md`);
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.replace(/^impact_level: .*$/m, 'impact_level: low'));
    git(repo, 'commit', '-q', '--no-verify', '-am', 'lock and lower the flag');
    const log = await cli(repo, ['--json', 'log', id]);
    const entries = log.json<{ entries: { change: { kind: string }; commit: string }[] }>().entries;
    expect(entries.map((e) => e.change.kind)).toEqual(['created', 'locked']);
    expect(entries[1]?.commit).toBe(git(repo, 'rev-parse', 'HEAD').trim());
  }, 60_000);
});
