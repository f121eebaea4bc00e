/**
 * `flagstore watch`: starts a watcher of the flags folder that outlives the command
 * (src/services/watch-daemon.ts), so a warm read asks it whether anything changed instead of
 * running `git diff-files` (src/cli/answer-watch.ts); `--status` and `--stop` ask it. Nothing
 * starts a watcher but this command.
 */
import { spawn } from 'node:child_process';
import { lstatSync } from 'node:fs';
import type { Command } from 'commander';
import { fail, unwrap } from '../../core/errors.js';
import { pause } from '../../core/pause.js';
import { serveWatch, type WatchPlaces } from '../../services/watch-daemon.js';
import { FLAGSTORE_BIN } from '../../store/package.js';
import { askWatcher, socketPath } from '../../store/watch-socket.js';
import { installedCodeStamp } from '../code-stamp.js';
import { action, workspace, type Ctx } from '../context.js';
import { printNative, say, warn } from '../output.js';

/** The options of `watch`. */
interface WatchOptions {
  stop?: boolean;
  status?: boolean;
  foreground?: boolean;
}

/** A status line as a watcher of this flagstore's writes it (a JSON object with a pid), or null. */
function parsedStatus(line: string): Record<string, unknown> | null {
  try {
    const found = JSON.parse(line) as unknown;
    const pid = (found as { pid?: unknown } | null)?.pid;
    return typeof pid === 'number' ? (found as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The watcher's status, or null when none answers; fails when what answers is not a watcher of
 * this flagstore's (another version's, say): its line is not printed.
 */
async function status(gitDir: string): Promise<Record<string, unknown> | null> {
  const line = await askWatcher(gitDir, 'status', 2000);
  if (line === null) return null;
  const found = parsedStatus(line);
  if (found !== null) return found;
  const socket = socketPath(gitDir);
  return unwrap(
    fail(
      'conflict',
      `what answers on the watcher's socket is not a watcher of this flagstore: ${socket}`,
      {
        fix: `rm ${socket} (a watcher whose socket is gone ends within a minute)`,
      },
    ),
  );
}

/** Starts a watcher in a process of its own and waits (5 s at most) until it answers. */
async function startDetached(places: WatchPlaces): Promise<Record<string, unknown>> {
  const child = spawn(process.execPath, [FLAGSTORE_BIN, 'watch', '--foreground'], {
    cwd: places.root,
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
  for (let waited = 0; waited < 5000; waited += 50) {
    const found = await status(places.gitDir);
    if (found !== null) return found;
    if (child.exitCode !== null) break;
    await pause(50);
  }
  return unwrap(
    fail('io', 'the watcher did not start', { fix: 'flagstore watch --foreground, to see why' }),
  );
}

/** What to say when no watcher answers: none runs, or one left its socket and does not answer. */
function noneAnswers(gitDir: string): string {
  const socket = lstatSync(socketPath(gitDir), { throwIfNoEntry: false });
  if (socket?.isSocket() !== true) return 'no watcher runs for this repository';
  return 'no watcher answers for this repository (one that is stopped or stalled left its socket; `flagstore watch` starts a new one)';
}

/** What a watcher runs, and a note when it is not this flagstore's code (rebuilt since, say). */
function codeLine(found: Record<string, unknown>, same: boolean): string {
  const runs = `pid ${String(found.pid)}, flagstore ${String(found.version ?? 'unknown')}`;
  if (same) return runs;
  return `${runs}; it runs other code than this flagstore, so it vouches for no read: flagstore watch --stop, then flagstore watch`;
}

/** What `--stop` says it did (no note about the code of a watcher it stopped). */
const STOPPED = 'stopped watching';

/** Prints a watcher's status (or that none answers), with its version. */
function sayStatus(ctx: Ctx, gitDir: string, found: Record<string, unknown> | null, verb: string) {
  const same = found !== null && found.code === installedCodeStamp();
  if (ctx.json) printNative({ running: found !== null, ...found, same_code: same });
  else if (found === null) say(noneAnswers(gitDir));
  else say(`${verb} ${String(found.folder)} (${codeLine(found, same || verb === STOPPED)})`);
}

/** The code stamp a watcher started here vouches with (the installed answer cache's). */
function watcherCode(): string {
  const code = installedCodeStamp();
  if (code !== null) return code;
  return unwrap(
    fail('io', 'the watcher needs the answer cache built beside it (dist/bundle/answer.cjs)', {
      fix: 'npm run build, in the flagstore checkout',
    }),
  );
}

/** Runs `watch` with its options. */
async function watchCommand(ctx: Ctx, o: WatchOptions): Promise<void> {
  const ws = await workspace(ctx);
  const places = { root: ws.root, gitDir: ws.gitDir, flagsDir: ws.flagsDir };
  if (o.foreground === true) {
    const waiting = (pid: number) => warn(`waiting for the watcher starting in pid ${pid}`);
    unwrap(await serveWatch(places, { code: watcherCode(), waiting }));
    return;
  }
  const found = await status(places.gitDir);
  if (o.status === true) return sayStatus(ctx, places.gitDir, found, 'watching');
  if (o.stop === true) {
    if (found !== null) await askWatcher(places.gitDir, 'stop', 2000);
    return sayStatus(ctx, places.gitDir, found, STOPPED);
  }
  if (found !== null) return sayStatus(ctx, places.gitDir, found, 'already watching');
  sayStatus(ctx, places.gitDir, await startDetached(places), 'watching');
}

/** Registers `watch`. */
export function registerWatch(program: Command): void {
  program
    .command('watch')
    .description(
      'start a watcher of the flags folder (a process that outlives the command), so warm reads of a large repository skip `git diff-files`',
    )
    .option('--status', 'say whether a watcher runs for this repository')
    .option('--stop', 'stop the watcher of this repository')
    .option('--foreground', 'run the watcher in this process (until stopped)')
    .action(action('native', watchCommand));
}
