// `npm run bench`: runs every scripts/bench/*.bench.mjs section and writes BENCHMARKS.md.
// A section module's default export is an async function returning
// { title, note?, rows: [{ name, target?, median, runs, min, max }] } with times in ms;
// a row may carry `value` (text such as an accuracy) instead of times.
import { readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { cleanup, progress, ROOT } from './bench/lib.mjs';

const only = process.argv.slice(2);
const dir = join(ROOT, 'scripts', 'bench');
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.bench.mjs'))
  .filter((name) => only.length === 0 || only.some((o) => name.includes(o)))
  .sort();

const fmt = (ms) => (ms === undefined ? '' : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`);
const lines = [
  '# Benchmarks',
  '',
  'Written by `npm run bench`. Times are medians over the stated number of runs, measured',
  'end to end (a new `node` process per CLI call, as an agent or a hook runs it), unless a row says otherwise.',
  '',
  `Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB,`,
  `Node ${process.version}, ${process.platform}; run ${new Date().toISOString()}.`,
  '',
];
for (const file of files) {
  progress(`section ${file}`);
  const section = await (await import(join(dir, file))).default({ progress });
  lines.push(`## ${section.title}`, '');
  if (section.note) lines.push(section.note, '');
  lines.push('| measurement | median | min | max | runs | target |', '|---|---|---|---|---|---|');
  for (const r of section.rows) {
    lines.push(
      `| ${r.name} | ${r.value ?? fmt(r.median)} | ${fmt(r.min)} | ${fmt(r.max)} | ${r.runs ?? ''} | ${r.target ?? ''} |`,
    );
  }
  lines.push('');
  cleanup();
}
writeFileSync(join(ROOT, 'BENCHMARKS.md'), `${lines.join('\n')}\n`);
progress('wrote BENCHMARKS.md');
