/**
 * A gate run's half-made backup (`backup.<pid>.tmp`, before it is renamed into place) taken by a
 * run in another PID namespace (a container sharing the work tree and the git dir): its process
 * id does not exist here, so the next gate here swept the folder as a killed run's while its
 * maker still copied into it, and the maker went on to write the staged versions over edits it
 * had no copy of left. The name now carries its maker's place (host and namespace): one of
 * another place, or an older untagged one, is swept only once untouched for an hour; and the
 * maker checks its copies once the backup is in place, refusing (nothing hidden) if one is gone.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { FOREIGN_TEMP_MS } from '../src/gates/backup-temp.js';
import { recover } from '../src/gates/hide-restore.js';
import { placeTag } from '../src/git/process-alive.js';
import { commitFile, configureGates, PASSING_GATE, stageUnderEdit } from './gate-helpers.js';
import { BIN, git, makeRepo } from './helpers.js';
import { stopped } from './stall-helpers.js';

const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid!;

/** A half-made backup as a run leaves it, named `backup.<name>` in the repository's git dir. */
function halfMade(repo: string, name: string): string {
  const dir = join(repo, '.git', 'flagstore', `backup.${name}`);
  mkdirSync(join(dir, 'files'), { recursive: true });
  writeFileSync(join(dir, 'files', '0'), 'a copy\n');
  return dir;
}

/** Dates a half-made backup's folders `ms` back, as a run killed that long ago left them. */
function age(dir: string, ms: number): void {
  const then = new Date(Date.now() - ms);
  for (const path of [join(dir, 'files'), dir]) utimesSync(path, then, then);
}

describe('a half-made gate backup of another place', () => {
  it('is left to its maker (its id means nothing here) until untouched for an hour', async () => {
    const repo = await makeRepo();
    const gitDir = join(repo, '.git');
    const other = placeTag().replace(/^./, (c) => (c === '0' ? '1' : '0'));
    const foreign = halfMade(repo, `${deadPid()}.${other}.tmp`);
    // An older flagstore's name says no place: it may be another namespace's too.
    const untagged = halfMade(repo, `${deadPid()}.tmp`);
    const ours = halfMade(repo, `${deadPid()}.${placeTag()}.tmp`);
    await recover(repo, gitDir, 'leave');
    expect([existsSync(foreign), existsSync(untagged), existsSync(ours)]).toEqual([
      true,
      true,
      false,
    ]);
    age(foreign, FOREIGN_TEMP_MS - 60_000);
    await recover(repo, gitDir, 'leave');
    expect(existsSync(foreign)).toBe(true);
    age(foreign, FOREIGN_TEMP_MS + 60_000);
    age(untagged, FOREIGN_TEMP_MS + 60_000);
    await recover(repo, gitDir, 'leave');
    expect([existsSync(foreign), existsSync(untagged)]).toEqual([false, false]);
  });

  it('a maker whose half-made backup lost a copy refuses, and the unstaged edit stays', async () => {
    const repo = await makeRepo();
    configureGates(repo, PASSING_GATE);
    commitFile(repo, 'a.ts', 'first\n');
    stageUnderEdit(repo, 'a.ts', 'staged\n', 'unstaged\n');
    const env = { ...process.env, FLAGSTORE_TEST_STALL_BEFORE_BACKUP: '1', NO_COLOR: '1' };
    const gate = spawn(process.execPath, [BIN, 'gate', 'pre-commit'], { cwd: repo, env });
    gate.stdout.resume();
    const exited = new Promise<number | null>((resolve) => gate.on('close', resolve));
    let stderr = '';
    gate.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    while (!stderr.includes('stalled before putting the backup in place')) await sleep(20);
    // It says so, then stops itself: a SIGCONT sent before its stop would be lost.
    await stopped(gate);
    const folder = join(repo, '.git', 'flagstore');
    const temp = readdirSync(folder).find((n) => n.startsWith('backup.') && n.endsWith('.tmp'));
    expect(temp).toBe(`backup.${gate.pid}.${placeTag()}.tmp`);
    // What a sweep of another namespace does to a folder it takes for a killed run's.
    rmSync(join(folder, temp!, 'files', '0'));
    gate.kill('SIGCONT');
    expect(await exited).not.toBe(0);
    expect(stderr).toContain('lost its copy of a.ts');
    expect(readFileSync(join(repo, 'a.ts'), 'utf8')).toBe('unstaged\n');
    expect(readdirSync(folder).filter((n) => n.startsWith('backup'))).toEqual([]);
    expect(git(repo, 'diff', '--cached', '--name-only')).toBe('a.ts\n');
  });
});
