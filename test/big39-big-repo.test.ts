/**
 * Field trial 38's leftovers at 100,000 flags (big39): each mend shown at a couple of hundred
 * flags by counting the work a command does or what it keeps, never by timing it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCache } from '../src/store/cache.js';
import { newFlagId } from '../src/store/ids.js';
import { cli, flagText, git, makeRepo } from './helpers.js';

/** A repository with `count` valid pending flags, committed. */
async function repoWithFlags(count: number): Promise<{ repo: string; ids: string[] }> {
  const repo = await makeRepo();
  const ids = Array.from({ length: count }, () => newFlagId(new Date()));
  for (const id of ids) writeFileSync(join(repo, 'flags', `${id}.md`), flagText(id));
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '--no-verify', '-m', `${count} flags`);
  return { repo, ids };
}

/** The blob ids the review's blob-parse cache holds (it keeps every blob it parses). */
function cachedBlobs(repo: string): string[] {
  return [...loadCache(join(repo, '.git', 'flagstore', 'cache-blob-parses.json')).keys()];
}

/** Commits a lock of `id` on a new branch `name`, then returns to `main`. */
async function lockedOnBranch(repo: string, name: string, id: string): Promise<void> {
  git(repo, 'checkout', '-q', '-b', name);
  expect((await cli(repo, ['lock', id, '--by', '@b.two', '--commit'])).code).toBe(0);
  git(repo, 'checkout', '-q', 'main');
}

describe('list --all-branches over branches that share their flags', () => {
  it('parses only the blobs the work tree does not hold, not every branch blob', async () => {
    const { repo, ids } = await repoWithFlags(200);
    git(repo, 'branch', 'copy-one');
    git(repo, 'branch', 'copy-two');
    await lockedOnBranch(repo, 'locked-one', ids[0] ?? '');
    const res = await cli(repo, ['list', '--all-branches', '--json']);
    expect(res.code).toBe(0);
    const flags = (JSON.parse(res.stdout) as { flags: { id: string; branches: string[] }[] }).flags;
    expect(flags).toHaveLength(200);
    const first = flags.find((f) => f.id === ids[0]);
    expect(first?.branches.sort()).toEqual(['copy-one', 'copy-two', 'locked-one', 'main']);
    // The locked copy only: every one of the 201 distinct blobs was parsed before.
    expect(cachedBlobs(repo).length).toBeLessThanOrEqual(1);
  });
});
