/**
 * A flagstore killed mid-write leaves its temp file (`.<id>.md.<pid>.<hex>.tmp`) in the flags
 * folder, where `git status` shows it and `git add -A` commits it. Readers removed it only after
 * a minute; one whose writer's process is gone now goes at the next listing, while a live
 * writer's stays.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, makeRepo } from './helpers.js';

function tempFile(repo: string, pid: number, tag: string): string {
  const path = join(repo, 'flags', `.01M97N01C1JPH8036VJWCFFXFP.md.${pid}.${tag}.tmp`);
  writeFileSync(path, '---\nid: 01M97N01C1JPH8036VJWCFFXFP\nflag_ty');
  const tenSecondsAgo = new Date(Date.now() - 10_000);
  utimesSync(path, tenSecondsAgo, tenSecondsAgo);
  return path;
}

describe('a temp flag file a killed writer left', () => {
  it('is removed by the next listing when its process is gone; a live one stays', async () => {
    const repo = await makeRepo();
    const dead = spawnSync('true').pid;
    const live = spawn('sleep', ['30']);
    try {
      const left = tempFile(repo, dead, 'deadbeef');
      const held = tempFile(repo, live.pid ?? 0, 'cafe0123');
      expect((await cli(repo, ['list'])).code).toBe(0);
      expect(existsSync(left)).toBe(false);
      expect(existsSync(held)).toBe(true);
    } finally {
      live.kill();
    }
  });
});
