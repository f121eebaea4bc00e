/**
 * `check` and a critical flag completed in another worktree (field36): the completion is in the
 * ledger only, so this branch's file still says pending. The commit hook lets the commit through
 * (it reads the ledger); `check` used to fail and tell the user to complete the flag, which
 * `complete` then refused as already done. It now warns and says where the completion is.
 * A flag still pending fails, and the command it prints completes it as printed (mend47).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, createFlag, git, makeRepo, tempDir } from './helpers.js';

describe('check with a critical flag completed in the ledger only', () => {
  it('warns instead of failing, and names who completed it; a flag still pending fails', async () => {
    const repo = await makeRepo();
    const args = ['breaking_change', '--impact', 'critical', '--to', '@b.two'];
    const done = await createFlag(repo, '@a.one', ...args);
    const open = await createFlag(repo, '@a.one', ...args);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'flags');
    const tree = join(tempDir(), 'side');
    git(repo, 'worktree', 'add', '-q', '-b', 'side', tree);
    const notes = ['--notes', 'Handlers updated in the side branch.'];
    expect((await cli(tree, ['complete', done, '--by', '@b.two', ...notes])).code).toBe(0);

    const check = await cli(repo, ['--json', 'check']);
    const findings = check.json<{ findings: { message: string; severity: string }[] }>().findings;
    const about = (id: string) => findings.filter((f) => f.message.includes(id));
    expect(about(done)).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringContaining('completed by @b.two in the ledger'),
      }),
    ]);
    expect(about(open)).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: expect.stringContaining('is unresolved'),
      }),
    ]);
    expect(check.code).not.toBe(0);

    // The fix is a command an agent can run as printed: `complete` needs --by (no identity here).
    const printed = /\((flagstore complete [^)]*)\)/.exec(about(open)[0]?.message ?? '')?.[1];
    const words = (printed ?? '').match(/"[^"]*"|\S+/g) ?? [];
    const printedArgs = words.slice(1).map((w) => w.replace(/^"(.*)"$/, '$1'));
    expect(printedArgs.slice(0, 2)).toEqual(['complete', open]);
    expect((await cli(repo, printedArgs)).code).toBe(0);
    expect((await cli(repo, ['check'])).code).toBe(0);
  });
});
