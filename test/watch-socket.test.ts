/**
 * The watcher's socket (src/store/watch-socket.ts), in this process: a git dir whose socket path
 * would be too long has it in a private folder of the temp folder, and a read asks a socket
 * there only while that folder is this user's alone (another user's watcher could vouch for
 * anything); `flagstore watch` tells what answers there but is no watcher of this flagstore's,
 * and a watcher that runs other code than this flagstore's.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { askWatcher, privateSocketDir, socketPath } from '../src/store/watch-socket.js';
import { cli, makeRepo, tempDir } from './helpers.js';

const savedTmp = process.env.TMPDIR;

afterEach(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
});

describe("the watcher's socket", () => {
  it("is asked in the private folder only while the folder is this user's alone", async () => {
    process.env.TMPDIR = tempDir('flagstore-watch-socket-');
    const gitDir = join(process.env.TMPDIR, 'a'.repeat(100), '.git');
    const path = socketPath(gitDir);
    expect(path.startsWith(privateSocketDir())).toBe(true);
    mkdirSync(privateSocketDir(), { mode: 0o700 });
    const server = createServer((connection) => connection.end('ok mine\n'));
    await new Promise<void>((listening) => server.listen(path, listening));
    try {
      expect(await askWatcher(gitDir, 'status', 2000)).toBe('ok mine');
      chmodSync(privateSocketDir(), 0o777);
      expect(await askWatcher(gitDir, 'status', 2000)).toBeNull();
    } finally {
      server.close();
    }
  });

  it('is refused, with a fix, when what answers there is no watcher of this flagstore', async () => {
    const repo = await makeRepo();
    await answering(repo, 'unknown', async () => {
      for (const args of [['watch', '--status'], ['watch']]) {
        const found = await cli(repo, args);
        expect(found.code).not.toBe(0);
        expect(found.stderr).toContain('is not a watcher of this flagstore');
        expect(found.stderr).not.toMatch(/SyntaxError|a bug in flagstore/);
      }
    });
  });

  it('says when the watcher runs other code than this flagstore (rebuilt since), with the fix', async () => {
    const repo = await makeRepo();
    const found = { pid: 4242, folder: join(repo, 'flags'), version: '0.0.1', code: 'older' };
    await answering(repo, JSON.stringify(found), async () => {
      const said = await cli(repo, ['watch', '--status']);
      expect(said.stdout).toContain('(pid 4242, flagstore 0.0.1; it runs other code than this');
      expect(said.stdout).toContain('flagstore watch --stop, then flagstore watch');
      const json = JSON.parse((await cli(repo, ['--json', 'watch', '--status'])).stdout);
      expect(json).toMatchObject({ running: true, same_code: false });
      // A watcher just stopped needs no fix.
      const stopped = (await cli(repo, ['watch', '--stop'])).stdout;
      expect(stopped).toBe(`stopped watching ${found.folder} (pid 4242, flagstore 0.0.1)\n`);
    });
  });
});

/** Runs `body` while a server on the repository's watcher socket answers every request `reply`. */
async function answering(repo: string, reply: string, body: () => Promise<void>): Promise<void> {
  const path = socketPath(join(repo, '.git'));
  mkdirSync(join(path, '..'), { recursive: true, mode: 0o700 });
  const server = createServer((connection) => connection.end(`${reply}\n`));
  await new Promise<void>((listening) => server.listen(path, listening));
  try {
    await body();
  } finally {
    server.close();
  }
}
