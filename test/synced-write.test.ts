/**
 * Synced writes: the fix named for an id no flag has (`flagstore sync` only where a remote is
 * configured to sync with), and how often a write fetches the remote's ledger (counted in
 * GIT_TRACE of the git processes a write starts).
 */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cluster } from './ledger-helpers.js';
import { BIN, cli, createFlag, git, makeRepo, tempDir } from './helpers.js';
import { stallBeforePublish } from './stall-helpers.js';

describe('a write to a mistyped id', () => {
  it('names sync only when the repository has a remote', async () => {
    const repo = await makeRepo();
    await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const alone = await cli(repo, ['lock', 'ZZZZZZZZ', '--by', '@b.two']);
    expect(alone.code).toBe(4);
    expect(alone.stderr).toContain('flagstore list --status all');
    expect(alone.stderr).not.toContain('flagstore sync');
    const bare = tempDir();
    git(bare, 'init', '-q', '--bare');
    git(repo, 'remote', 'add', 'origin', bare);
    const remote = await cli(repo, ['lock', 'ZZZZZZZZ', '--by', '@b.two']);
    expect(remote.code).toBe(4);
    expect(remote.stderr).toContain('flagstore sync');
  });
});

describe('an id typed from its middle (field trial 40)', () => {
  it('says ids resolve by their start or end and names the ids that hold it, acting on none', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    git(repo, 'remote', 'add', 'origin', tempDir());
    const middle = id.slice(12, 17);
    for (const args of [
      ['show', middle],
      ['lock', middle, '--by', '@b.two'],
    ]) {
      const res = await cli(repo, args);
      expect(res.code).toBe(4);
      expect(res.stderr).toContain(`ids resolve by their start or end, and one id holds it`);
      expect(res.stderr).toContain(`e.g. the whole id: ${id}`);
      expect(res.stderr).not.toContain('flagstore sync');
    }
    const json = (await cli(repo, ['--json', 'show', middle])).json<{
      error: { details: { inside: string[] } };
    }>();
    expect(json.error.details.inside).toEqual([id]);
    expect(
      (await cli(repo, ['--json', 'show', id])).json<{ flag: { locked_by: null } }>().flag
        .locked_by,
    ).toBe(null);
  });
});

describe('init in a fresh clone (field trial 40)', () => {
  it("starts the clone's ledger at the remote's, as git clone fetched it, so list and brief see its flags", async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const bare = tempDir();
    git(bare, 'init', '-q', '--bare', '-b', 'main');
    git(repo, 'remote', 'add', 'origin', bare);
    git(repo, 'push', '-q', 'origin', 'main');
    expect((await cli(repo, ['sync'])).code).toBe(0);
    const clone = join(tempDir(), 'clone');
    // Its remote named otherwise than origin: the one sync would use, the branch's.
    git(tempDir(), 'clone', '-q', '-o', 'team', bare, clone);
    const init = await cli(clone, ['init']);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('created    ledger branch flagstore (from team/flagstore;');
    const listed = await cli(clone, ['--json', 'list', '--for', '@b.two']);
    expect(listed.json<{ flags: { id: string }[] }>().flags.map((f) => f.id)).toEqual([id]);
    // A ledger of its own is never moved back to the remote's.
    await createFlag(clone, '@a.one', 'change', '--to', '@b.two');
    const own = git(clone, 'rev-parse', 'flagstore');
    expect((await cli(clone, ['init'])).stdout).toContain('unchanged  ledger branch flagstore');
    expect(git(clone, 'rev-parse', 'flagstore')).toBe(own);
  });
});

/** A clone of a remote whose branch named flagstore is a teammate's code (src/app.ts), no ledger. */
async function codeBranchClone(): Promise<{ bare: string; clone: string; code: string }> {
  const repo = await makeRepo();
  const bare = tempDir();
  git(bare, 'init', '-q', '--bare', '-b', 'main');
  git(repo, 'remote', 'add', 'origin', bare);
  git(repo, 'commit', '-q', '--allow-empty', '--no-verify', '-m', 'main');
  git(repo, 'push', '-q', 'origin', 'HEAD:refs/heads/main');
  // A teammate's branch named flagstore, to try the tool on: code, no ledger.
  git(repo, 'switch', '-q', '-c', 'trying');
  mkdirSync(join(repo, 'src'));
  writeFileSync(join(repo, 'src', 'app.ts'), 'export {};\n');
  git(repo, 'add', 'src');
  git(repo, 'commit', '-q', '--no-verify', '-m', 'trying flagstore');
  git(repo, 'push', '-q', 'origin', 'HEAD:refs/heads/flagstore');
  const clone = join(tempDir(), 'clone');
  git(tempDir(), 'clone', '-q', bare, clone);
  return { bare, clone, code: git(repo, 'rev-parse', 'HEAD') };
}

describe("a fresh clone whose remote has a branch of the ledger's name that is no ledger", () => {
  it('init leaves it alone and says to name another ledger branch', async () => {
    const { clone } = await codeBranchClone();
    const init = await cli(clone, ['init']);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stderr).toContain('origin/flagstore is not a flag ledger');
    expect(init.stdout).not.toContain('from origin/flagstore');
    const local = git(clone, 'for-each-ref', '--format=%(objectname)', 'refs/heads/flagstore');
    expect(local).not.toBe(git(clone, 'rev-parse', 'origin/flagstore'));
  });

  it("sync and a synced write refuse it with the fix, merging nothing of it and pushing nothing (a merge holding only flags/ hid the teammate's files)", async () => {
    const { bare, clone, code } = await codeBranchClone();
    expect((await cli(clone, ['init'])).code).toBe(0);
    const id = await createFlag(clone, '@a.one', 'change', '--to', '@b.two');
    const ledger = git(clone, 'rev-parse', 'refs/heads/flagstore');
    for (const args of [['sync'], ['lock', id, '--by', '@b.two', '--sync']]) {
      const res = await cli(clone, args);
      expect(res.code, res.stderr).toBe(6);
      expect(res.stderr).toContain(`origin/flagstore is not a flag ledger`);
      expect(res.stderr).toContain('ledger: { branch: flagstore-ledger }, the key ledger.branch');
    }
    expect(git(clone, 'rev-parse', 'refs/heads/flagstore')).toBe(ledger);
    expect(git(bare, 'rev-parse', 'refs/heads/flagstore')).toBe(code);
    // The fix: the ledger under another name; the teammate's branch stays as it was.
    appendFileSync(join(clone, '.flagstore.yml'), 'ledger:\n  branch: flagstore-ledger\n');
    expect((await cli(clone, ['sync'])).code).toBe(0);
    expect(git(bare, 'ls-tree', '-r', '--name-only', 'flagstore-ledger')).toContain(id);
    expect(git(bare, 'rev-parse', 'refs/heads/flagstore')).toBe(code);
  });
});

/** How many `git fetch` a GIT_TRACE file records. */
function fetches(trace: string): number {
  return readFileSync(trace, 'utf8')
    .split('\n')
    .filter((line) => line.includes('trace: built-in: git fetch ')).length;
}

/** Who holds the flag's lock in the remote's ledger, seen from a clone after a sync. */
async function lockedOnRemote(dir: string, id: string): Promise<string | null> {
  expect((await cli(dir, ['sync'])).code).toBe(0);
  return (await cli(dir, ['--json', 'show', id])).json<{ flag: { locked_by: string | null } }>()
    .flag.locked_by;
}

describe('a synced write fetches the remote ledger', () => {
  it('once, even for a flag only the remote ledger holds (resolved, then decided on one fetch)', async () => {
    const { clones } = await cluster(2);
    const [one, two] = clones as [string, string];
    const made = await createFlag(one, '@a.one', 'change', '--to', '@clone.beta');
    expect((await cli(one, ['sync'])).code).toBe(0);
    const trace = join(tempDir(), 'trace');
    // In this process: its git processes trace as a spawned write's do (a node process fewer).
    const res = await cli(two, ['lock', made, '--by', '@clone.beta', '--sync'], {
      GIT_TRACE: trace,
    });
    expect(res.code, res.stderr).toBe(0);
    expect(fetches(trace)).toBe(1);
    expect(await lockedOnRemote(one, made)).toBe('@clone.beta');
  }, 60_000);

  it('again after its push is refused, and decides against what it fetched', async () => {
    const { clones, id } = await cluster(2);
    const [one, two] = clones as [string, string];
    const trace = join(tempDir(), 'trace');
    const { child: stalled, stderr } = await stallBeforePublish({
      bin: BIN,
      args: ['lock', id, '--sync', '--by', '@clone.beta'],
      cwd: two,
      env: { GIT_TRACE: trace, NO_COLOR: '1' },
    });
    const other = await createFlag(one, '@a.one', 'change', '--to', '@clone.beta');
    expect((await cli(one, ['sync'])).code).toBe(0);
    const exit = new Promise<number | null>((resolve) => stalled.on('close', resolve));
    stalled.kill('SIGCONT');
    expect(await exit, stderr()).toBe(0);
    expect(fetches(trace)).toBe(2);
    expect(await lockedOnRemote(one, id)).toBe('@clone.beta');
    expect(git(two, 'ls-tree', '-r', '--name-only', 'flagstore')).toContain(other);
  }, 60_000);
});
