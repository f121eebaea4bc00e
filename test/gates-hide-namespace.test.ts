/**
 * A gate run's backup of the unstaged edits it hid, owned by a run in another PID namespace (a
 * container sharing the work tree and the git dir): its process id does not exist here, so the
 * next commit's gate took the run for killed and restored the backup under it, while it still
 * ran its gates. The manifest now names the owner's host and namespace, as the index lock does;
 * an owner out of sight is left alone as a live one is, and `flagstore gate restore` still
 * restores on request.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupDir, recover } from '../src/gates/hide-restore.js';
import { pidNamespace } from '../src/git/process-alive.js';
import { makeRepo } from './helpers.js';

/** A backup with no entries, as a run `pid` in namespace `pidns` leaves it; its folder. */
function backupOf(repo: string, pid: number, pidns: string): string {
  const dir = backupDir(join(repo, '.git'));
  mkdirSync(join(dir, 'files'), { recursive: true });
  const manifest = { version: 2, root: repo, pid, host: hostname(), pidns, entries: [] };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid!;

describe.runIf(existsSync('/proc/self/ns/pid'))(
  'a gate backup owned in another PID namespace',
  () => {
    it('is left alone, or refused with its owner named, never restored as a killed run', async () => {
      const repo = await makeRepo();
      const pid = deadPid();
      const other = pidNamespace()!.replace(/\[\d+\]$/, '[1]');
      const dir = backupOf(repo, pid, other);
      const gitDir = join(repo, '.git');
      expect(await recover(repo, gitDir, 'leave')).toBeNull();
      expect(existsSync(dir)).toBe(true);
      const refused = await recover(repo, gitDir, 'refuse').catch((e: unknown) => e);
      expect((refused as Error).message).toBe(
        `another gate run (pid ${pid} on ${hostname()}, in another PID namespace: whether it still runs cannot be checked from here) is hiding unstaged edits right now`,
      );
      expect(existsSync(dir)).toBe(true);
      // `flagstore gate restore` asks for it: restored.
      expect(await recover(repo, gitDir, 'restore')).toEqual({ restored: [], kept: [] });
      expect(existsSync(dir)).toBe(false);
    });

    it('the same backup in our own namespace is a killed run: restored by the next gate', async () => {
      const repo = await makeRepo();
      const dir = backupOf(repo, deadPid(), pidNamespace()!);
      expect(await recover(repo, join(repo, '.git'), 'leave')).toEqual({ restored: [], kept: [] });
      expect(existsSync(dir)).toBe(false);
    });
  },
);
