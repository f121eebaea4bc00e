// Ids section of `npm run bench` (issue 11): how long the printed short forms are among 10,000
// flags, 20 of them made in the same minute, and how long computing them and resolving one takes.
import { join } from 'node:path';
import { monotonicFactory } from 'ulid';
import { ROOT } from './lib.mjs';

function tenThousand() {
  const next = monotonicFactory();
  const start = Date.parse('2026-01-01T00:00:00Z');
  const ids = [];
  for (let i = 0; i < 20; i++) ids.push(next(start + 3_000_000 + Math.floor(i / 4)));
  for (let i = 0; i < 9_980; i++) ids.push(next(start + i * 3_153_600));
  return ids.sort();
}

const ms = (fn) => {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
};

export default async function idsSection({ progress }) {
  progress('ids people can type');
  const { shortIds, resolveId } = await import(join(ROOT, 'dist', 'core', 'ids.js'));
  const ids = tenThousand();
  let short = new Map();
  const times = [];
  for (let i = 0; i < 5; i++) times.push(ms(() => (short = shortIds(ids))));
  const lengths = [...short.values()].map((s) => s.length).sort((a, b) => a - b);
  const share = (n) =>
    `${((lengths.filter((l) => l <= n).length / lengths.length) * 100).toFixed(2)}%`;
  const sample = [...short.values()].slice(0, 200);
  const resolve = ms(() => sample.forEach((form) => resolveId(form, ids)));
  times.sort((a, b) => a - b);
  return {
    title: 'Ids people can type',
    note: '10,000 ULIDs, 20 made within one minute (several in the same millisecond), the rest spread over a year. Tables print the shortest suffix that no other id starts or ends with (at least 5 characters, never all digits); typed ids resolve by prefix, suffix, or #67 for imported flags.',
    rows: [
      { name: 'printed short form: 5 characters', value: share(5) },
      { name: 'printed short form: at most 7 characters', value: share(7), target: '>= 99%' },
      { name: 'printed short form: longest', value: `${lengths.at(-1)} characters` },
      {
        name: 'computing all 10,000 short forms (in-process)',
        median: times[2],
        min: times[0],
        max: times[4],
        runs: 5,
      },
      {
        name: 'resolving one typed form among 10,000 (in-process, mean of 200)',
        value: `${(resolve / sample.length).toFixed(2)} ms`,
      },
    ],
  };
}
