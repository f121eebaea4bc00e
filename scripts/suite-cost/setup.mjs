/**
 * Setup file of scripts/suite-cost.mjs, first in `setupFiles`: the CPU of each test file, read
 * from /proc/self/stat in the worker at its start and end (utime + stime: the worker's own work;
 * cutime + cstime: every process the file started and reaped), and the file's name in
 * SUITE_COST_FILE for the process loggers.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';

/** utime, stime, cutime, cstime of this process, in seconds. */
function times() {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return [11, 12, 13, 14].map((i) => Number(fields[i]) / 100);
}

let start = [0, 0, 0, 0];
let file = '';
beforeAll(() => {
  file = (expect.getState().testPath ?? '').replace(/^.*\/test\//, '');
  process.env.SUITE_COST_FILE = file;
  start = times();
});
afterAll(() => {
  const spent = times().map((t, i) => (t - (start[i] ?? 0)).toFixed(2));
  appendFileSync(
    join(process.env.SUITE_COST_DIR ?? '', 'files.log'),
    `${file} ${spent.join(' ')}\n`,
  );
  delete process.env.SUITE_COST_FILE;
});
