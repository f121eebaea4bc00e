// The board (issue 16): how fast `flagstore board` serves 10,000 flags, to the API and to a real
// headless Chromium (the system's package), and how long `report --html` takes for them.
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { generateFlags } from './flags.bench.mjs';
import { BIN, makeRepo, median, runCli } from './lib.mjs';

const { fetch } = globalThis;
const COUNT = 10_000;
const RUNS = 5;
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

function startBoard(repo) {
  const child = spawn(process.execPath, [BIN, 'board'], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (match) resolve({ url: match[0], child });
    });
    child.once('exit', (code) => reject(new Error(`board exited ${code}: ${out}`)));
  });
}

function stop(child) {
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGINT');
  });
}

async function timed(fn) {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function row(name, times, target = '') {
  return {
    name,
    median: median(times),
    min: Math.min(...times),
    max: Math.max(...times),
    runs: times.length,
    target,
  };
}

/** Start to first data: a new server process, its first /api/board (parse cache warm or cold). */
async function firstData(repo, cold) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    if (cold) rmSync(join(repo, '.git', 'flagstore', 'cache'), { recursive: true, force: true });
    const start = process.hrtime.bigint();
    const { url, child } = await startBoard(repo);
    const body = await (await fetch(`${url}api/board`)).text();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (!body.includes('"rows"')) throw new Error('no board data');
    await stop(child);
  }
  return times;
}

async function browserRows(url) {
  if (CHROMIUM === undefined)
    return [{ name: 'page load in Chromium', value: 'skipped: no Chromium' }];
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const load = async (hash) => {
    await page.goto('about:blank');
    return timed(async () => {
      await page.goto(`${url}${hash}`);
      await page.waitForSelector('body[data-ready="true"]');
    });
  };
  const times = { flags: [], agents: [], rows: 0 };
  for (let i = 0; i < RUNS; i++) times.flags.push(await load(''));
  times.rows = await page.locator('tr').count();
  for (let i = 0; i < RUNS; i++) times.agents.push(await load('#/agents'));
  await browser.close();
  return [
    row(
      `page load in Chromium, flags view, ${COUNT} flags (to rendered; ${times.rows} table rows in the DOM)`,
      times.flags,
      '< 1 s',
    ),
    row(`page load in Chromium, agents graph, ${COUNT} flags`, times.agents, '< 1 s'),
  ];
}

/** The bench section. */
export default async function boardBench({ progress }) {
  progress(`generating ${COUNT} flags`);
  const repo = makeRepo();
  generateFlags(repo, COUNT);
  runCli(repo, ['list', '--json']);
  progress('board: first data, cold and warm parse cache');
  const cold = await firstData(repo, true);
  const warm = await firstData(repo, false);
  progress('board: page loads in Chromium');
  const { url, child } = await startBoard(repo);
  await fetch(`${url}api/board`);
  const api = [];
  for (let i = 0; i < RUNS; i++)
    api.push(await timed(() => fetch(`${url}api/board`).then((r) => r.text())));
  const browser = await browserRows(url);
  await stop(child);
  progress('report --html');
  const report = [];
  for (let i = 0; i < 3; i++)
    report.push(
      runCli(repo, ['report', '--html', '-o', join(repo, 'report.html'), '--history', '0']),
    );
  return {
    title: 'Board (issue 16)',
    note: `${COUNT} generated flags (80% pending) in a fresh repository. "First data" starts a new \`flagstore board\` process and ends when its first /api/board answer (every row, the graph, invalid files) is read; cold deletes the parse cache first. Page loads are a real headless Chromium with the server warm, from navigation to the rendered view.`,
    rows: [
      row(`board start to first data, ${COUNT} flags, cold parse cache`, cold, '< 1 s'),
      row(`board start to first data, ${COUNT} flags, warm parse cache`, warm, '< 1 s'),
      row(`/api/board on a running board, ${COUNT} flags`, api),
      ...browser,
      row(`report --html, ${COUNT} flags (no history)`, report),
    ],
  };
}
