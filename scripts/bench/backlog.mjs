// Backlog.md (a markdown task manager) measured beside flagstore for scale, in the same run.
// It is installed from the npm registry into a temp folder; when that fails, the rows say so.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, keptDir, measure, once, tempDir } from './lib.mjs';

/** Installs backlog.md once per bench run; null when npm cannot. Measured runs need no network. */
function install(progress) {
  return once('backlog.md', () => {
    const dir = keptDir('flagstore-backlog-');
    progress('installing backlog.md from npm (for comparison)');
    const res = spawnSync(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefix', dir, 'backlog.md'],
      { encoding: 'utf8' },
    );
    const bin = res.status === 0 ? join(dir, 'node_modules', '.bin', 'backlog') : null;
    return { value: bin, dirs: [dir] };
  });
}

function run(bin, cwd, args) {
  const res = spawnSync(bin, args, {
    cwd,
    encoding: 'utf8',
    input: '',
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (res.status !== 0) throw new Error(`backlog ${args.join(' ')} failed: ${res.stderr}`);
}

function project(bin, count) {
  const dir = tempDir('flagstore-backlog-proj-');
  git(dir, 'init', '-q');
  run(bin, dir, [
    'init',
    'bench',
    '--defaults',
    '--integration-mode',
    'none',
    '--check-branches',
    'false',
    '--include-remote',
    'false',
    '--auto-open-browser',
    'false',
  ]);
  const tasks = join(dir, 'backlog', 'tasks');
  mkdirSync(tasks, { recursive: true });
  for (let i = 1; i <= count; i++) {
    const body = `---\nid: TASK-${i}\ntitle: Synthetic task ${i}\nstatus: To Do\nassignee: []\ncreated_date: '2026-01-01 00:00'\nlabels: []\ndependencies: []\n---\n\n## Description\n\nUpdate the handler for /v1/items/${i} to read the new field, then extend the tests.\n`;
    writeFileSync(join(tasks, `task-${i} - Synthetic-task-${i}.md`), body);
  }
  return dir;
}

/**
 * Backlog.md installed and a project of 2,000 tasks made, or null when npm cannot install it.
 * `list()` runs (and times) `task list --plain` once; `createRows(runs)` times `task create`.
 */
export function backlogPeer(progress) {
  const bin = install(progress);
  if (bin === null) return null;
  const dir = project(bin, 2_000);
  const list = () => {
    const start = process.hrtime.bigint();
    run(bin, dir, ['task', 'list', '--plain']);
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  let n = 0;
  const createRow = (runs) => ({
    name: 'Backlog.md: task create, 2,000 tasks present',
    ...measure({
      runs,
      fn: () => run(bin, dir, ['task', 'create', `Bench task ${n++}`, '--plain']),
    }),
  });
  return { list, createRow };
}

/** The row saying Backlog.md was not measured. */
export const NOT_MEASURED = {
  name: 'Backlog.md',
  value: 'not measured: npm install backlog.md failed',
};

/** Rows for Backlog.md (the flag store section): list over 2,000 tasks and one create. */
export async function backlogRows({ progress, runs }) {
  const peer = backlogPeer(progress);
  if (peer === null) return [NOT_MEASURED];
  const list = measure({ runs, fn: peer.list });
  return [{ name: 'Backlog.md: task list --plain, 2,000 tasks', ...list }, peer.createRow(runs)];
}
