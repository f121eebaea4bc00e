import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { placeTag } from '../src/git/process-alive.js';
import { cli, git, makeRepo } from './helpers.js';
import { commit, configureGates, PASSING_GATE, write } from './gate-helpers.js';

// Found in the field trial: a hook killed (SIGKILL) while it copied thousands of unstaged files
// into its backup left `.git/flagstore/backup.<pid>.tmp` behind (megabytes each), and nothing
// ever removed it. (Its name carries its maker's place since: one of another PID namespace is
// left for an hour, test/gates-backup-namespace.test.ts.)
function leftover(repo: string, pid: number): string {
  const dir = join(repo, '.git', 'flagstore', `backup.${pid}.${placeTag()}.tmp`);
  mkdirSync(join(dir, 'files'), { recursive: true });
  writeFileSync(join(dir, 'files', '0'), 'a copy\n');
  return dir;
}

describe('half-made backups of killed hooks', () => {
  it('are removed by the next commit and by gate restore; a live run keeps its own', async () => {
    const repo = await makeRepo();
    configureGates(repo, PASSING_GATE);
    const dead = spawnSync('true').pid as number;
    const first = leftover(repo, dead);
    const live = leftover(repo, process.pid);
    write(repo, 'a.ts', 'code\n');
    git(repo, 'add', 'a.ts');
    expect(commit(repo, []).code).toBe(0);
    expect(existsSync(first)).toBe(false);
    expect(existsSync(live)).toBe(true);
    const second = leftover(repo, dead);
    expect((await cli(repo, ['gate', 'restore'])).code).toBe(0);
    expect(existsSync(second)).toBe(false);
    expect(existsSync(live)).toBe(true);
  });
});
