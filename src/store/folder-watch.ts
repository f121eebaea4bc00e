/**
 * A folder watched for as long as a process runs (`flagstore watch`): a generation counter that
 * moves on every event in the folder, and a token (`instance:generation`) that proves nothing
 * changed between two moments when both tokens are equal. Each token is taken after a cookie:
 * a file written to a folder watched by the same inotify instance, whose event comes after every
 * event of the flags folder that happened before it (git's fsmonitor daemon does the same).
 *
 * node's `fs.watch` drops inotify's overflow event without a word (libuv finds no watcher for
 * it), so an overflow is told by its size: the queue overflows only when it holds
 * `max_queued_events`, and all of those are delivered in the one turn of the event loop that
 * drains it. A turn delivering half that many or more moves the generation and counts a reset,
 * and the turn's cookies are answered only after that check. A folder replaced (another inode),
 * removed or moved away (its own event: a folder made after it may take its inode), or a
 * watcher's error gives no token and a new watch; so does a cookie not seen in time.
 */
import { lstatSync, mkdirSync, readFileSync, rmSync, watch } from 'node:fs';
import { writeFileSync, type FSWatcher } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, join } from 'node:path';

/** What a folder watch watches, and how it decides. */
export interface FolderWatchOptions {
  /** The folder watched (absolute). */
  folder: string;
  /** A folder of the watch's own for cookies (created and emptied). */
  cookies: string;
  /** Events in one turn that count as a possible overflow (default: half the kernel's queue). */
  overflowAt?: number;
  /** How long a cookie may take to be seen (ms). */
  cookieWaitMs?: number;
}

/** What a watch has seen, for `flagstore watch --status`. */
export interface WatchCounts {
  generation: number;
  events: number;
  resets: number;
}

/** Half the kernel's inotify queue (16,384 events unless set otherwise). */
function defaultOverflowAt(): number {
  try {
    return Math.floor(Number(readFileSync('/proc/sys/fs/inotify/max_queued_events', 'utf8')) / 2);
  } catch {
    return 8192;
  }
}

/** A folder's identity (device and inode), or null when it is not a folder. */
function folderIdentity(folder: string): string | null {
  const stat = lstatSync(folder, { throwIfNoEntry: false });
  return stat?.isDirectory() === true ? `${stat.dev}:${stat.ino}` : null;
}

/** A watched folder's generation counter, with tokens proven by cookies. */
export class FolderWatch {
  readonly counts: WatchCounts = { generation: 0, events: 0, resets: 0 };
  private readonly instance = randomBytes(8).toString('hex');
  private readonly overflowAt: number;
  private readonly cookieWaitMs: number;
  private watchers: FSWatcher[] = [];
  private identity: string | null = null;
  private burst = 0;
  private arrived: string[] = [];
  private readonly waiting = new Map<string, () => void>();
  private cookieSeq = 0;

  /** Watches `options.folder`; throws when it is not a folder. */
  constructor(private readonly options: FolderWatchOptions) {
    this.overflowAt = options.overflowAt ?? defaultOverflowAt();
    this.cookieWaitMs = options.cookieWaitMs ?? 2000;
    rmSync(options.cookies, { recursive: true, force: true });
    this.start();
  }

  /** Starts both watchers and notes the folder's identity, taken on both sides of the watch. */
  private start(): void {
    const before = folderIdentity(this.options.folder);
    if (before === null) throw new Error(`not a folder: ${this.options.folder}`);
    // Made again when gone (rm -rf .git/flagstore, or a second watcher's start and stop).
    mkdirSync(this.options.cookies, { recursive: true });
    // Each watcher is noted as soon as it runs: one left by a later failure is closed with them.
    const { folder, cookies } = this.options;
    this.watchers.push(watch(folder, { persistent: true }, (_, name) => this.changed(name)));
    this.watchers.push(watch(cookies, { persistent: true }, (_, name) => this.arrive(name)));
    for (const watcher of this.watchers) watcher.on('error', () => this.reset());
    this.identity = folderIdentity(this.options.folder) === before ? before : null;
  }

  /**
   * An event in the flags folder. One named after the folder itself is the folder's own (deleted
   * or moved away): the watch is dead from then on, even when a new folder takes the old one's
   * inode (ext4 hands a freed inode to the next folder made), so it counts as a reset.
   */
  private changed(name: string | null): void {
    this.counts.generation++;
    this.counts.events++;
    if (name === null || name === basename(this.options.folder)) this.reset();
    this.count();
  }

  /** An event in the cookie folder: a cookie is answered at the end of the turn. */
  private arrive(name: string | null): void {
    if (name !== null) this.arrived.push(name);
    this.count();
  }

  /** Counts an event of this turn; the first one schedules the turn's end. */
  private count(): void {
    if (this.burst++ === 0) setImmediate(() => this.endTurn());
  }

  /** The turn's end: a possible overflow moves the generation, then the cookies are answered. */
  private endTurn(): void {
    if (this.burst >= this.overflowAt) this.reset();
    this.burst = 0;
    const arrived = this.arrived;
    this.arrived = [];
    for (const name of arrived) this.waiting.get(name)?.();
  }

  /** Anything that may have lost an event: every earlier token stops holding. */
  private reset(): void {
    this.counts.generation++;
    this.counts.resets++;
    this.identity = null;
  }

  /** Watches afresh after a reset or a folder replaced (no watch while the folder is missing). */
  private rewatch(): void {
    this.close();
    try {
      this.start();
    } catch {
      // The folder is not there: the next question tries again.
    }
  }

  /**
   * The token for now: every event before this call has been seen. Null when that cannot be
   * proven (a cookie not seen in time, a folder replaced, a watcher that failed).
   */
  async token(): Promise<string | null> {
    const seen = await this.cookie();
    if (this.identity === null) {
      this.rewatch();
      return null;
    }
    if (!seen || folderIdentity(this.options.folder) !== this.identity) {
      this.reset();
      this.rewatch();
      return null;
    }
    return `${this.instance}:${this.counts.generation}`;
  }

  /** Writes a cookie and waits for its event; false when it is not seen in time. */
  private cookie(): Promise<boolean> {
    const name = `${process.pid}-${++this.cookieSeq}`;
    const path = join(this.options.cookies, name);
    return new Promise<boolean>((resolve) => {
      const done = (seen: boolean) => {
        clearTimeout(timer);
        this.waiting.delete(name);
        rmSync(path, { force: true });
        resolve(seen);
      };
      const timer = setTimeout(() => done(false), this.cookieWaitMs);
      this.waiting.set(name, () => done(true));
      try {
        writeFileSync(path, '');
      } catch {
        done(false);
      }
    });
  }

  /** Stops watching. */
  close(): void {
    for (const watcher of this.watchers) watcher.close();
    this.watchers = [];
  }
}
