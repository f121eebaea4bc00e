import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cli, git, makeRepo } from './helpers.js';
import { commit, commitFile, configureGates, PASSING_GATE, read, write } from './gate-helpers.js';
import { killHook, sleeperRepo, waitDead, waitFor } from './kill-helpers.js';

describe('unstaged work survives a killed hook', () => {
  it('SIGKILL of the hook: the gate dies with it, and the next commit restores the edits first', async () => {
    const { repo, pids } = await sleeperRepo();
    write(repo, 'b.ts', 'tracked\n');
    git(repo, 'add', 'b.ts');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'files', '--', 'b.ts');
    write(repo, 'b.ts', 'tracked\nunstaged only\n');
    const killed = await killHook(repo, pids, 'SIGKILL');
    expect(killed.code).not.toBe(0);
    expect(await waitDead(killed.gate)).toBe(true);
    expect(git(repo, 'log', '-1', '--format=%s')).toBe('files\n');
    expect(read(repo, 'b.ts')).toBe('tracked\n');
    // git said only that the hook died of a signal: doctor names the hidden edits (field trial 41).
    const doctor = (await cli(repo, ['doctor'])).stdout;
    expect(doctor).toMatch(
      /FAIL\s+hidden edits\s+a gate run that was killed left unstaged edits of 2 file/,
    );
    expect(doctor).toContain('fix: flagstore gate restore');
    const next = commit(repo, [], { FLAGSTORE_SKIP: 'sleeper' });
    expect(next.code, next.output).toBe(0);
    expect(next.output).toContain(
      'an earlier gate run was killed; its hidden edits were restored first',
    );
    expect(read(repo, 'a.ts')).toBe('staged\nunstaged work\n');
    expect(read(repo, 'b.ts')).toBe('tracked\nunstaged only\n');
    expect(git(repo, 'show', 'HEAD:a.ts')).toBe('staged\n');
    expect((await cli(repo, ['gate', 'restore'])).stdout).toContain('nothing to restore');
    expect((await cli(repo, ['doctor'])).stdout).toMatch(/ok\s+hidden edits/);
  });

  it('a restore after a kill never overwrites a file edited since; it saves the hidden edits beside it', async () => {
    const { repo, pids } = await sleeperRepo();
    await killHook(repo, pids, 'SIGKILL');
    write(repo, 'a.ts', 'edited after the crash\n');
    const res = await cli(repo, ['gate', 'restore']);
    expect(res.code).toBe(0);
    expect(read(repo, 'a.ts')).toBe('edited after the crash\n');
    expect(res.stderr).toContain(
      `the hidden edits are saved in: ${join(repo, 'a.ts.flagstore-unstaged')}`,
    );
    expect(read(repo, 'a.ts.flagstore-unstaged')).toBe('staged\nunstaged work\n');
    expect(existsSync(join(repo, '.git', 'flagstore', 'backup'))).toBe(false);
    expect(commit(repo, [], { FLAGSTORE_SKIP: 'sleeper' }).code).toBe(0);
  });

  it('SIGTERM of the hook restores the edits before it exits', async () => {
    const { repo, pids } = await sleeperRepo();
    expect((await killHook(repo, pids, 'SIGTERM')).code).not.toBe(0);
    expect(read(repo, 'a.ts')).toBe('staged\nunstaged work\n');
    expect(existsSync(join(repo, '.git', 'flagstore', 'backup'))).toBe(false);
    expect(commit(repo, [], { FLAGSTORE_SKIP: 'sleeper' }).code).toBe(0);
    expect(read(repo, 'a.ts')).toBe('staged\nunstaged work\n');
  });

  it('SIGHUP of the gate (its terminal closed) restores the edits, then exits 129 as 128 + 1; doctor calls a running gate no hidden edits', async () => {
    const { repo, pids } = await sleeperRepo();
    const none = /ok\s+hidden edits\s+no unstaged edits hidden by a gate run/;
    expect((await cli(repo, ['doctor'])).stdout).toMatch(none);
    const gate = spawn(process.execPath, [BIN, 'gate', 'pre-commit'], { cwd: repo });
    gate.stdout.resume();
    gate.stderr.resume();
    const exited = new Promise<number | null>((resolve) => gate.on('close', resolve));
    await waitFor(pids);
    const hidden = read(repo, 'a.ts');
    // Its edits are hidden while its gates run, as they should be: no failure, no fix (gates.md).
    const running = (await cli(repo, ['doctor'])).stdout;
    gate.kill('SIGHUP');
    // It was 143, SIGTERM's code: a script could not tell a closed terminal from a kill.
    expect(await exited).toBe(129);
    expect(hidden).toBe('staged\n');
    expect(running).toMatch(
      new RegExp(
        `ok\\s+hidden edits\\s+a gate run \\(pid ${gate.pid ?? 0}\\) hides unstaged edits of 1 file\\(s\\) while its gates run`,
      ),
    );
    expect(running).not.toContain('gate restore');
    expect(read(repo, 'a.ts')).toBe('staged\nunstaged work\n');
    expect(existsSync(join(repo, '.git', 'flagstore', 'backup'))).toBe(false);
  });

  it('refuses to hide anything while paths are unmerged', async () => {
    const repo = await makeRepo();
    configureGates(repo, PASSING_GATE);
    commitFile(repo, 'a.ts', 'base\n');
    git(repo, 'checkout', '-q', '-b', 'other');
    write(repo, 'a.ts', 'other\n');
    git(repo, 'commit', '-q', '--no-verify', '-am', 'other');
    git(repo, 'checkout', '-q', 'main');
    write(repo, 'a.ts', 'main\n');
    git(repo, 'commit', '-q', '--no-verify', '-am', 'main');
    try {
      git(repo, 'merge', '-q', 'other');
    } catch {
      // The conflict is the point.
    }
    const res = await cli(repo, ['gate', 'pre-commit']);
    expect(res.code).toBe(6);
    expect(res.stderr).toContain('unmerged paths: a.ts');
    expect(read(repo, 'a.ts')).toContain('<<<<<<<');
  });
});
