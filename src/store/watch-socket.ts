/**
 * Where a flags folder's watcher (`flagstore watch`, src/services/watch-daemon.ts) keeps its
 * files and answers: a unix socket in the git dir (each linked worktree has a git dir, so a
 * watcher, of its own), beside a folder of cookie files no user sees. A socket's path is at most
 * about 100 bytes; a longer one goes to a private folder of this user's in the temp folder,
 * named by a hash of the git dir. node's built-ins only: the answer cache's hit reads it.
 */
import { lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The longest socket path used as it is (Linux allows 107 bytes, macOS 103). */
const SOCKET_MAX = 100;

/** The watcher's folder in a git dir. */
function watchDir(gitDir: string): string {
  return join(gitDir, 'flagstore', 'watch');
}

/** The folder the watcher writes its cookies to, and waits to see them in (src/store/folder-watch.ts). */
export function cookieDir(gitDir: string): string {
  return join(watchDir(gitDir), 'cookies');
}

/** The folder holding the sockets whose path in the git dir would be too long. */
export function privateSocketDir(): string {
  return join(tmpdir(), `flagstore-watch-${process.getuid?.() ?? 'user'}`);
}

/** A 64-bit FNV-1a hash of a text, in hex (no `node:crypto` on a hit). */
function fnv(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text)) {
    hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * 0x100000001b3n);
  }
  return hash.toString(16).padStart(16, '0');
}

/** The watcher's socket for a git dir. */
export function socketPath(gitDir: string): string {
  const near = join(watchDir(gitDir), 'sock');
  if (Buffer.byteLength(near) <= SOCKET_MAX) return near;
  return join(privateSocketDir(), `${fnv(gitDir)}.sock`);
}

/**
 * True when a folder is this user's alone (a socket in it can be trusted); a socket in the git
 * dir is as safe as the git dir, and true too.
 */
export function trustedSocketDir(gitDir: string, path: string): boolean {
  if (path.startsWith(watchDir(gitDir))) return true;
  const stat = lstatSync(privateSocketDir(), { throwIfNoEntry: false });
  const mine = process.getuid === undefined || stat?.uid === process.getuid();
  return stat !== undefined && stat.isDirectory() && mine && (stat.mode & 0o077) === 0;
}

/**
 * Sends one request line to the git dir's watcher and gives its one-line reply, or null: no
 * watcher's socket (then `node:net` is not even loaded), a socket in a folder not this user's
 * alone, a watcher that refuses, fails or does not answer within `timeoutMs`.
 */
export async function askWatcher(
  gitDir: string,
  request: string,
  timeoutMs: number,
): Promise<string | null> {
  const path = socketPath(gitDir);
  const stat = lstatSync(path, { throwIfNoEntry: false });
  if (stat?.isSocket() !== true || !trustedSocketDir(gitDir, path)) return null;
  const { createConnection } = await import('node:net');
  return new Promise((resolve) => {
    let reply = '';
    const socket = createConnection(path);
    const done = (value: string | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(value);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${request}\n`));
    socket.on('data', (chunk: string) => {
      reply += chunk;
      const end = reply.indexOf('\n');
      if (end >= 0) done(reply.slice(0, end));
    });
    socket.on('error', () => done(null));
    socket.on('end', () => done(null));
  });
}
