// `npm run bench [--quick] [section...]`: runs the scripts/bench/*.bench.mjs sections (those
// whose file name contains one of the given words, or all) and writes BENCHMARKS.md, keeping
// the sections not run. --quick asks sections for a shorter run (the scale section then stops
// at 10,000 flags), so the whole bench fits in about ten minutes.
// A section module's default export is an async function of { progress, quick } returning
// { title, note?, rows: [{ name, target?, median, runs, min, max, ratio? }] } with times in ms;
// a row may carry `value` (text such as an accuracy) instead of times, and `ratio` (its median
// over that of `node -e 0` in the same run).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { cleanup, progress, ROOT } from './bench/lib.mjs';

const quick = process.argv.includes('--quick');
const only = process.argv.slice(2).filter((arg) => arg !== '--quick');
const dir = join(ROOT, 'scripts', 'bench');
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.bench.mjs'))
  .filter((name) => only.length === 0 || only.some((o) => name.includes(o)))
  .sort();

const fmt = (ms) => (ms === undefined ? '' : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`);
const lines = [
  '# Benchmarks',
  '',
  'Written by `npm run bench`. Times are medians (with min and max) over the stated number of runs, measured',
  'end to end (a new `node` process per CLI call, as an agent or a hook runs it), unless a row says otherwise.',
  '"x node" is a median over the median of `node -e 0` measured in the same run.',
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
async function runSection(file) {
  progress(`section ${file}`);
  const section = await (await import(join(dir, file))).default({ progress, quick });
  const out = [`## ${section.title}`, ''];
  if (section.note) out.push(section.note, '');
  out.push(`Measured ${new Date().toISOString()}.`, '');
  const ratios = section.rows.some((r) => r.ratio !== undefined);
  out.push(
    `| measurement | median | min | max | runs |${ratios ? ' x node |' : ''} target |`,
    `|---|---|---|---|---|${ratios ? '---|' : ''}---|`,
  );
  for (const r of section.rows) {
    const ratio = ratios ? ` ${r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}x`} |` : '';
    out.push(
      `| ${r.name} | ${r.value ?? fmt(r.median)} | ${fmt(r.min)} | ${fmt(r.max)} | ${r.runs ?? ''} |${ratio} ${r.target ?? ''} |`,
    );
  }
  sections.set(section.title, out.join('\n'));
  cleanup();
}

try {
  for (const file of files) await runSection(file);
} finally {
  cleanup({ all: true });
}
for (const text of sections.values()) lines.push(text, '');
writeFileSync(join(ROOT, 'BENCHMARKS.md'), `${lines.join('\n').trimEnd()}\n`);
progress(only.length === 0 ? 'wrote BENCHMARKS.md' : `updated ${only.join(', ')} in BENCHMARKS.md`);
