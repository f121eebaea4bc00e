// Scale and the hot path (issue 17): every figure at 1,000, 10,000 and 100,000 flags (1,000 and
// 10,000 with --quick), each beside `node -e 0` measured just before it in the same run: the
// agent's reads (warm and cold), writes, the pre-commit hook's overhead and peak memory; then
// Backlog.md over 2,000 items beside flagstore over 2,000 flags. The curves go to
// docs/perf-scale.svg and docs/perf-memory.svg.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { backlogPeer, NOT_MEASURED } from './backlog.mjs';
import { interleaved, machine, measure, median, quantile, ROOT, runCli } from './lib.mjs';
import { lineChart } from './plot.mjs';
import { AGENT, ENV, flagRepo, nodeRun, sizeFigures } from './scale.mjs';

const TARGETS = {
  'get-agent-flags, warm': '<= 1.5x node',
  'list --for, warm': '<= 1.5x node',
  'brief, warm': '<= 1.5x node',
  'get-agent-flags, cold': '< 1 s',
  'list --for, cold': '< 1 s',
  'brief, cold': '< 1 s',
  create: '<= 1.6x node',
  lock: '<= 1.6x node',
  complete: '<= 1.6x node',
  'hook overhead': '<= 1.5x node',
};

const nf = (n) => n.toLocaleString('en-US');
const ms = (v) => `${v.toFixed(v < 10 ? 1 : 0)} ms`;

function nodeBaseline(runs) {
  return measure({ runs, fn: nodeRun });
}

/**
 * A write row (scale.mjs writeRows, rounds interleaved with `node -e 0`): "x node" is the median
 * of the rounds' own ratios; the name gives the ratio of the medians and the ratios' quartiles.
 */
function writeRow(r, count) {
  const spread = `${quantile(r.ratios, 0.25).toFixed(2)}x to ${quantile(r.ratios, 0.75).toFixed(2)}x`;
  const beside = `node -e 0 beside: ${ms(r.node)}; ratio of medians ${(r.median / r.node).toFixed(2)}x; rounds' quartiles ${spread}`;
  const name = `${r.key}, ${nf(count)} flags present (${beside})`;
  return { name, median: r.median, runs: r.runs, min: r.min, max: r.max, ratio: median(r.ratios) };
}

function sizeRows(f, node) {
  const target = (key) => (f.count === 10_000 ? (TARGETS[key] ?? '') : '');
  const ratio = (median) => median / node.median;
  const rows = [{ name: `node -e 0 (before the ${nf(f.count)}-flag rows)`, ...node, ratio: 1 }];
  for (const r of [...f.hot, ...f.fsmonitor, ...f.watcher]) {
    // Against the node runs made beside this row's runs (scale.mjs, paired).
    const name = `${r.key}, ${nf(f.count)} flags (node -e 0 beside: ${ms(r.node)})`;
    rows.push({ name, ...r, ratio: r.median / r.node, target: target(r.key) });
  }
  for (const r of f.writes) rows.push({ ...writeRow(r, f.count), target: target(r.key) });
  rows.push({
    name: `hook overhead (git commit minus --no-verify), ${nf(f.count)} flags`,
    value: ms(f.hook.median),
    ratio: ratio(f.hook.median),
    target: target('hook overhead'),
  });
  for (const m of f.memory) {
    const limit = f.count === 100_000 ? '< 150 MB' : '';
    rows.push({
      name: `${m.key}, ${nf(f.count)} flags`,
      value: `${m.mb.toFixed(0)} MB`,
      target: limit,
    });
  }
  return rows;
}

/**
 * At 100,000 flags the warm hot path stays under 2x its 10,000-flag figure; also with git's
 * fsmonitor, where watchman is installed (scale.mjs measures those rows at every size or none),
 * and with `flagstore watch` running.
 */
function growthRows(figures) {
  const at = (count) => figures.find((f) => f.count === count);
  const [small, large] = [at(10_000), at(100_000)];
  if (!small || !large) return [];
  const warm = (f) => [...f.hot, ...f.fsmonitor, ...f.watcher];
  return warm(small)
    .filter((r) => r.key.includes('warm'))
    .map((r) => {
      const big = warm(large).find((b) => b.key === r.key);
      const beside = big.median / big.node / (r.median / r.node);
      return {
        name: `${r.key}: 100,000 flags / 10,000 flags`,
        value: `${(big.median / r.median).toFixed(2)}x (${beside.toFixed(2)}x of the node runs beside each)`,
        target: '< 2x',
      };
    });
}

/**
 * flagstore's list over 2,000 flags beside Backlog.md's over 2,000 tasks: both projects made and
 * flushed to disk first, each command run once untimed, then the commands interleaved round by
 * round with `node -e 0`, so load that comes and goes during the comparison meets both sides.
 */
async function backlogComparison({ progress, runs }) {
  const repo = flagRepo(2_000, progress);
  const peer = backlogPeer(progress);
  spawnSync('sync');
  const fns = {
    node: nodeRun,
    list: () => runCli(repo, ['list'], ENV),
    forAgent: () => runCli(repo, ['list', '--for', AGENT], ENV),
    ...(peer ? { theirs: peer.list } : {}),
  };
  for (const fn of Object.values(fns)) fn();
  progress(`scale: flagstore and Backlog.md over 2,000 items, ${runs} interleaved rounds`);
  const m = interleaved({ runs, fns });
  const x = (row) => row.median / m.node.median;
  const rows = [
    { name: 'node -e 0 (beside the rows below)', ...m.node, ratio: 1 },
    { name: 'flagstore list (every pending flag), 2,000 flags', ...m.list, ratio: x(m.list) },
    { name: `flagstore list --for ${AGENT}, 2,000 flags`, ...m.forAgent, ratio: x(m.forAgent) },
  ];
  if (!peer) return [...rows, NOT_MEASURED];
  rows.push(
    { name: 'Backlog.md: task list --plain, 2,000 tasks', ...m.theirs },
    peer.createRow(runs),
  );
  const each = m.theirs.times.map((t, i) => t / m.list.times[i]);
  const spread = `${quantile(each, 0.25).toFixed(1)}x to ${quantile(each, 0.75).toFixed(1)}x`;
  rows.push({
    name: 'Backlog.md task list --plain / flagstore list, 2,000 items each',
    value: `${(m.theirs.median / m.list.median).toFixed(1)}x (round by round: median ${median(each).toFixed(1)}x, quartiles ${spread})`,
    target: '>= 10x',
  });
  return rows;
}

function plot(figures, node, quick) {
  const plotted = (f) => [...f.hot, ...f.watcher, ...f.writes];
  const series = plotted(figures[0]).map(({ key }) => ({
    // Shortened so that the legend fits the chart.
    name: key.replace(', flagstore watch', ', watcher'),
    points: figures.map((f) => [f.count, plotted(f).find((r) => r.key === key).median]),
  }));
  series.push({ name: 'hook overhead', points: figures.map((f) => [f.count, f.hook.median]) });
  const svg = lineChart({
    title: `flagstore at scale: median ms per command${quick ? ' (--quick run)' : ''}`,
    series,
    reference: { name: `node -e 0 (${node.median.toFixed(0)} ms)`, y: node.median },
    xTitle: `flags in the repository — ${machine()}`,
    yTitle: 'milliseconds (log scale)',
  });
  writeFileSync(join(ROOT, 'docs', 'perf-scale.svg'), svg);
  const memory = lineChart({
    title: `flagstore at scale: peak memory (MB)${quick ? ' (--quick run)' : ''}`,
    series: figures[0].memory.map((m, i) => ({
      name: m.key.replace('peak memory, ', ''),
      points: figures.map((f) => [f.count, f.memory[i].mb]),
    })),
    reference: { name: 'target at 100,000 flags: 150 MB', y: 150 },
    xTitle: `flags in the repository — ${machine()}`,
    yTitle: 'MB, maximum resident set size (log scale)',
  });
  writeFileSync(join(ROOT, 'docs', 'perf-memory.svg'), memory);
}

/** The bench section. */
export default async function scaleBench({ progress, quick = false }) {
  const runs = quick ? 5 : 9;
  // FLAGSTORE_BENCH_COUNTS=200,500 tries the section out on small repositories.
  const asked = process.env.FLAGSTORE_BENCH_COUNTS?.split(',').map(Number);
  const counts = asked ?? (quick ? [1_000, 10_000] : [1_000, 10_000, 100_000]);
  const rows = [];
  const figures = [];
  let node;
  for (const count of counts) {
    // The repository first, its writes flushed to disk, then the baseline: measured right after
    // committing thousands of files, node -e 0 ran up to a third slower and its spread doubled.
    flagRepo(count, progress);
    spawnSync('sync');
    node = nodeBaseline(2 * runs);
    const f = sizeFigures(count, { progress, runs });
    figures.push(f);
    rows.push(...sizeRows(f, node));
  }
  rows.push(...growthRows(figures));
  rows.push(...(await backlogComparison({ progress, runs: 2 * runs + 1 })));
  plot(figures, node, quick);
  return {
    title: 'Scale and the hot path (issue 17)',
    note: `${machine()}. Each row starts a new node process, as an agent or a hook does; "x node" divides a row's median by the median of the \`node -e 0\` runs made one before each of its runs, in the same environment, so drift of the machine during the bench moves both alike; the hook overhead divides by the \`node -e 0\` row measured before that size's rows (after its repository was made and flushed to disk, with twice as many runs). Each repository is committed and packed (\`git gc\`, so that the commit starts no detached \`gc --auto\` beside the rows), then \`git status\` runs once a second later, as a user's next git command would: without it every entry of the index the commit wrote is "racily clean" and every read compares each flag file's content. The 100,000 / 10,000 rows give the ratio of medians, and in brackets the ratio of the two rows' "x node" figures. Warm = caches present; cold = \`.git/flagstore\` deleted before each run (at 100,000 flags, 3 cold runs). Warm, fsmonitor = the same warm reads with git's \`core.fsmonitor\` set to git's sample watchman hook, its query restricted to files (docs/performance.md), and Debian's watchman (through GIT_CONFIG_* for those runs only; no rows where watchman is not installed). Warm, flagstore watch = the same warm reads with flagstore's own watcher running (\`flagstore watch\`, started on that size's repository before these rows and stopped after them; docs/performance.md, "Huge repositories"): each read runs once untimed first, which keeps its answer again with the watcher's token, so every measured hit asks the watcher instead of running \`git diff-files\`. Writes (since round perf37, interleaved as the Backlog.md rows are): after the disk is flushed and each command has run once untimed, \`node -e 0\`, \`create\`, \`lock\` and \`complete\` (each \`lock\` and \`complete\` of a pending flag of its own) run interleaved round by round (${2 * runs + 1} rounds, the order reversed every other round); a write row's \`x node\` is the median of its rounds' own ratios (each round's time over that round's \`node -e 0\`), and its name gives the ratio of the medians and the ratios' quartiles. What each write does is unchanged; before, each ran ${runs} times in a row of its own, each run after one \`node -e 0\`, and \`x node\` divided the medians. Hook overhead = median \`git commit\` with the installed hook minus the median with \`--no-verify\`. Peak memory = the measured process's own peak resident set size (VmHWM of /proc/<pid>/status; getrusage's maxRSS is inherited across execve from the bench that spawns it). Peak memory "after a cold read" = the first run of each read with the parse cache a cold \`get-agent-flags\` left and \`.git/flagstore/answers\` deleted before it (as after a write, which changes every answer's key). Backlog.md: its project and flagstore's 2,000-flag repository are made and flushed to disk first, each command runs once untimed, then \`node -e 0\`, \`list\`, \`list --for\` and Backlog.md's \`task list --plain\` run interleaved round by round (${2 * runs + 1} rounds, the order reversed every other round); the ratio row gives the ratio of the medians and, in brackets, the median and quartiles of the rounds' own ratios. Curves: docs/perf-scale.svg and docs/perf-memory.svg. Sizes in this run: ${counts.map(nf).join(', ')} flags, ${runs} runs each${quick ? ' (--quick)' : ''}.`,
    rows,
  };
}
