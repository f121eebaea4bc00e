// Measurements of the scale section (scale.bench.mjs) at one repository size: the agent's reads
// (warm and cold; warm also with git's fsmonitor and with `flagstore watch`), writes, the
// pre-commit hook's overhead and peak memory.
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CREATE_ARGS, generateFlags } from './flags.bench.mjs';
import { fsmonitorOn, fsmonitorReady } from './fsmonitor.mjs';
import {
  git,
  interleaved,
  keptDir,
  makeRepo,
  measure,
  median,
  once,
  peakRss,
  runCli,
  timedCommits,
} from './lib.mjs';

export const AGENT = '@backend.api';
/** The reads an agent runs at the start of every session (the hot path). */
export const HOT = [
  ['get-agent-flags', ['get-agent-flags', AGENT]],
  ['list --for', ['list', '--for', AGENT, '--json']],
  ['brief', ['brief', '--agent', AGENT]],
];
export const ENV = { FLAGSTORE_AGENT: '@bench.committer' };

/** Times one `node -e 0` in the bench's environment. */
export function nodeRun() {
  const env = { ...process.env, NO_COLOR: '1', ...ENV };
  const start = process.hrtime.bigint();
  spawnSync(process.execPath, ['-e', '0'], { env });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * measure() with a `node -e 0` run just before every measured run: `node` is the median of
 * those, so a row's ratio compares runs made side by side and a machine that slows down or
 * speeds up during the bench moves both alike.
 */
function paired({ runs, before = () => {}, fn }) {
  const node = [];
  const row = measure({ runs, before: (i) => (before(i), node.push(nodeRun())), fn });
  return { ...row, node: median(node) };
}

/**
 * git's next command, as any user runs one (`git status`), a second after the commit: the commit
 * wrote the index in the second its files were written, so git holds every entry as "racily
 * clean" and each `git diff-files` compares every flag file's content until git writes the index
 * again (at 2,000 flags a warm hit took 80 ms instead of 68; docs/performance.md). flagstore
 * itself never writes the index.
 */
function settleIndex(repo) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1100);
  git(repo, 'status', '--porcelain');
}

/** A repository with `count` generated flags, committed; made once per bench run. */
export function flagRepo(count, progress) {
  return once(`flag-repo-${count}`, () => {
    progress(`scale: generating ${count} flags`);
    const repo = makeRepo(keptDir());
    generateFlags(repo, count);
    progress(`scale: committing ${count} flags`);
    git(repo, 'add', '-A');
    // Packed before anything is measured: left to itself, the commit starts a detached
    // `git gc --auto` (thousands of loose objects) that ran for over a minute at 100,000 flags,
    // beside the first rows measured, and raced the removal of the repository at the end.
    git(
      repo,
      '-c',
      'gc.auto=0',
      '-c',
      'maintenance.auto=false',
      'commit',
      '-q',
      '--no-verify',
      '-m',
      `${count} flags`,
    );
    progress(`scale: packing ${count} flags (git gc)`);
    git(repo, 'gc', '-q');
    settleIndex(repo);
    return { value: repo, dirs: [repo] };
  });
}

/** Pending flags targeted at AGENT, in creation order (generated: every fifth from the fifth). */
function pendingIds(repo, count) {
  const ids = readdirSync(join(repo, 'flags'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => name.slice(0, 26));
  return ids.filter((_, i) => i % 5 === 4).slice(0, count);
}

function hotRows(repo, count, runs) {
  const caches = join(repo, '.git', 'flagstore');
  const cold = () => rmSync(caches, { recursive: true, force: true });
  const rows = [];
  for (const [name, args] of HOT) {
    runCli(repo, args, ENV);
    rows.push({ key: `${name}, warm`, ...paired({ runs, fn: () => runCli(repo, args, ENV) }) });
    const coldRuns = count >= 100_000 ? Math.min(runs, 3) : runs;
    rows.push({
      key: `${name}, cold`,
      ...paired({ runs: coldRuns, before: cold, fn: () => runCli(repo, args, ENV) }),
    });
  }
  return rows;
}

/** The warm hot path with git's fsmonitor on (fsmonitor.mjs); none where watchman is missing. */
function fsmonitorRows(repo, runs, progress) {
  if (!fsmonitorReady()) {
    progress('scale: fsmonitor rows skipped, no watchman (apt-get install -y watchman)');
    return [];
  }
  const { env, off } = fsmonitorOn(repo);
  try {
    return HOT.map(([name, args]) => {
      const run = () => runCli(repo, args, { ...ENV, ...env });
      run();
      return { key: `${name}, warm, fsmonitor`, ...paired({ runs, fn: run }) };
    });
  } finally {
    off();
  }
}

/**
 * Starts `flagstore watch` on `repo` (it returns once the watcher answers) and returns a function
 * that stops it.
 */
export function watcherOn(repo) {
  runCli(repo, ['watch'], ENV);
  return () => runCli(repo, ['watch', '--stop'], ENV);
}

/**
 * The warm hot path with flagstore's own watcher running (docs/performance.md, "Huge
 * repositories"): each read runs once untimed first, which keeps its answer again with the
 * watcher's token, so the measured hits are vouched for and skip `git diff-files`.
 */
function watcherRows(repo, runs) {
  const off = watcherOn(repo);
  try {
    return HOT.map(([name, args]) => {
      const run = () => runCli(repo, args, ENV);
      run();
      return { key: `${name}, warm, flagstore watch`, ...paired({ runs, fn: run }) };
    });
  } finally {
    off();
  }
}

/**
 * The writes at one size, measured as the Backlog.md rows are (round perf37): `node -e 0`,
 * `create`, `lock` and `complete` run interleaved round by round (lib.mjs interleaved: the
 * order reversed every other round), 2 x runs + 1 rounds, after the disk is flushed and each
 * command has run once untimed (the first write after a build keeps the write entry's code
 * cache, as the first read does its own). Each `lock` and `complete` takes a pending flag of its
 * own. A row carries its rounds' times and `ratios`, each round's time over the `node -e 0` run
 * of that round (scale.bench.mjs gives their median as the row's "x node").
 */
function writeRows(repo, runs) {
  const rounds = 2 * runs + 1;
  const ids = pendingIds(repo, 2 * (rounds + 1));
  const by = ['--by', AGENT];
  let next = 0;
  const fns = {
    node: nodeRun,
    create: () => runCli(repo, CREATE_ARGS, ENV),
    lock: () => runCli(repo, ['lock', ids[next++], ...by], ENV),
    complete: () => runCli(repo, ['complete', ids[next++], '--notes', 'Done.', ...by], ENV),
  };
  for (const fn of Object.values(fns)) fn();
  spawnSync('sync');
  const m = interleaved({ runs: rounds, fns });
  return ['create', 'lock', 'complete'].map((key) => ({
    key,
    ...m[key],
    node: m.node.median,
    ratios: m[key].times.map((t, i) => t / m.node.times[i]),
  }));
}

/** Times `git commit` of one staged file in the bench's environment. */
function commits(repo, runs, extra) {
  return timedCommits({ repo, env: { ...process.env, NO_COLOR: '1', ...ENV }, extra, runs });
}

/** Hook overhead: median commit with the installed hook minus the median with --no-verify. */
function hookRow(repo, runs) {
  writeFileSync(join(repo, 'work.ts'), `export const x = ${Date.now()};\n`);
  git(repo, 'add', 'work.ts');
  const withHook = commits(repo, runs, []);
  const without = commits(repo, runs, ['--no-verify']);
  git(repo, 'reset', '-q', 'work.ts');
  return { key: 'hook overhead', median: withHook.median - without.median, withHook, without };
}

function memoryRows(repo) {
  const caches = join(repo, '.git', 'flagstore');
  const [, gaf] = HOT[0];
  const rss = (args) => peakRss(repo, args, ENV);
  // Warm: the same run once before, so the caches (the answer cache too) hold its answer.
  const warm = (args) => (rss(args), rss(args));
  const gafWarm = warm(gaf);
  rmSync(caches, { recursive: true, force: true });
  const cold = rss(gaf);
  // The first read after a cold one: the parse cache it left, no answer (as after a write, which
  // changes the answer's key): the read loads the parse cache's index and shard.
  const next = (args) => (
    rmSync(join(caches, 'answers'), { recursive: true, force: true }),
    rss(args)
  );
  const afterCold = HOT.map(([name, args]) => ({
    key: `peak memory, ${name} after a cold read`,
    mb: next(args),
  }));
  return [
    { key: 'peak memory, get-agent-flags warm', mb: gafWarm },
    { key: 'peak memory, get-agent-flags cold', mb: cold },
    ...afterCold,
    { key: 'peak memory, list --for warm', mb: warm(HOT[1][1]) },
    { key: 'peak memory, brief warm', mb: warm(HOT[2][1]) },
  ];
}

/** Every measurement at one size, keyed for the table and the curves. */
export function sizeFigures(count, { progress, runs }) {
  const repo = flagRepo(count, progress);
  progress(`scale: hot path over ${count} flags`);
  const hot = hotRows(repo, count, runs);
  const fsmonitor = fsmonitorRows(repo, runs, progress);
  progress(`scale: hot path over ${count} flags with flagstore watch`);
  const watcher = watcherRows(repo, runs);
  progress(`scale: hook and memory over ${count} flags`);
  const hook = hookRow(repo, runs);
  const memory = memoryRows(repo);
  progress(`scale: writes with ${count} flags present`);
  const writes = writeRows(repo, runs);
  return { count, hot, fsmonitor, watcher, writes, hook, memory };
}
