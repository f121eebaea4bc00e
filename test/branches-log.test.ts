import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, createFlag, git, makeRepo, tempDir } from './helpers.js';
import { committedFlag } from './flag-repo.js';
import { copyOfOnce } from './template-copy.js';

interface BranchFlag {
  id: string;
  status: string;
  locked_by: string | null;
  branches: string[];
}

async function allBranches(repo: string, ...args: string[]): Promise<BranchFlag[]> {
  const res = await cli(repo, ['--json', 'list', '--all-branches', '--status', 'all', ...args]);
  expect(res.code, res.stderr).toBe(0);
  return res.json<{ flags: BranchFlag[] }>().flags;
}

/**
 * A flag write, then its file committed as `--commit` would (with `env`'s dates), without the
 * pre-commit hook: what `list` and `log` read is the subject here, and a hook run is a node
 * process (the gate and commit tests run the hook).
 */
async function committed(
  repo: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<void> {
  const res = await cli(repo, args, env);
  expect(res.code, res.stderr).toBe(0);
  const message = args.slice(0, 2).join(' ');
  execFileSync('git', ['commit', '-q', '--no-verify', '-am', message], {
    cwd: repo,
    env: { ...process.env, ...env },
  });
}

describe('list --all-branches', () => {
  it('shows flags from every local and remote-tracking branch, merged by id, newest transition winning', async () => {
    const { repo, id: shared } = await committedFlag();
    git(repo, 'checkout', '-q', '-b', 'feature');
    const mine = await createFlag(repo, '@a.one', 'change', '--to', '@c.three');
    await cli(repo, ['lock', shared, '--by', '@b.two']);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'feature work');
    git(repo, 'checkout', '-q', 'main');
    const flags = await allBranches(repo);
    const byId = new Map(flags.map((f) => [f.id, f]));
    expect(byId.get(shared)).toMatchObject({ locked_by: '@b.two', branches: ['feature', 'main'] });
    expect(byId.get(mine)?.branches).toEqual(['feature']);
    expect((await allBranches(repo, '--for', '@c.three')).map((f) => f.id)).toEqual([mine]);
    const text = (await cli(repo, ['list', '--all-branches'])).stdout;
    expect(text).toContain('BRANCHES');
    expect(text).toContain('feature,main');

    const clone = join(tempDir(), 'clone');
    git(tempDir(), 'clone', '-q', repo, clone);
    git(repo, 'checkout', '-q', 'feature');
    await committed(repo, ['complete', shared, '--by', '@b.two']);
    git(clone, 'fetch', '-q');
    const seen = new Map((await allBranches(clone)).map((f) => [f.id, f]));
    expect(seen.get(shared)).toMatchObject({
      status: 'completed',
      branches: ['main', 'origin/feature', 'origin/main'],
    });
    expect(seen.get(mine)?.branches).toEqual(['origin/feature']);
  });
});

describe('list --all-branches with the ledger', () => {
  it('shows what list shows: a flag completed after its commit is completed, an uncommitted one is listed', async () => {
    const { repo, id: done } = await committedFlag();
    expect((await cli(repo, ['complete', done, '--by', '@b.two'])).code).toBe(0);
    const fresh = await createFlag(repo, '@a.one', 'change', '--to', '@c.three');
    const byId = new Map((await allBranches(repo)).map((f) => [f.id, f]));
    expect(byId.get(done)).toMatchObject({ status: 'completed', branches: ['main'] });
    expect(byId.get(fresh)).toMatchObject({ status: 'pending', branches: [] });
    const pending = await cli(repo, ['--json', 'list', '--all-branches']);
    expect(pending.json<{ flags: BranchFlag[] }>().flags.map((f) => f.id)).toEqual([fresh]);
  });
});

/**
 * A repository with a committed flag from @a.one to @b.two (committed without the hook, which is
 * not the subject here): a copy of one built once in this file.
 */
function copiedFlag(): Promise<{ repo: string; id: string }> {
  return copyOfOnce('committed-flag', committedFlag);
}

describe('flagstore log', () => {
  it('orders a ledger lock and a committed completion of the same second as they happened', async () => {
    const { repo, id } = await copiedFlag();
    // One commit date for both (git dates have whole seconds): only the flag's times can order them.
    const second = new Date(Date.now() + 86_400_000).toISOString().slice(0, 19) + 'Z';
    const env = { GIT_AUTHOR_DATE: second, GIT_COMMITTER_DATE: second };
    expect((await cli(repo, ['lock', id, '--by', '@b.two'], env)).code).toBe(0);
    await committed(repo, ['complete', id, '--by', '@b.two'], env);
    const res = await cli(repo, ['--json', 'log', id]);
    const kinds = res.json<{ entries: { change: { kind: string } }[] }>().entries;
    expect(kinds.map((e) => e.change.kind)).toEqual(['created', 'locked', 'completed']);
  });

  it('orders an unlock, which records no time, between the locks of the same second around it', async () => {
    const { repo, id } = await copiedFlag();
    const second = new Date(Date.now() + 86_400_000).toISOString().slice(0, 19) + 'Z';
    const env = { GIT_AUTHOR_DATE: second, GIT_COMMITTER_DATE: second };
    for (const verb of ['lock', 'unlock', 'lock']) {
      expect((await cli(repo, [verb, id, '--by', '@b.two'], env)).code).toBe(0);
    }
    await committed(repo, ['complete', id, '--by', '@b.two'], env);
    const res = await cli(repo, ['--json', 'log', id]);
    const kinds = res.json<{ entries: { change: { kind: string } }[] }>().entries;
    const order = ['created', 'locked', 'unlocked', 'locked', 'completed'];
    expect(kinds.map((e) => e.change.kind)).toEqual(order);
  });

  it('orders a ledger completion after a lock this branch committed later than both', async () => {
    const { repo, id } = await copiedFlag();
    expect((await cli(repo, ['lock', id, '--by', '@b.two'])).code).toBe(0);
    git(repo, 'add', '-A');
    expect((await cli(repo, ['complete', id, '--by', '@b.two'])).code).toBe(0);
    // The locked copy is committed a day after both transitions; the completion is in the ledger.
    const later = new Date(Date.now() + 86_400_000).toISOString().slice(0, 19) + 'Z';
    const env = { ...process.env, GIT_AUTHOR_DATE: later, GIT_COMMITTER_DATE: later };
    execFileSync('git', ['commit', '-q', '--no-verify', '-m', 'the lock'], { cwd: repo, env });
    const res = await cli(repo, ['--json', 'log', id]);
    const entries = res.json<{ entries: { commit: string; change: { kind: string } }[] }>().entries;
    expect(entries.map((e) => e.change.kind)).toEqual(['created', 'locked', 'completed']);
    expect(entries[1]?.commit).toBe(git(repo, 'rev-parse', 'HEAD').trim());
  });

  it('--all-branches orders a lock one branch committed late before the completion it preceded', async () => {
    const { repo, id } = await copiedFlag();
    git(repo, 'checkout', '-q', '-b', 'side');
    expect((await cli(repo, ['lock', id, '--by', '@b.two'])).code).toBe(0);
    git(repo, 'add', '-A');
    // The lock is committed with tomorrow's date, after the completion that main commits below.
    const later = new Date(Date.now() + 86_400_000).toISOString().slice(0, 19) + 'Z';
    const env = { ...process.env, GIT_AUTHOR_DATE: later, GIT_COMMITTER_DATE: later };
    execFileSync('git', ['commit', '-q', '--no-verify', '-m', 'the lock'], { cwd: repo, env });
    git(repo, 'checkout', '-q', 'main');
    await committed(repo, ['complete', id, '--by', '@b.two']);
    const res = await cli(repo, ['--json', 'log', id, '--all-branches']);
    const entries = res.json<{ entries: { change: { kind: string } }[] }>().entries;
    expect(entries.map((e) => e.change.kind)).toEqual(['created', 'locked', 'completed']);
  });

  it('lists each transition with who, when and the commit, then uncommitted edits', async () => {
    const { repo, id } = await copiedFlag();
    await committed(repo, ['lock', id, '--by', '@b.two']);
    await committed(repo, ['unlock', id, '--by', '@b.two']);
    await committed(repo, ['complete', id, '--by', '@c.three', '--notes', 'done']);
    const path = join(repo, 'flags', `${id}.md`);
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace('impact_level: medium', 'impact_level: low'),
    );
    const res = await cli(repo, ['--json', 'log', id.slice(0, 10)]);
    expect(res.code, res.stderr).toBe(0);
    const { entries } = res.json<{
      entries: {
        commit: string | null;
        agent: string | null;
        date: string | null;
        change: { kind: string; fields: string[] };
      }[];
    }>();
    expect(entries.map((e) => [e.change.kind, e.agent])).toEqual([
      ['created', '@a.one'],
      ['locked', '@b.two'],
      ['unlocked', null],
      ['completed', '@c.three'],
      ['edited', null],
    ]);
    const head = git(repo, 'rev-parse', 'HEAD').trim();
    expect(entries[3]?.commit).toBe(head);
    expect(entries[4]?.commit).toBeNull();
    expect(entries[4]?.change.fields).toEqual(['impact_level']);
    expect(entries[0]?.date).toMatch(/^\d{4}-\d\d-\d\dT/);
    const text = (await cli(repo, ['log', id])).stdout;
    expect(text).toContain('(work tree)');
    expect(text).toContain(head.slice(0, 10));
  });

  it('follows a deleted flag by its full id, and refuses a non-id', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'create');
    git(repo, 'rm', '-q', `flags/${id}.md`);
    git(repo, 'commit', '-q', '--no-verify', '-m', 'delete');
    const { entries } = (await cli(repo, ['--json', 'log', id])).json<{
      entries: { change: { kind: string } }[];
    }>();
    expect(entries.map((e) => e.change.kind)).toEqual(['created', 'deleted']);
    const bad = await cli(repo, ['log', '--', '--output=x']);
    expect(bad.code).toBe(2);
  });

  it('--all-branches follows the flag on every branch, each change with the branches holding it', async () => {
    const { repo, id } = await copiedFlag();
    git(repo, 'checkout', '-q', '-b', 'answer');
    await cli(repo, ['complete', id, '--by', '@b.two', '--notes', 'handled']);
    git(repo, 'commit', '-q', '--no-verify', '-am', 'complete on answer');
    git(repo, 'checkout', '-q', 'main');
    // As in a clone that never synced: main's file carries its own state.
    git(repo, 'update-ref', '-d', 'refs/heads/flagstore');
    await cli(repo, ['lock', id, '--by', '@c.three']);
    git(repo, 'commit', '-q', '--no-verify', '-am', 'lock on main');
    type Entries = {
      entries: { change: { kind: string; fields: string[] }; branches: string[] }[];
    };
    const kinds = async (...args: string[]) =>
      (await cli(repo, ['--json', 'log', id, ...args]))
        .json<Entries>()
        .entries.map((e) => [e.change.kind, e.branches]);
    expect(await kinds()).toEqual([
      ['created', ['this branch']],
      ['locked', ['this branch']],
    ]);
    // Parents come before children; the lock and the completion may share a second.
    const all = await kinds('--all-branches');
    expect(all[0]).toEqual(['created', ['answer', 'main']]);
    expect(all.slice(1)).toEqual(
      expect.arrayContaining([
        ['completed', ['answer']],
        ['locked', ['main']],
      ]),
    );
    expect(all).toHaveLength(3);
    const text = (await cli(repo, ['log', id, '--all-branches'])).stdout;
    expect(text).toContain('BRANCHES');
    expect(text).toMatch(/answer,main +\S+ +created +@a\.one/);
    // A merge that edits the flag while resolving lists that edit, and nothing it only took.
    git(repo, 'merge', '-q', '--no-commit', 'answer');
    const file = join(repo, 'flags', `${id}.md`);
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('impact_level: medium', 'impact_level: high'),
    );
    git(repo, 'commit', '-q', '--no-verify', '-am', 'merge answer, raising the impact');
    const merged = (await cli(repo, ['--json', 'log', id, '--all-branches'])).json<Entries>();
    expect(merged.entries.map((e) => e.change.kind).sort()).toEqual([
      'completed',
      'created',
      'edited',
      'locked',
    ]);
    expect(merged.entries.at(-1)?.change).toMatchObject({
      kind: 'edited',
      fields: ['impact_level'],
    });
    git(repo, 'checkout', '-q', '-b', 'elsewhere', 'HEAD~2');
    git(repo, 'rm', '-q', `flags/${id}.md`);
    git(repo, 'commit', '-q', '--no-verify', '-m', 'no flag here');
    expect(await kinds('--all-branches')).toContainEqual(['deleted', ['elsewhere']]);
  });
});

describe('log of a flag not committed on this branch', () => {
  it("lists the ledger's create right away, and keeps it after a lock and unlock", async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const kinds = async (): Promise<string[]> => {
      const res = await cli(repo, ['--json', 'log', id]);
      expect(res.code, res.stderr).toBe(0);
      return res
        .json<{ entries: { change: { kind: string } }[] }>()
        .entries.map((e) => e.change.kind);
    };
    expect(await kinds()).toEqual(['created']);
    expect((await cli(repo, ['lock', id, '--by', '@b.two'])).code).toBe(0);
    expect((await cli(repo, ['unlock', id, '--by', '@b.two'])).code).toBe(0);
    // The work tree's copy is the created text again: it must not hide the ledger's create.
    expect(await kinds()).toEqual(['created', 'locked', 'unlocked']);
  });
});
