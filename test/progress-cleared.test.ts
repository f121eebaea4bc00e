/**
 * A long operation that fails still says it is done: the library's `check`, `diff`, every-branch
 * and report readers send their progress sink `null` on an error too, as the readers of flag
 * files do, so a caller's sink is not left showing work under way (the CLI clears its line after
 * each command).
 */
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../src/review/check.js';
import { reviewRange } from '../src/review/diff.js';
import { listAgents } from '../src/services/agents.js';
import { allBranchFlags } from '../src/services/branches.js';
import { readMarks } from '../src/sync/ledger-marks.js';
import { validateFiles } from '../src/services/validate.js';
import { openWorkspace } from '../src/services/workspace.js';
import { createFlag, FIXTURES, git, makeRepo } from './helpers.js';

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

/** A workspace whose progress reports are recorded; `failing`: its first report throws. */
async function recorded(
  repo: string,
  failing = false,
): Promise<{ seen: (string | null)[]; ws: Awaited<ReturnType<typeof openWorkspace>> }> {
  const seen: (string | null)[] = [];
  const sink = (what: string | null): void => {
    seen.push(what);
    if (failing && what !== null) throw new Error('progress failed');
  };
  return { seen, ws: await openWorkspace(repo, sink) };
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

  it('validate and the agent catalog reader end with null when their loop fails', async () => {
    const repo = await makeRepo();
    await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    copyFileSync(
      join(FIXTURES, 'agents', 'backend.api.md'),
      join(repo, 'agents', 'backend.api.md'),
    );
    const validate = await recorded(repo, true);
    expect(() => validateFiles(validate.ws, repo, [])).toThrow('progress failed');
    expect(validate.seen).toEqual(['validating: 0 of 2 files', null]);
    const agents = await recorded(repo, true);
    await expect(listAgents(agents.ws)).rejects.toThrow('progress failed');
    expect(agents.seen).toEqual(['reading agents: 0 parsed', null]);
  });

  it("the flag files' readers end with null when their loop fails", async () => {
    const repo = await makeRepo();
    await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const whole = await recorded(repo, true);
    await expect(whole.ws.flags.readWork({ progress: whole.ws.progress })).rejects.toThrow(
      'progress failed',
    );
    expect(whole.seen).toEqual(['reading flags: 0 of 1 parsed', null]);
    const marks = await recorded(repo, true);
    await expect(readMarks(marks.ws.flags, marks.ws.progress)).rejects.toThrow('progress failed');
    expect(marks.seen).toEqual(['reading flags: 0 parsed', null]);
  });
});
