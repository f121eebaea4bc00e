/**
 * The index lock's holder in another PID namespace (review finding): a flagstore in a container
 * that shares this host's name and file system but not its PID namespace has a process id that
 * does not exist here, and its live lock was called killed, with a fix that removed it unchecked.
 * The record now names the taker's namespace (boot id and `/proc/self/ns/pid`); a holder from
 * another namespace, like one from another host, cannot be checked: waited for, never called
 * killed, and the fix says where to look before removing it. A record without the field (an older
 * flagstore's) is judged as before.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { pidNamespace } from '../src/git/process-alive.js';
import { busyIndexRepo, refusedCommit } from './busy-index.js';

/** A process id that ran on this host and has ended. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

/** A lock record as a flagstore process `pid` in namespace `pidns` writes it. */
function record(pid: number, pidns: string | undefined): (lock: string) => void {
  const since = new Date().toISOString();
  const holder = { pid, host: hostname(), ...(pidns === undefined ? {} : { pidns }), since };
  return (lock) => writeFileSync(lock, `${JSON.stringify({ flagstore: holder })}\n`);
}

const onLinux = existsSync('/proc/self/ns/pid');

describe.runIf(onLinux)('an index lock held in another PID namespace', () => {
  it("records this process's namespace as the kernel names it", () => {
    expect(pidNamespace()).toMatch(/^[0-9a-f-]{36}\/pid:\[\d+\]$/);
    expect(pidNamespace()!.endsWith(readlinkSync('/proc/self/ns/pid'))).toBe(true);
  });

  it('is not called killed when its process id does not exist here: waited for, left in place', async () => {
    const pid = deadPid();
    const other = pidNamespace()!.replace(/\[\d+\]$/, '[1]');
    const { repo, lock } = await busyIndexRepo(record(pid, other));
    const { message, fix } = await refusedCommit(repo);
    expect(message).not.toMatch(/no longer runs|killed/);
    expect(message).toContain(`held by flagstore, process ${pid} on ${hostname()}`);
    expect(message).toContain(
      'it runs in another PID namespace (a container sharing this host name), so whether it still runs cannot be checked from here',
    );
    expect(fix).toMatch(
      new RegExp(
        `^in the container or machine that took it .*check whether process ${pid} still runs \\(ps -p ${pid}\\); only once it is gone, remove the lock: rm `,
      ),
    );
    expect(existsSync(lock)).toBe(true);
  });

  it('the same record in our own namespace is a killed holder: refused at once, the fix removes it', async () => {
    const pid = deadPid();
    const { repo, lock } = await busyIndexRepo(record(pid, pidNamespace()!));
    const { message, fix } = await refusedCommit(repo);
    expect(message).toContain(`by flagstore process ${pid} on ${hostname()}, which no longer runs`);
    expect(fix).toMatch(new RegExp(`^remove ${lock} and commit the flag`));
  });

  it('an older record without a namespace is judged by the host alone, as before', async () => {
    const pid = deadPid();
    const { repo } = await busyIndexRepo(record(pid, undefined));
    const { message } = await refusedCommit(repo);
    expect(message).toContain(`by flagstore process ${pid} on ${hostname()}, which no longer runs`);
  });
});
