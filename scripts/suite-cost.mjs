/**
 * What each test file costs: `node scripts/suite-cost.mjs [vitest arguments]` (after
 * `npm run build`) runs the suite, or the files named, and prints a table ranked by CPU: the
 * worker's own CPU for the file, that of the processes it started, and how many git and node
 * processes it started (a `git` wrapper first on PATH and a NODE_OPTIONS import log them; a
 * test that sets its own NODE_OPTIONS hides its node processes). The wrapper is a shell
 * process per git run: about 4 ms of CPU each, some 50 s over the whole suite (round suite23
 * in CONTRIBUTING.md). A process counts in the file during which its parent reaped it. The
 * last lines give the run's total CPU, user + system (vitest, its workers and every process
 * they reaped), and wall time.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'suite-cost-'));
const procs = join(dir, 'procs.log');

/** A git wrapper and a node preload that log `<test file> git|node <what>` to procs.log. */
function loggers() {
  const git = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
  mkdirSync(join(dir, 'bin'));
  writeFileSync(
    join(dir, 'bin', 'git'),
    `#!/bin/sh\necho "\${SUITE_COST_FILE:-none} git $1" >> '${procs}'\nexec '${git}' "$@"\n`,
  );
  chmodSync(join(dir, 'bin', 'git'), 0o755);
  const log = join(dir, 'node-log.mjs');
  writeFileSync(
    log,
    `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(procs)}, \`\${process.env.SUITE_COST_FILE ?? 'none'} node \${process.argv[1] ?? ''}\\n\`);\n`,
  );
  return log;
}

/** cutime and cstime of this process: the user and system CPU of the processes it reaped, in s. */
function cpu() {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number);
  return { user: f[13] / 100, system: f[14] / 100 };
}

function run(log) {
  const env = {
    ...process.env,
    PATH: `${join(dir, 'bin')}:${process.env.PATH ?? ''}`,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${pathToFileURL(log).href}`.trim(),
    SUITE_COST_DIR: dir,
  };
  const config = join('scripts', 'suite-cost', 'vitest.config.mjs');
  const started = Date.now();
  const before = cpu();
  const vitest = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
  const res = spawnSync(
    process.execPath,
    [vitest, 'run', '--config', config, ...process.argv.slice(2)],
    {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  return {
    status: res.status ?? 1,
    wall: (Date.now() - started) / 1000,
    user: cpu().user - before.user,
    system: cpu().system - before.system,
  };
}

/** The table: file, worker CPU, children CPU, total, git and node processes. */
function table() {
  const counts = new Map();
  for (const line of readFileSync(procs, 'utf8').split('\n').filter(Boolean)) {
    const [file = '', kind = ''] = line.split(' ');
    const c = counts.get(file) ?? { git: 0, node: 0 };
    if (kind === 'git' || kind === 'node') c[kind] += 1;
    counts.set(file, c);
  }
  const rows = readFileSync(join(dir, 'files.log'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [file = '', u, s, cu, cs] = line.split(' ');
      const worker = Number(u) + Number(s);
      const children = Number(cu) + Number(cs);
      return {
        file,
        worker,
        children,
        total: worker + children,
        system: Number(s) + Number(cs),
        ...(counts.get(file) ?? { git: 0, node: 0 }),
      };
    })
    .sort((a, b) => b.total - a.total);
  console.log('| file | CPU s | worker s | children s | git | node |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const r of rows)
    console.log(
      `| ${r.file} | ${r.total.toFixed(1)} | ${r.worker.toFixed(1)} | ${r.children.toFixed(1)} | ${r.git} | ${r.node} |`,
    );
  const sum = (key) => rows.reduce((n, r) => n + r[key], 0);
  console.log(
    `files ${rows.length}: ${sum('total').toFixed(1)} s CPU in the files (${sum('system').toFixed(1)} s system), ${sum('git')} git and ${sum('node')} node processes`,
  );
}

const result = run(loggers());
table();
console.log(
  `run: ${result.wall.toFixed(0)} s wall, ${result.user.toFixed(1)} + ${result.system.toFixed(1)} = ${(result.user + result.system).toFixed(1)} s CPU (user + system); logs in ${dir}`,
);
process.exitCode = result.status;
