/**
 * A lock with no holder (the seed's anonymous `lock-flag`, or a lock imported from the original
 * database, which never recorded holders) blocks no one: `lock`, `lock-flag`, `unlock-flag` and
 * `complete-flag` agree on it (issue 11, "Anonymous locks"). A named lock still blocks others.
 */
import { describe, expect, it } from 'vitest';
import type { Flag } from '../src/core/types.js';
import { mergeFrontMatter } from '../src/sync/merge-fields.js';
import { flag } from './answer-helpers.js';
import { ACTION, CHANGE, cli, makeRepo, seedCreateArgs } from './helpers.js';
import { originalDatabase } from './original-db.js';

/** A database of the original with `count` pending flags, all locked (holders were never kept). */
async function lockedDatabase(count: number): Promise<string> {
  return originalDatabase((db) => {
    const insert = db.prepare(
      `INSERT INTO flags (id, flag_type, source_agent, target_agent, change_description,
        action_required, locked, created_at) VALUES (?, 'change', '@a.one', '@b.two', ?, ?, 1, ?)`,
    );
    for (let id = 1; id <= count; id++)
      insert.run([id, `${CHANGE} (#${id})`, ACTION, `2025-03-01 10:0${id}`]);
    insert.free();
  });
}

/** Three flags with a holderless lock, made the way `source` names. */
async function holderless(repo: string, source: 'imported' | 'lock-flag'): Promise<string[]> {
  if (source === 'imported') {
    const res = await cli(repo, ['import-sqlite', await lockedDatabase(3), '--tz', 'UTC']);
    expect(res.code, res.stderr).toBe(0);
    return ['1', '2', '3'];
  }
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const id = (await cli(repo, seedCreateArgs())).json<{ flag_id: string }>().flag_id;
    expect((await cli(repo, ['lock-flag', id])).code).toBe(0);
    ids.push(id);
  }
  return ids;
}

async function shown(repo: string, id: string): Promise<Record<string, unknown>> {
  return (await cli(repo, ['--json', 'show', id])).json<{ flag: Record<string, unknown> }>().flag;
}

describe('a holderless lock', () => {
  for (const source of ['imported', 'lock-flag'] as const) {
    it(`(${source}) is free to lock, unlock and complete, anonymously or by name`, async () => {
      const repo = await makeRepo();
      const [relock, unlock, complete] = await holderless(repo, source);
      expect(await shown(repo, relock as string)).toMatchObject({ locked: true, locked_by: null });
      expect((await cli(repo, ['list'])).stdout).toContain('locked, no holder');
      const again = await cli(repo, ['lock-flag', relock as string]);
      expect(again.code, again.stdout).toBe(0);
      expect(again.json()).toMatchObject({ locked: true, locked_by: null });
      const named = await cli(repo, ['lock', relock as string, '--by', '@c.three']);
      expect(named.code, named.stderr).toBe(0);
      expect(await shown(repo, relock as string)).toMatchObject({ locked_by: '@c.three' });
      // Now a named lock: it blocks another agent's lock and completion.
      expect((await cli(repo, ['lock', relock as string, '--by', '@b.two'])).code).toBe(6);
      expect((await cli(repo, ['complete-flag', relock as string, '@b.two'])).code).toBe(6);
      // An anonymous caller is no holder either: the named lock blocks it too.
      for (const verb of ['lock-flag', 'unlock-flag'])
        expect((await cli(repo, [verb, relock as string])).code, verb).toBe(6);
      const released = await cli(repo, ['unlock-flag', unlock as string]);
      expect(released.json()).toMatchObject({ success: true, locked: false });
      const done = await cli(repo, ['complete-flag', complete as string, '@b.two']);
      expect(done.json()).toMatchObject({ success: true, completed_by: '@b.two' });
    });
  }
});

describe('a holderless lock met by a named one in a merge', () => {
  const base = flag('01JD3ZQ8X5K2M4N6P8R0T2V4W6', { created_at: '2026-01-01T00:00:00.000Z' });
  const lock = (by: string | null, at: string): Flag => ({
    ...base,
    locked: true,
    locked_by: by,
    locked_at: at,
  });

  it('keeps the named lock, taken later, as lock would have over the holderless one', () => {
    const anonymous = lock(null, '2026-01-02T09:00:00.000Z');
    const named = lock('@c.three', '2026-01-02T10:00:00.000Z');
    for (const [ours, theirs] of [
      [anonymous, named],
      [named, anonymous],
    ] as const) {
      expect(mergeFrontMatter({ base, ours, theirs }).locked_by).toBe('@c.three');
    }
  });
});
