/**
 * The git work of syncing, logged by a git wrapper put first on PATH: a synced write reads and
 * moves its remote-tracking ref (`refs/remotes/<remote>/<ledger>`) in this process where the ref
 * files are plain (src/git/loose.ts), and the tracking ref always ends at what the push
 * published, whether or not the push moved it itself; `sync` pushes only what the remote lacks.
 */
import { describe, expect, it } from 'vitest';
import { calls, loggingGit } from './git-log.js';
import { cli, createFlag, git } from './helpers.js';
import { cluster } from './ledger-helpers.js';

const TRACKING = 'refs/remotes/origin/flagstore';

describe("a synced write's tracking ref", () => {
  it('is read after the fetch and found moved after the push without starting git for it', async () => {
    const { bare, clones, id } = await cluster(1);
    const dir = clones[0] as string;
    const { env, log } = loggingGit();
    const locked = await cli(dir, ['lock', id, '--sync', '--by', '@b.two'], env);
    expect(locked.code, locked.stderr).toBe(0);
    const logged = calls(log);
    expect(logged.filter((c) => c.startsWith('push'))).toHaveLength(1);
    expect(logged.filter((c) => c.startsWith('cat-file') || c.startsWith('update-ref'))).toEqual(
      [],
    );
    expect(git(dir, 'rev-parse', TRACKING)).toBe(git(bare, 'rev-parse', 'refs/heads/flagstore'));
  });

  it("is moved by flagstore where the remote's fetch refspec leaves the ledger out", async () => {
    const { bare, clones, id } = await cluster(1);
    const dir = clones[0] as string;
    git(dir, 'config', 'remote.origin.fetch', '+refs/heads/main:refs/remotes/origin/main');
    for (const kind of ['lock', 'complete']) {
      const done = await cli(dir, [kind, id, '--sync', '--by', '@b.two']);
      expect(done.code, done.stderr).toBe(0);
      expect(git(dir, 'rev-parse', TRACKING)).toBe(git(bare, 'rev-parse', 'refs/heads/flagstore'));
    }
  });
});

const pushes = (log: string): string[] => calls(log).filter((c) => c.startsWith('push'));

describe('sync', () => {
  it('pushes nothing when the remote holds the ledger, and pushes what it has recorded', async () => {
    const { bare, clones } = await cluster(1);
    const dir = clones[0] as string;
    const remoteTip = () => git(bare, 'rev-parse', 'refs/heads/flagstore').trim();
    expect((await cli(dir, ['sync'])).code).toBe(0);
    const { env, log } = loggingGit();
    const again = await cli(dir, ['--json', 'sync'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(pushes(log)).toEqual([]);
    expect(again.json().ledger).toBe(remoteTip());
    await createFlag(dir, '@a.one', 'change', '--to', '@b.two');
    const recorded = await cli(dir, ['--json', 'sync'], env);
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(pushes(log)).toHaveLength(1);
    expect(recorded.json().ledger).toBe(remoteTip());
    expect(recorded.json().ledger).not.toBe(again.json().ledger);
  });
});
