import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { cli, createFlag, flagFiles, git, makeRepo, spawnCli, tempDir } from './helpers.js';

const AGENTS = [
  '@clone.alpha',
  '@clone.beta',
  '@clone.gamma',
  '@clone.delta',
  '@clone.eps',
  '@clone.zeta',
];

/** A bare remote holding one flag, and `n` clones of it set up with `flagstore init`. */
async function cluster(n: number): Promise<{ bare: string; clones: string[]; id: string }> {
  const bare = join(tempDir(), 'remote.git');
  git(tempDir(), 'init', '-q', '--bare', '-b', 'main', bare);
  const seed = await makeRepo();
  const id = await createFlag(seed, '@a.one', 'change', '--to', '@clone.alpha');
  git(seed, 'add', '-A');
  git(seed, 'commit', '-q', '-m', 'a flag');
  git(seed, 'remote', 'add', 'origin', bare);
  git(seed, 'push', '-q', '-u', 'origin', 'main');
  const clones: string[] = [];
  for (let i = 0; i < n; i++) {
    const dir = join(tempDir(), `clone-${i}`);
    git(tempDir(), 'clone', '-q', bare, dir);
    git(dir, 'config', 'user.email', `clone${i}@example.com`);
    git(dir, 'config', 'user.name', `Clone ${i}`);
    git(dir, 'config', 'commit.gpgsign', 'false');
    expect((await cli(dir, ['init'])).code).toBe(0);
    clones.push(dir);
  }
  return { bare, clones, id };
}

async function lockedBy(repo: string, id: string): Promise<string | null> {
  const res = await cli(repo, ['--json', 'show', id]);
  return res.json<{ flag: { locked_by: string | null } }>().flag.locked_by;
}

describe('sync across clones', () => {
  it('six clones locking one flag at once: exactly one holder, and every clone agrees after sync', async () => {
    const { clones, id } = await cluster(6);
    const results = await Promise.all(
      clones.map((dir, i) =>
        spawnCli(dir, ['--json', 'lock', id, '--sync', '--by', AGENTS[i] as string]),
      ),
    );
    const winners = results.flatMap((r, i) => (r.code === 0 ? [AGENTS[i]] : []));
    expect(winners).toHaveLength(1);
    for (const r of results.filter((r) => r.code !== 0)) {
      expect(r.code).toBe(6);
      expect(r.json<{ error: { message: string } }>().error.message).toContain(
        `is locked by ${winners[0]}`,
      );
    }
    for (const dir of clones) expect((await cli(dir, ['sync'])).code).toBe(0);
    for (const dir of clones) expect(await lockedBy(dir, id)).toBe(winners[0]);
  });

  it('concurrent create + sync from several clones: nothing lost, nothing duplicated', async () => {
    const { bare, clones, id } = await cluster(4);
    const created = await Promise.all(
      clones.map(async (dir, i) => {
        const ids = [];
        for (let k = 0; k < 3; k++) ids.push(await createFlag(dir, AGENTS[i] as string));
        const res = await spawnCli(dir, ['--json', 'sync']);
        expect(res.code, res.stdout + res.stderr).toBe(0);
        return ids;
      }),
    );
    const expected = [id, ...created.flat()].map((x) => `${x}.md`).sort();
    expect(new Set(expected).size).toBe(13);
    for (const dir of clones) expect((await cli(dir, ['sync'])).code).toBe(0);
    for (const dir of clones) expect(flagFiles(dir)).toEqual(expected);
    const remote = git(bare, 'ls-tree', '--name-only', 'main', '--', 'flags/')
      .split('\n')
      .filter((l) => l.endsWith('.md'));
    expect(remote.map((p) => p.replace('flags/', '')).sort()).toEqual(expected);
  });

  it('unlock --sync releases the lock for every clone: another agent can then lock --sync', async () => {
    const { clones, id } = await cluster(2);
    const [a, b] = clones as [string, string];
    expect((await cli(a, ['lock', id, '--sync', '--by', '@clone.alpha'])).code).toBe(0);
    const early = await cli(b, ['lock', id, '--sync', '--by', '@clone.beta']);
    expect(early.code).toBe(6);
    const freed = await cli(a, ['--json', 'unlock', id, '--sync', '--by', '@clone.alpha']);
    expect(freed.code).toBe(0);
    expect(freed.json<{ flag: { locked: boolean } }>().flag.locked).toBe(false);
    expect(git(a, 'status', '--porcelain', '--', 'flags').trim()).toBe('');
    expect((await cli(b, ['lock', id, '--sync', '--by', '@clone.beta'])).code).toBe(0);
    expect((await cli(a, ['sync'])).code).toBe(0);
    expect(await lockedBy(a, id)).toBe('@clone.beta');
  });

  it('complete --sync after a remote lock: the holder completes, another agent is refused', async () => {
    const { clones, id } = await cluster(2);
    const [a, b] = clones as [string, string];
    expect((await cli(a, ['lock', id, '--sync', '--by', '@clone.alpha'])).code).toBe(0);
    const refused = await cli(b, ['complete', id, '--sync', '--by', '@clone.beta']);
    expect(refused.code).toBe(6);
    expect(refused.stderr).toContain('locked by @clone.alpha');
    const done = await cli(b, [
      '--json',
      'complete',
      id,
      '--sync',
      '--by',
      '@clone.alpha',
      '--notes',
      'ok',
    ]);
    expect(done.code).toBe(0);
    expect((await cli(a, ['sync'])).code).toBe(0);
    const shown = (await cli(a, ['--json', 'show', id])).json<{
      flag: { status: string; notes: string };
    }>();
    expect(shown.flag).toMatchObject({ status: 'completed', notes: 'ok' });
  });

  it('refuses a remote name that is not configured, never passing it to git as an option', async () => {
    const { clones } = await cluster(1);
    const res = await cli(clones[0] as string, [
      'sync',
      '--remote',
      '--upload-pack=touch /tmp/flagstore-pwned',
    ]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('no remote named --upload-pack=');
  });
});

describe('sync merges flag files with the driver', () => {
  it('a lock in one clone and a completion in another both sync without conflict markers', async () => {
    const { clones, id } = await cluster(2);
    const [a, b] = clones as [string, string];
    git(b, 'config', '--unset', 'merge.flagstore.driver');
    expect((await cli(a, ['lock', id, '--by', '@clone.alpha', '--commit'])).code).toBe(0);
    expect((await cli(a, ['sync'])).code).toBe(0);
    const done = await cli(b, ['complete', id, '--by', '@clone.beta', '--notes', 'shipped']);
    expect(done.code).toBe(0);
    const synced = await cli(b, ['--json', 'sync']);
    expect(synced.code, synced.stdout + synced.stderr).toBe(0);
    expect(git(b, 'config', 'merge.flagstore.driver')).toContain('merge-driver');
    expect((await cli(a, ['sync'])).code).toBe(0);
    for (const dir of clones) {
      const flag = (await cli(dir, ['--json', 'show', id])).json<{
        flag: { status: string; completed_by: string; locked: boolean; notes: string };
      }>().flag;
      expect(flag).toMatchObject({
        status: 'completed',
        completed_by: '@clone.beta',
        locked: false,
        notes: 'shipped',
      });
    }
    expect(git(a, 'status', '--porcelain')).toBe('');
  });
});
