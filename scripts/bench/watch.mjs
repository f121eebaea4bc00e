// The CPU-time companion of the scale section's "warm, flagstore watch" rows (scale.mjs): the
// section measures wall time beside `node -e 0`; this measures what it does not, the CPU of each
// warm read and everything it waited for (from /proc/self/stat), with wall medians beside it, of
// runs interleaved across both sizes, without and then with `flagstore watch`, and the 100,000 /
// 10,000 ratios of both. Linux only.
// Usage: node scripts/bench/watch.mjs [runs] [small] [large]   (defaults 15 10000 100000)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { BIN, cleanup, median, progress } from './lib.mjs';
import { ENV, HOT, flagRepo, watcherOn } from './scale.mjs';

const [runs, small, large] = [15, 10_000, 100_000].map((n, i) => Number(process.argv[i + 2] ?? n));

/** CPU time (ms) of this process's waited-for children so far. */
function childrenCpu() {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

/** Runs a command once; its wall and CPU times. */
function timed(args, cwd) {
  const cpu = childrenCpu();
  const start = process.hrtime.bigint();
  const env = { ...process.env, NO_COLOR: '1', ...ENV };
  const res = spawnSync(process.execPath, args, { cwd, env, maxBuffer: 1 << 29 });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (res.status !== 0) throw new Error(`${args.join(' ')} failed: ${res.stderr}`);
  return { wall, cpu: childrenCpu() - cpu };
}

/** Medians of each row's runs, the order reversed every other round. */
function interleaved(rows) {
  const names = Object.keys(rows);
  const times = Object.fromEntries(names.map((name) => [name, []]));
  for (let i = 0; i < runs; i++) {
    for (const name of i % 2 ? [...names].reverse() : names) times[name].push(rows[name]());
  }
  const of = (name, what) => median(times[name].map((t) => t[what]));
  return Object.fromEntries(names.map((n) => [n, { wall: of(n, 'wall'), cpu: of(n, 'cpu') }]));
}

/** The warm rows of both repositories, each run once first (to keep its answer). */
function measure(repos) {
  const rows = { node: () => timed(['-e', '0'], repos[0]) };
  for (const repo of repos) {
    for (const [name, args] of HOT) {
      timed([BIN, ...args], repo);
      rows[`${name} ${repo === repos[0] ? small : large}`] = () => timed([BIN, ...args], repo);
    }
  }
  return interleaved(rows);
}

/** Prints a table of the figures, with the ratios of the large size to the small one. */
function report(title, figures) {
  console.log(`\n${title} (load ${loadavg()[0].toFixed(1)})`);
  for (const [name, { wall, cpu }] of Object.entries(figures)) {
    console.log(`${name.padEnd(24)} wall ${wall.toFixed(1)} ms  cpu ${cpu} ms`);
  }
  for (const [name] of HOT) {
    const [a, b] = [figures[`${name} ${small}`], figures[`${name} ${large}`]];
    console.log(
      `${name}: ${(b.cpu / a.cpu).toFixed(2)}x cpu, ${(b.wall / a.wall).toFixed(2)}x wall`,
    );
  }
}

const repos = [flagRepo(small, progress), flagRepo(large, progress)];
report('without a watcher', measure(repos));
const stops = repos.map(watcherOn);
try {
  report('with `flagstore watch`', measure(repos));
} finally {
  for (const stop of stops) stop();
  cleanup({ all: true });
}
