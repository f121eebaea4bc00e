import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyTree } from './copy-tree.js';
import { cli, createFlag, git, makeRepo, spawnCli, tempDir } from './helpers.js';
import { clusterTemplate, setOrigin, type Cluster } from './ledger-helpers.js';
import { ledgerPath } from '../src/core/ledger-layout.js';
import { refreshIndex } from './index-stamps.js';

const AGENTS = [
  '@clone.alpha',
  '@clone.beta',
  '@clone.gamma',
  '@clone.delta',
  '@clone.eps',
  '@clone.zeta',
];

/**
 * The bare remote and the first `n` clones of a six-clone cluster built once in this file: a
 * copy. Clone i is the same in a cluster of any size (its own name, identity and branch, and
 * init touches no remote), so one build serves every size. Copied from the build itself, not
 * from a copy of it (six clones' remote set-url and index refresh fewer).
 */
async function cluster(n: number): Promise<Cluster> {
  const from = await clusterTemplate(6);
  const root = tempDir();
  const copies = [from.bare, ...from.clones.slice(0, n)].map((dir) => {
    const copy = join(root, basename(dir));
    copyTree(dir, copy);
    return copy;
  });
  const [bare = '', ...clones] = copies;
  for (const dir of clones) {
    setOrigin(dir, bare);
    // The file stamps a checkout there would have left (copies have new ones).
    refreshIndex(dir);
  }
  return { bare, clones, id: from.id };
}

async function lockedBy(repo: string, id: string): Promise<string | null> {
  const res = await cli(repo, ['--json', 'show', id]);
  return res.json<{ flag: { locked_by: string | null } }>().flag.locked_by;
}

describe('the ledger across clones', () => {
  it('six clones on six feature branches race lock --sync: one winner per round, 2 rounds, all agree', async () => {
    const { bare, clones, id } = await cluster(6);
    let holder = '';
    // Round 0 races for a flag nobody has locked (each clone's ledger its own, unpublished);
    // round 1 races right after the holder's unlock --sync, with five clones a ledger commit
    // behind and holding a merge the remote lacks. A third round repeated round 1's shape (there
    // were 10, then 6, then 3) for some 120 git and 6 node processes: every run of the suite
    // repeats the race.
    const ROUNDS = 2;
    for (let round = 0; round < ROUNDS; round++) {
      const results = await Promise.all(
        clones.map((dir, i) =>
          spawnCli(dir, ['--json', 'lock', id, '--sync', '--by', AGENTS[i] as string]),
        ),
      );
      const winners = results.flatMap((r, i) => (r.code === 0 ? [AGENTS[i] as string] : []));
      expect(winners, `round ${round}`).toHaveLength(1);
      holder = winners[0] as string;
      for (const r of results.filter((r) => r.code !== 0)) {
        expect(r.code).toBe(6);
        expect(r.json<{ error: { message: string } }>().error.message).toContain(
          `is locked by ${holder}`,
        );
      }
      if (round < ROUNDS - 1) {
        const dir = clones[AGENTS.indexOf(holder)] as string;
        expect((await cli(dir, ['unlock', id, '--sync', '--by', holder])).code).toBe(0);
      }
    }
    for (const dir of clones) expect((await cli(dir, ['sync'])).code).toBe(0);
    for (const dir of clones) expect(await lockedBy(dir, id)).toBe(holder);
    const remoteRefs = git(bare, 'for-each-ref', '--format=%(refname)').trim().split('\n');
    expect(remoteRefs.sort()).toEqual(['refs/heads/flagstore', 'refs/heads/main']);
  }, 600_000);

  it('flags created in several clones reach every clone through sync, nothing lost or doubled', async () => {
    const { bare, clones, id } = await cluster(3);
    const mainBefore = git(bare, 'rev-parse', 'main');
    const created = await Promise.all(
      clones.map(async (dir, i) => {
        const ids = [];
        for (let k = 0; k < 2; k++) ids.push(await createFlag(dir, AGENTS[i] as string));
        const res = await spawnCli(dir, ['--json', 'sync']);
        expect(res.code, res.stdout + res.stderr).toBe(0);
        return ids;
      }),
    );
    const expected = [id, ...created.flat()].sort();
    for (const dir of clones) expect((await cli(dir, ['sync'])).code).toBe(0);
    for (const dir of clones) {
      const all = await cli(dir, ['--json', 'list', '--status', 'all']);
      expect(
        all
          .json<{ flags: { id: string }[] }>()
          .flags.map((f) => f.id)
          .sort(),
      ).toEqual(expected);
    }
    const remote = git(bare, 'ls-tree', '-r', '--name-only', 'flagstore', '--', 'flags/')
      .split('\n')
      .filter((l) => l.endsWith('.md'));
    expect(remote.map((p) => p.replace(/^.*\//, '').replace('.md', '')).sort()).toEqual(expected);
    expect(git(bare, 'rev-parse', 'main')).toBe(mainBefore);
  }, 180_000);

  it('unlock --sync frees the flag for another clone; complete --sync is refused to a non-holder', async () => {
    const { clones, id } = await cluster(2);
    const [a, b] = clones as [string, string];
    expect((await cli(a, ['lock', id, '--sync', '--by', '@clone.alpha'])).code).toBe(0);
    const refused = await cli(b, ['complete', id, '--sync', '--by', '@clone.beta']);
    expect(refused.code).toBe(6);
    expect(refused.stderr).toContain('locked by @clone.alpha');
    expect((await cli(a, ['unlock', id, '--sync', '--by', '@clone.alpha'])).code).toBe(0);
    const done = await cli(b, ['complete', id, '--sync', '--by', '@clone.beta', '--notes', 'ok']);
    expect(done.code, done.stderr).toBe(0);
    expect((await cli(a, ['sync'])).code).toBe(0);
    const shown = (await cli(a, ['--json', 'show', id])).json<{
      flag: { status: string; notes: string; completed_by: string };
    }>();
    expect(shown.flag).toMatchObject({
      status: 'completed',
      notes: 'ok',
      completed_by: '@clone.beta',
    });
  });

  it('diverged ledgers (writes in two clones without --sync) merge field by field on sync', async () => {
    const { clones, id } = await cluster(2);
    const [a, b] = clones as [string, string];
    expect((await cli(a, ['lock', id, '--by', '@clone.alpha'])).code).toBe(0);
    const other = await createFlag(b, '@clone.beta', 'change', '--to', '@clone.alpha');
    expect((await cli(b, ['complete', id, '--by', '@clone.beta', '--force'])).code).toBe(0);
    for (const dir of [a, b, a]) expect((await cli(dir, ['sync'])).code).toBe(0);
    for (const dir of clones) {
      const shown = (await cli(dir, ['--json', 'show', id])).json<{
        flag: { status: string; locked: boolean };
      }>();
      expect(shown.flag).toMatchObject({ status: 'completed', locked: false });
      expect((await cli(dir, ['show', other])).code).toBe(0);
    }
    expect(git(a, 'log', '--format=%P', '-1', 'flagstore').trim().split(' ')).toHaveLength(2);
  }, 180_000);

  it('log lists a lock one clone took before another clone completed the flag, in both clones', async () => {
    const { clones, id } = await cluster(2);
    const [a, b] = clones as [string, string];
    for (const dir of clones) expect((await cli(dir, ['sync'])).code).toBe(0);
    expect((await cli(a, ['lock', id, '--by', '@clone.alpha'])).code).toBe(0);
    expect((await cli(b, ['complete', id, '--by', '@clone.beta', '--force'])).code).toBe(0);
    // The ledger's merge takes b's completed copy: git's simplification followed b's side only.
    for (const dir of [a, b, a]) expect((await cli(dir, ['sync'])).code).toBe(0);
    for (const dir of clones) {
      const log = await cli(dir, ['--json', 'log', id]);
      const entries = log.json<{ entries: { agent: string; change: { kind: string } }[] }>();
      expect(entries.entries.map((e) => [e.change.kind, e.agent])).toEqual([
        ['created', '@a.one'],
        ['locked', '@clone.alpha'],
        ['completed', '@clone.beta'],
      ]);
    }
  }, 180_000);

  it('sync: auto makes every write go through the remote ledger', async () => {
    const { bare, clones, id } = await cluster(2);
    const [a, b] = clones as [string, string];
    appendFileSync(join(a, '.flagstore.yml'), 'sync: auto\n');
    expect((await cli(a, ['lock', id, '--by', '@clone.alpha'])).code).toBe(0);
    expect(git(bare, 'show', `flagstore:${ledgerPath('flags', id)}`)).toMatch(
      /^locked_by: "?@clone\.alpha/m,
    );
    const refused = await cli(b, ['lock', id, '--sync', '--by', '@clone.beta']);
    expect(refused.stderr).toContain('locked by @clone.alpha');
  }, 180_000);

  it('says it recorded local flag changes only when it did, in text and JSON', async () => {
    const { clones, id } = await cluster(1);
    const dir = clones[0] as string;
    expect((await cli(dir, ['sync'])).code).toBe(0);
    const quiet = await cli(dir, ['sync']);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stdout).not.toContain('recorded');
    expect(quiet.stdout).toContain('synced the ledger with origin/flagstore');
    expect((await cli(dir, ['--json', 'sync'])).json()).toMatchObject({ recorded: null });
    // A hand edit of a flag file is a local change the ledger lacks: that one is recorded.
    const path = join(dir, 'flags', `${id}.md`);
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace(/^impact_level: .*$/m, 'impact_level: low'),
    );
    const edited = await cli(dir, ['--json', 'sync']);
    const recorded = edited.json<{ recorded: string | null }>().recorded;
    expect(recorded).toMatch(/^[0-9a-f]{40}$/);
    expect(git(dir, 'log', '-1', '--format=%s', recorded as string)).toContain('work-tree change');
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

  it("a remote that cannot be fetched: git's words, and where the remote points as the fix", async () => {
    const repo = await makeRepo();
    git(repo, 'remote', 'add', 'origin', join(tempDir(), 'gone.git'));
    const res = await cli(repo, ['--json', 'sync']);
    expect(res.code).toBe(8);
    const error = res.json<{ error: { message: string; fix: string } }>().error;
    expect(error.message).toMatch(/^git fetch origin failed: .*gone\.git/);
    expect(error.fix).toBe(
      'check where origin points (git remote get-url origin) and that git fetch origin works there, then run the command again',
    );
  });

  it('quotes a remote name a shell would expand in the fix for a failed fetch', async () => {
    const repo = await makeRepo();
    git(repo, 'remote', 'add', 'up$(id)', join(tempDir(), 'gone.git'));
    const res = await cli(repo, ['--json', 'sync', '--remote', 'up$(id)']);
    expect(res.code).toBe(8);
    const { fix } = res.json<{ error: { fix: string } }>().error;
    expect(fix).toContain(
      '(git remote get-url up\\$\\(id\\)) and that git fetch up\\$\\(id\\) works',
    );
  });

  it('names the remotes there are when --remote names none of them', async () => {
    const { clones } = await cluster(1);
    const res = await cli(clones[0] as string, ['sync', '--remote', 'orign']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(
      'error: no remote named orign in this repository (its remotes: origin)',
    );
    expect(res.stderr).toContain('fix: flagstore sync --remote origin');
  });

  it('in a repository with no remote at all, says so instead of naming a remote "(none)"', async () => {
    const repo = await makeRepo();
    const res = await cli(repo, ['sync']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('this repository has no remote');
    expect(res.stderr).not.toContain('(none)');
  });
});

describe('a synced write in a clone that has not fetched the ledger yet', () => {
  it('lock --sync by full id finds a flag only the remote ledger holds; without --sync the fix names sync', async () => {
    const { clones } = await cluster(2);
    const [one, two] = clones as [string, string];
    const made = await createFlag(one, '@a.one', 'change', '--to', '@clone.beta');
    expect((await cli(one, ['sync'])).code).toBe(0);
    const local = await cli(two, ['--json', 'lock', made, '--by', '@clone.beta']);
    expect(local.code).toBe(4);
    expect(local.stdout + local.stderr).toContain('flagstore sync');
    const synced = await cli(two, ['lock', made, '--by', '@clone.beta', '--sync']);
    expect(synced.code, synced.stderr).toBe(0);
    expect(await lockedBy(one, made)).toBeNull();
    expect((await cli(one, ['sync'])).code).toBe(0);
    expect(await lockedBy(one, made)).toBe('@clone.beta');
  }, 60_000);
});
