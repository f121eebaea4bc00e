// `npm run bench`: runs every scripts/bench/*.bench.mjs section and writes BENCHMARKS.md.
// A section module's default export is an async function returning
// { title, note?, rows: [{ name, target?, median, runs, min, max }] } with times in ms;
// a row may carry `value` (text such as an accuracy) instead of times.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  `Node ${process.version}, ${process.platform}. Each section says when it was measured.`,
  '',
];
/** Sections of the existing BENCHMARKS.md by title, kept when only some sections run. */
function earlierSections() {
  const path = join(ROOT, 'BENCHMARKS.md');
  if (only.length === 0 || !existsSync(path)) return new Map();
  const parts = readFileSync(path, 'utf8')
    .split(/^(?=## )/m)
    .slice(1);
  return new Map(parts.map((part) => [part.slice(3, part.indexOf('\n')), part.trimEnd()]));
}

const sections = earlierSections();
for (const file of files) {
  progress(`section ${file}`);
  const section = await (await import(join(dir, file))).default({ progress });
  const out = [`## ${section.title}`, ''];
  if (section.note) out.push(section.note, '');
  out.push(`Measured ${new Date().toISOString()}.`, '');
  out.push('| measurement | median | min | max | runs | target |', '|---|---|---|---|---|---|');
  for (const r of section.rows) {
    out.push(
      `| ${r.name} | ${r.value ?? fmt(r.median)} | ${fmt(r.min)} | ${fmt(r.max)} | ${r.runs ?? ''} | ${r.target ?? ''} |`,
    );
  }
  sections.set(section.title, out.join('\n'));
  cleanup();
}
for (const text of sections.values()) lines.push(text, '');
writeFileSync(join(ROOT, 'BENCHMARKS.md'), `${lines.join('\n').trimEnd()}\n`);
progress(only.length === 0 ? 'wrote BENCHMARKS.md' : `updated ${only.join(', ')} in BENCHMARKS.md`);
