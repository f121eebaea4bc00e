import { describe, expect, it } from 'vitest';
import { cli, createArgs, git } from './helpers.js';
import { commit, commitInBackground, read, write } from './gate-helpers.js';
import { sleeperRepo, waitFor } from './kill-helpers.js';

// Found in the field trial: agents running `create --commit` in the working tree where a user's
// commit was running its gates failed (exit 8, the flag left uncommitted) because their own
// commit's hook refused to start while the user's run hid unstaged edits, although a commit of
// flag files only runs no external gate and hides nothing.
describe('a gate run hiding unstaged edits, and other commits meanwhile', () => {
  it('a commit of flag files only goes through; a code commit is refused until it ends', async () => {
    const { repo, pids } = await sleeperRepo();
    const running = commitInBackground(repo);
    const [hook = ''] = (await waitFor(pids)).trim().split(' ');
    expect(read(repo, 'a.ts')).toBe('staged\n');
    const created = await cli(repo, [
      '--json',
      ...createArgs('change', '--to', '@b.two'),
      '--by',
      '@a.one',
      '--commit',
    ]);
    expect(created.code, created.stdout + created.stderr).toBe(0);
    const id = created.json<{ flag: { id: string } }>().flag.id;
    expect(git(repo, 'log', '-1', '--format=%s')).toContain(`flag ${id.slice(-10)}: create`);
    write(repo, 'b.ts', 'code\n');
    git(repo, 'add', 'b.ts');
    const code = commit(repo, []);
    expect(code.code).not.toBe(0);
    expect(code.output).toContain('another gate run');
    process.kill(Number(hook), 'SIGTERM');
    await running;
    expect(read(repo, 'a.ts')).toBe('staged\nunstaged work\n');
  });
});
