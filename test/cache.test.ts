import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, createFlag, git, makeRepo, readFlag } from './helpers.js';

async function idsFor(repo: string, agent: string): Promise<string[]> {
  const res = await cli(repo, ['--json', 'list', '--for', agent]);
  return res
    .json<{ flags: { id: string }[] }>()
    .flags.map((f) => f.id)
    .sort();
}

async function textsFor(repo: string, agent: string): Promise<Record<string, string>> {
  const res = await cli(repo, ['--json', 'list', '--for', agent]);
  const flags = res.json<{ flags: { id: string; change_description: string }[] }>().flags;
  return Object.fromEntries(flags.map((f) => [f.id, f.change_description]));
}

describe('the parse cache never changes an answer', () => {
  it('sees hand edits, deletions and a corrupt or mixed-up cache', async () => {
    const repo = await makeRepo();
    const b1 = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const b2 = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const c1 = await createFlag(repo, '@a.one', 'change', '--to', '@c.three');
    expect(await idsFor(repo, '@b.two')).toEqual([b1, b2].sort());
    expect(await idsFor(repo, '@c.three')).toEqual([c1]);

    const cacheDir = join(repo, '.git', 'flagstore', 'cache');
    // The third flag's parse went to the index's journal (the index file is written whole less often).
    expect(readdirSync(cacheDir).sort()).toEqual([
      'index-journal.jsonl',
      'index.json',
      'ledger',
      'shard-%40b.two.json',
      'shard-%40c.three.json',
    ]);

    writeFileSync(
      join(repo, 'flags', `${c1}.md`),
      readFlag(repo, c1).replace('target_agent: "@c.three"', 'target_agent: "@b.two" '),
    );
    expect(await idsFor(repo, '@b.two')).toEqual([b1, b2, c1].sort());
    expect(await idsFor(repo, '@c.three')).toEqual([]);

    // A deleted work-tree file does not delete the flag: the ledger still holds it.
    rmSync(join(repo, 'flags', `${b2}.md`));
    expect(await idsFor(repo, '@b.two')).toEqual([b1, b2, c1].sort());
    git(repo, 'update-ref', '-d', 'refs/heads/flagstore');
    expect(await idsFor(repo, '@b.two')).toEqual([b1, c1].sort());

    const bShard = join(cacheDir, 'shard-%40b.two.json');
    writeFileSync(bShard, readFileSync(bShard, 'utf8').slice(0, 40));
    expect(await idsFor(repo, '@b.two')).toEqual([b1, c1].sort());

    // A shard from an earlier state (a valid, stamped file) next to a newer index: the index
    // knows b1's file changed since, so the shard's stale parse of b1 must not be used.
    await idsFor(repo, '@b.two');
    const stale = readFileSync(bShard, 'utf8');
    const edited = readFlag(repo, b1).replace('preferences JSON column', 'settings JSON column');
    writeFileSync(join(repo, 'flags', `${b1}.md`), edited);
    expect((await textsFor(repo, '@b.two'))[b1]).toContain('settings JSON column');
    writeFileSync(bShard, stale);
    expect((await textsFor(repo, '@b.two'))[b1]).toContain('settings JSON column');
  });

  it('drops a deleted file from the index, also when a read finds as many files as before', async () => {
    const repo = await makeRepo();
    const a = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const b = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const cache = join(repo, '.git', 'flagstore', 'cache');
    // The index file's ids, with its journal's rows (an id alone: dropped) applied in order.
    const indexed = () => {
      const file = JSON.parse(readFileSync(join(cache, 'index.json'), 'utf8')) as {
        value: { ids: string };
      };
      const ids = new Set(file.value.ids.split('\n'));
      const journal = join(cache, 'index-journal.jsonl');
      const lines = existsSync(journal) ? readFileSync(journal, 'utf8').split('\n').slice(1) : [];
      for (const line of lines.filter((l) => l.startsWith('['))) {
        const [id, key] = JSON.parse(line) as [string, string?];
        if (key === undefined) ids.delete(id);
        else ids.add(id);
      }
      return [...ids].sort();
    };
    await idsFor(repo, '@b.two');
    expect(indexed()).toEqual([a, b].sort());
    // b's file under another id: as many files, one of them new (invalid: its id differs).
    const other = '01KDVDNA0095KX5QX1GB42GKYE';
    renameSync(join(repo, 'flags', `${b}.md`), join(repo, 'flags', `${other}.md`));
    await idsFor(repo, '@b.two');
    expect(indexed()).toEqual([a, other].sort());
    rmSync(join(repo, 'flags', `${other}.md`));
    await idsFor(repo, '@b.two');
    expect(indexed()).toEqual([a]);
  });

  it('reports files that became invalid even when listing for one agent', async () => {
    const repo = await makeRepo();
    const c1 = await createFlag(repo, '@a.one', 'change', '--to', '@c.three');
    await idsFor(repo, '@b.two');
    writeFileSync(
      join(repo, 'flags', `${c1}.md`),
      readFlag(repo, c1).replace('status: pending', 'status: open'),
    );
    const res = await cli(repo, ['--json', 'list', '--for', '@b.two']);
    expect(res.json<{ invalid: { path: string }[] }>().invalid.map((i) => i.path)).toEqual([
      `flags/${c1}.md`,
    ]);
  });

  it('keeps only the parses a read wants; other reads parse the rest when they need them', async () => {
    const repo = await makeRepo();
    const b1 = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const c1 = await createFlag(repo, '@a.one', 'change', '--to', '@c.three');
    const open = await createFlag(repo, '@a.one', 'change');
    const all = async (): Promise<string> => (await cli(repo, ['--json', 'list'])).stdout;
    const cacheDir = join(repo, '.git', 'flagstore', 'cache');
    rmSync(join(repo, '.git', 'flagstore'), { recursive: true, force: true });
    const fresh = await all();
    expect(fresh).toContain(open);

    rmSync(join(repo, '.git', 'flagstore'), { recursive: true, force: true });
    expect(await idsFor(repo, '@b.two')).toEqual([b1]);
    const shards = (): string[] => readdirSync(cacheDir).filter((n) => n.startsWith('shard-'));
    expect(shards()).toEqual(['shard-%40b.two.json']);
    expect(await idsFor(repo, '@c.three')).toEqual([c1]);
    expect(shards().sort()).toEqual(['shard-%40b.two.json', 'shard-%40c.three.json']);
    expect(await all()).toBe(fresh);
    expect(await all()).toBe(fresh);
  });

  it('parses no ledger copy the work tree holds byte for byte, cold or warm', async () => {
    const repo = await makeRepo();
    const mine = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    await createFlag(repo, '@a.one', 'change', '--to', '@c.three');
    const ledgerIndex = join(repo, '.git', 'flagstore', 'cache', 'ledger', 'index.json');
    const ledgerParses = (): string =>
      existsSync(ledgerIndex) ? readFileSync(ledgerIndex, 'utf8') : '';
    for (const cold of [true, false]) {
      if (cold) rmSync(join(repo, '.git', 'flagstore'), { recursive: true, force: true });
      expect(await idsFor(repo, '@b.two')).toEqual([mine]);
      // A kept parse carries its blob id, so the ledger's identical copy is never parsed.
      expect(ledgerParses()).not.toContain(mine);
    }
  });
});
