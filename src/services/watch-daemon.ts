/**
 * The flags folder's watcher (`flagstore watch`): a process that outlives the command, watches
 * the flags folder (src/store/folder-watch.ts) and answers on a unix socket in the git dir
 * (src/store/watch-socket.ts), one request line and one reply line per connection:
 * `token <code stamp> <flags folder>` gives `ok <token>` when the stamp is the one this watcher
 * was started with (its flagstore's version and answer cache's files: src/cli/code-stamp.ts), the
 * folder the one it watches, and every event up to the request has been seen, else `unknown`;
 * `status` gives a JSON line (with the version and the stamp); `stop` gives `bye` and ends it. It
 * ends by itself when the repository or its socket goes, and after a long time without a question.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, rmSync, statfsSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';
import { fail, ok, type Result } from '../core/errors.js';
import { FolderWatch } from '../store/folder-watch.js';
import { packageVersion } from '../store/package.js';
import { takeLock, type HeldLock, type Holder } from '../store/start-lock.js';
import { askWatcher, cookieDir, socketPath, trustedSocketDir } from '../store/watch-socket.js';
import { stallForTests } from '../git/stall.js';

/** What a watcher watches. */
export interface WatchPlaces {
  root: string;
  gitDir: string;
  /** The flags folder, absolute. */
  flagsDir: string;
}

/** How long a watcher waits for questions, and how often it looks at its repository. */
export interface WatchTimes {
  /** No question for this long ends the watcher (ms). */
  idleMs: number;
  /** How often the watcher checks that its repository and socket are still there (ms). */
  checkMs: number;
}

/** Two hours without a question; a look every 30 seconds. */
export const WATCH_TIMES: WatchTimes = { idleMs: 2 * 60 * 60 * 1000, checkMs: 30_000 };

/** The code a watcher vouches for, and how long it waits. */
export interface WatchRun {
  /** The code stamp a reader must name to be vouched for (its flagstore's code's). */
  code: string;
  times?: WatchTimes;
  /** Told the pid of another watcher starting at the same time, while this one waits for it. */
  waiting?: (holder: number) => void;
}

/** A running watcher's state for its loop. */
interface Running {
  places: WatchPlaces;
  code: string;
  watch: FolderWatch;
  server: Server;
  socket: string;
  socketIno: bigint;
  lastAsked: number;
  closed: boolean;
  stopped: () => void;
}

/** Answers one request line. */
async function reply(run: Running, request: string): Promise<string> {
  if (request === 'status') {
    const idle = Date.now() - run.lastAsked;
    return JSON.stringify({
      pid: process.pid,
      folder: run.places.flagsDir,
      version: packageVersion(),
      code: run.code,
      idle,
      ...run.watch.counts,
    });
  }
  if (request === 'stop') {
    setImmediate(() => stop(run));
    return 'bye';
  }
  if (request.startsWith('token ')) {
    run.lastAsked = Date.now();
    if (request !== `token ${run.code} ${run.places.flagsDir}`) return 'unknown';
    const token = await run.watch.token();
    return token === null ? 'unknown' : `ok ${token}`;
  }
  return 'unknown';
}

/** Reads one request line from a connection and answers it. */
function serveConnection(run: Running, connection: Socket): void {
  let request = '';
  connection.setEncoding('utf8');
  connection.setTimeout(5000, () => connection.destroy());
  connection.on('error', () => connection.destroy());
  connection.on('data', (chunk: string) => {
    request += chunk;
    const end = request.indexOf('\n');
    if (end < 0) {
      if (request.length > 4096) connection.destroy();
      return;
    }
    connection.removeAllListeners('data');
    void reply(run, request.slice(0, end)).then(
      (line) => connection.end(`${line}\n`),
      () => connection.end('unknown\n'),
    );
  });
}

/** Ends the watcher: closes its socket (removed only if still its own) and its watches. */
function stop(run: Running): void {
  if (run.closed) return;
  run.closed = true;
  run.watch.close();
  run.server.close();
  if (lstatSync(run.socket, { bigint: true, throwIfNoEntry: false })?.ino === run.socketIno) {
    rmSync(run.socket, { force: true });
  }
  rmSync(cookieDir(run.places.gitDir), { recursive: true, force: true });
  run.stopped();
}

/** True when the watcher should end: its repository or socket gone, or idle too long. */
function shouldEnd(run: Running, times: WatchTimes): boolean {
  if (Date.now() - run.lastAsked > times.idleMs) return true;
  if (!existsSync(run.places.gitDir) || !existsSync(run.places.root)) return true;
  const socket = lstatSync(run.socket, { bigint: true, throwIfNoEntry: false });
  return socket?.ino !== run.socketIno;
}

/** Makes the socket's folder; a private one must be this user's alone. */
function socketFolder(gitDir: string, socket: string): Result<void> {
  mkdirSync(dirname(socket), { recursive: true, mode: 0o700 });
  if (trustedSocketDir(gitDir, socket)) return ok(undefined);
  return fail('io', `the folder of the watcher's socket is not yours alone: ${dirname(socket)}`, {
    fix: `chmod 700 ${dirname(socket)}`,
  });
}

/** Listens on the socket, readable and writable by this user only. */
function listen(server: Server, socket: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socket, () => {
      chmodSync(socket, 0o600);
      resolve();
    });
  });
}

/** What a watcher's start made: its socket (listening), its watch and its server. */
interface Started {
  socket: string;
  watch: FolderWatch;
  server: Server;
}

/**
 * Watches the folder and listens on the socket, replacing one left by a watcher that is gone;
 * only while `lock` is still this start's (see takeLock).
 */
async function listenIfNone(
  places: WatchPlaces,
  socket: string,
  lock: HeldLock,
): Promise<Result<Started>> {
  const answer = await askWatcher(places.gitDir, 'status', 1000);
  if (answer !== null) {
    const pid = /"pid":(\d+)/.exec(answer)?.[1];
    const which = pid === undefined ? '' : ` (pid ${pid})`;
    return fail('conflict', `a watcher already runs for this repository${which}`, {
      fix: 'flagstore watch --status',
    });
  }
  stallForTests('LISTEN');
  if (!lock.still()) {
    return fail('conflict', 'another watcher took over the start meanwhile', {
      fix: 'flagstore watch --status',
    });
  }
  rmSync(socket, { force: true });
  const watch = new FolderWatch({ folder: places.flagsDir, cookies: cookieDir(places.gitDir) });
  const server = createServer();
  await listen(server, socket);
  return ok({ socket, watch, server });
}

/**
 * Starts watching and listening, one start at a time (a lock file beside the socket): two
 * watchers started at once would otherwise both find no watcher, and the second would replace
 * the first's socket, leaving it running and unreachable.
 */
async function start(places: WatchPlaces, how: WatchRun): Promise<Result<Started>> {
  const socket = socketPath(places.gitDir);
  const folder = socketFolder(places.gitDir, socket);
  if (!folder.ok) return folder;
  const lock = await takeLock(`${socket}.lock`, { waitMs: START_WAIT_MS, waiting: how.waiting });
  if (!('release' in lock)) return startTaken(socket, lock);
  try {
    return await listenIfNone(places, socket, lock);
  } finally {
    lock.release();
  }
}

/** A start given up after waiting for another: `kill` named only for a pid of this place. */
export function startTaken(socket: string, holder: Holder): Result<never> {
  const where = holder.elsewhere ? ', in another host or PID namespace' : '';
  const stop = holder.elsewhere ? '' : `kill ${holder.pid}, or `;
  return fail(
    'conflict',
    `another watcher has been starting for a while (pid ${holder.pid}${where})`,
    {
      fix: `flagstore watch --status; if none runs: ${stop}rm ${socket}.lock`,
    },
  );
}

/** How long a start waits for another one (which asks a socket for 1 s at most, then listens). */
const START_WAIT_MS = 5000;

/** File systems whose changes made elsewhere raise no inotify event (statfs's magic numbers). */
const REMOTE_FILE_SYSTEMS = new Map([
  [0x6969, 'NFS'],
  [0x517b, 'SMB'],
  [0xff534d42, 'CIFS'],
  [0xfe534d42, 'SMB2'],
  [0x01021997, '9P'],
  [0x65735546, 'FUSE'],
  [0x00c36400, 'Ceph'],
  [0x5346414f, 'AFS'],
]);

/** Why the folder cannot be watched here (not Linux, a remote file system), or null. */
function unwatchable(folder: string): string | null {
  if (process.platform !== 'linux') return `it needs Linux's inotify (this is ${process.platform})`;
  const remote = REMOTE_FILE_SYSTEMS.get(statfsSync(folder).type);
  return remote === undefined ? null : `${remote} raises no event for another machine's changes`;
}

/**
 * Runs a watcher in this process until it is stopped, idle too long, or its repository goes;
 * resolves then. Fails at once when another watcher runs or the flags folder is missing.
 */
export async function serveWatch(places: WatchPlaces, how: WatchRun): Promise<Result<void>> {
  const times = how.times ?? WATCH_TIMES;
  if (lstatSync(places.flagsDir, { throwIfNoEntry: false })?.isDirectory() !== true) {
    return fail('not_found', `no flags folder to watch: ${places.flagsDir}`, {
      fix: 'create a flag first (flagstore create ...)',
    });
  }
  const why = unwatchable(places.flagsDir);
  if (why !== null) {
    return fail('usage', `the flags folder cannot be watched: ${why}`, {
      fix: "leave it off; git's fsmonitor may serve (docs/performance.md)",
    });
  }
  const started = await start(places, how);
  if (!started.ok) return started;
  const { socket, watch, server } = started.value;
  const socketIno = lstatSync(socket, { bigint: true }).ino;
  await new Promise<void>((stopped) => {
    const run: Running = {
      places,
      code: how.code,
      watch,
      server,
      socket,
      socketIno,
      lastAsked: Date.now(),
      closed: false,
      stopped,
    };
    server.on('connection', (connection) => serveConnection(run, connection));
    const timer = setInterval(() => shouldEnd(run, times) && stop(run), times.checkMs);
    server.on('close', () => clearInterval(timer));
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const)
      process.once(signal, () => stop(run));
  });
  return ok(undefined);
}
