import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, createFlag, git, spawnCli, tempDir } from './helpers.js';
import { cluster } from './ledger-helpers.js';
import { userState, type UserState } from './user-state.js';

/** What flagstore must never change in a clone: the user's state, the flags' index entries too. */
function handsOff(dir: string): UserState & { index: string } {
  return { ...userState(dir), index: git(dir, 'ls-files', '-s') };
}

/**
 * `git status` in a loop until stopped, as an editor polling the repository does (every 20 ms:
 * more often than editors poll, and without taking a core from the agents it runs beside). A
 * shell runs the loop: a spawn from the test's worker costs it more than the git run itself.
 */
function statusLoop(dir: string): { stop: () => Promise<number> } {
  const [flag, runs] = [join(tempDir(), 'stop'), join(tempDir(), 'runs')];
  const loop = `while [ ! -e "$1" ]; do git status --porcelain >/dev/null; echo >>"$2"; sleep 0.02; done`;
  const shell = spawn('sh', ['-c', loop, 'status-loop', flag, runs], { cwd: dir, stdio: 'ignore' });
  const done = new Promise((resolve) => shell.on('close', resolve));
  return {
    /** Stops the loop after its current run; resolves to how many runs it made. */
    stop: async () => {
      writeFileSync(flag, '');
      await done;
      return existsSync(runs) ? readFileSync(runs, 'utf8').length : 0;
    },
  };
}

/** Exit codes of an agent's runs; a run that failed other than by losing ("6") says why. */
async function agentRun(dir: string, agent: string, ids: string[]): Promise<string[]> {
  const codes: string[] = [];
  for (const id of ids) {
    for (const kind of ['lock', 'complete']) {
      const res = await spawnCli(dir, [kind, id, '--sync', '--by', agent]);
      codes.push(
        res.code === 0 || res.code === 6 ? String(res.code) : `${res.code}: ${res.stderr}`,
      );
    }
  }
  return codes;
}

describe('hands off the user work', () => {
  it('16 lock --sync / complete --sync by two agents beside git status leave HEAD, index, stash and files alone', async () => {
    const { bare, clones, id } = await cluster(1);
    const dir = clones[0] as string;
    // Four flags, each locked and completed by both agents in opposite orders: they cross in the
    // middle (both at the same flag at once) and each also finds flags the other finished.
    const ids = [id];
    for (let i = 0; i < 3; i++)
      ids.push(await createFlag(dir, '@a.one', 'change', '--to', '@b.two'));
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'app.ts'), 'export const a = 1;\n');
    writeFileSync(join(dir, 'README.md'), 'committed\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '--no-verify', '-m', 'work and flags');
    writeFileSync(join(dir, 'src', 'app.ts'), 'export const a = 2; // unstaged\n');
    writeFileSync(join(dir, 'README.md'), 'staged edit\n');
    git(dir, 'add', 'README.md');
    writeFileSync(join(dir, 'README.md'), 'staged edit, then more unstaged\n');
    writeFileSync(join(dir, 'notes.txt'), 'untracked\n');
    const before = handsOff(dir);
    const remoteMain = git(bare, 'rev-parse', 'main');
    const status = statusLoop(dir);
    const runs = await Promise.all([
      agentRun(dir, '@agent.one', ids),
      agentRun(dir, '@agent.two', [...ids].reverse()),
    ]);
    // The loop ran beside the agents (a run every 20 ms or so: dozens of them).
    expect(await status.stop()).toBeGreaterThan(1);
    const codes = runs.flat();
    expect(codes.length).toBe(16);
    expect(codes.filter((c) => c !== '0' && c !== '6')).toEqual([]);
    expect(handsOff(dir)).toEqual(before);
    expect(git(bare, 'rev-parse', 'main')).toBe(remoteMain);
    expect(git(bare, 'for-each-ref', '--format=%(refname)').trim().split('\n').sort()).toEqual([
      'refs/heads/flagstore',
      'refs/heads/main',
    ]);
    const pending = await cli(dir, ['--json', 'list', '--status', 'pending']);
    expect(pending.json<{ flags: unknown[] }>().flags).toEqual([]);
  }, 600_000);
});
