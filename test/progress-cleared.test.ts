/**
 * A long operation that fails still says it is done: the library's `check`, `diff`, every-branch
 * and report readers send their progress sink `null` on an error too, as the readers of flag
 * files do, so a caller's sink is not left showing work under way (the CLI clears its line after
 * each command).
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../src/review/check.js';
import { reviewRange } from '../src/review/diff.js';
import { allBranchFlags } from '../src/services/branches.js';
import { openWorkspace } from '../src/services/workspace.js';
import { createFlag, git, makeRepo } from './helpers.js';

/** A repository on a branch whose base commit `main` has lost its root tree object. */
async function brokenBase(): Promise<string> {
  const repo = await makeRepo();
  await createFlag(repo, '@a.one', 'change', '--to', '@b.two', '--commit');
  git(repo, 'checkout', '-q', '-b', 'feature');
  writeFileSync(join(repo, 'feature.txt'), 'feature\n');
  git(repo, 'add', 'feature.txt');
  git(repo, 'commit', '-q', '--no-verify', '-m', 'feature');
  const tree = git(repo, 'rev-parse', 'main^{tree}').trim();
  rmSync(join(repo, '.git', 'objects', tree.slice(0, 2), tree.slice(2)));
  return repo;
}

/** A workspace whose progress reports are recorded. */
async function recorded(
  repo: string,
): Promise<{ seen: (string | null)[]; ws: Awaited<ReturnType<typeof openWorkspace>> }> {
  const seen: (string | null)[] = [];
  return { seen, ws: await openWorkspace(repo, (what) => seen.push(what)) };
}

describe('progress after a failure', () => {
  it('reviewRange ends with null when git cannot compare the range', async () => {
    const { seen, ws } = await recorded(await makeRepo());
    const range = { base: 'f'.repeat(40), head: null, label: 'broken' };
    await expect(reviewRange(ws, range)).rejects.toThrow();
    expect(seen).toContain('comparing the flag files of the range');
    expect(seen.at(-1)).toBeNull();
  });

  it("runCheck ends with null when its base's tree cannot be read", async () => {
    const { seen, ws } = await recorded(await brokenBase());
    await expect(runCheck(ws, 'main')).rejects.toThrow();
    expect(seen).toContain('comparing the flag files of the range');
    expect(seen.at(-1)).toBeNull();
  });

  it("allBranchFlags ends with null when a branch's tree cannot be read", async () => {
    const { seen, ws } = await recorded(await brokenBase());
    await expect(allBranchFlags(ws, {})).rejects.toThrow();
    expect(seen).toContain('listing the flags of every branch');
    expect(seen.at(-1)).toBeNull();
  });
});
