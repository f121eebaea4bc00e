// The flag ledger (issue 10): warm `list --for` and `get-agent-flags` over 10,000 flags read from
// the work tree alone and merged with the ledger branch, side by side in the same run (runs
// alternate, so machine load hits both alike), and the cost of a ledger write.
import { join } from 'node:path';
import { readdirSync } from 'node:fs';
import { generateFlags } from './flags.bench.mjs';
import { git, makeRepo, measure, median, runCli } from './lib.mjs';

const RUNS = 9;
const COUNT = 10_000;

/** Times two commands alternately; returns both measurements. */
function sideBySide(a, b) {
  const times = { a: [], b: [] };
  for (let i = 0; i < RUNS; i++) {
    times.a.push(a());
    times.b.push(b());
  }
  const stats = (t) => ({
    median: median(t),
    runs: t.length,
    min: Math.min(...t),
    max: Math.max(...t),
  });
  return [stats(times.a), stats(times.b)];
}

/** The bench section. */
export default async function ledgerBench({ progress }) {
  progress(`generating ${COUNT} flags in two repositories`);
  const plain = makeRepo();
  const ledger = makeRepo();
  generateFlags(plain, COUNT);
  generateFlags(ledger, COUNT);
  runCli(ledger, ['init']);
  const ledgerBranch = git(ledger, 'rev-parse', '--verify', '-q', 'flagstore').trim();
  if (ledgerBranch === '') throw new Error('init did not adopt the flags into a ledger');
  const list = ['list', '--for', '@backend.api', '--json'];
  const seed = ['get-agent-flags', '@backend.api'];
  for (const repo of [plain, ledger]) {
    runCli(repo, list);
    runCli(repo, seed);
  }
  progress('list --for and get-agent-flags, work tree only vs with the ledger');
  const [listPlain, listLedger] = sideBySide(
    () => runCli(plain, list),
    () => runCli(ledger, list),
  );
  const [seedPlain, seedLedger] = sideBySide(
    () => runCli(plain, seed),
    () => runCli(ledger, seed),
  );
  const id = readdirSync(join(ledger, 'flags'))
    .filter((n) => n.endsWith('.md'))
    .sort()[1]
    .slice(0, 26);
  progress('lock and unlock (ledger writes)');
  const write = measure({
    runs: RUNS,
    fn: (i) => runCli(ledger, [i % 2 === 0 ? 'lock' : 'unlock', id, '--by', '@ops.cicd']),
  });
  const ratio = (a, b) => `${((b.median / a.median - 1) * 100).toFixed(0)}% vs work tree only`;
  return {
    title: 'Flag ledger (issue 10)',
    note: `${COUNT} generated flags. "work tree only": no ledger branch; "with the ledger": the same flags adopted into the ledger by \`init\`, so every read merges the ledger with the work tree. Warm caches; runs of the two alternate. Target: with the ledger no more than 20% slower.`,
    rows: [
      { name: `list --for, ${COUNT} flags, warm, work tree only`, ...listPlain },
      {
        name: `list --for, ${COUNT} flags, warm, with the ledger`,
        ...listLedger,
        target: `<= +20% (${ratio(listPlain, listLedger)})`,
      },
      { name: `get-agent-flags, ${COUNT} flags, warm, work tree only`, ...seedPlain },
      {
        name: `get-agent-flags, ${COUNT} flags, warm, with the ledger`,
        ...seedLedger,
        target: `<= +20% (${ratio(seedPlain, seedLedger)})`,
      },
      { name: `lock / unlock (ledger write), ${COUNT} flags present`, ...write },
    ],
  };
}
