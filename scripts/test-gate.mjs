// The test gate of flagstore's own commits (.flagstore.yml): runs the tests a staged change can
// break. Most tests drive the built CLI, so `vitest related` finds nothing for src/ changes;
// instead each src/ area maps to the test files that exercise it, shared foundations (core,
// store, git, services, cli, the bin and the public API) run the whole suite, and a test file
// runs itself. It builds first, since tests spawn bin/flagstore.js -> dist/.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Areas whose tests are known by name; any other src/ change runs the whole suite. */
export const AREAS = [
  { prefix: 'src/gates/', tests: /^(gates-|hook-)/ },
  { prefix: 'hooks/', tests: /^(gates-|hook-)/ },
  { prefix: 'src/cli/hook.ts', tests: /^(gates-|hook-)/ },
  { prefix: 'src/cli/gate-report.ts', tests: /^(gates-|hook-)/ },
  { prefix: 'src/sync/', tests: /^(sync|merge-driver|branches)/ },
  { prefix: 'src/review/', tests: /^(review|branches)/ },
  { prefix: 'src/catalog/', tests: /^(catalog|agent|search)/ },
  { prefix: 'src/agent/', tests: /^agent/ },
  { prefix: 'src/sql/', tests: /^(query|import-|field\d+-import|commit-identity)/ },
  { prefix: 'src/mcp/', tests: /^mcp/ },
];

/** The test files to run for the staged paths: a list, or 'all'. */
export function testsFor(staged, testFiles) {
  const chosen = new Set();
  for (const path of staged) {
    if (path.startsWith('test/') && path.endsWith('.test.ts')) chosen.add(path.slice(5));
    else if (path.startsWith('test/')) return 'all';
    else if (path.startsWith('bin/')) return 'all';
    else if (path.startsWith('src/') || path.startsWith('hooks/')) {
      const area = AREAS.find((a) => path.startsWith(a.prefix));
      if (area === undefined) return 'all';
      testFiles.filter((f) => area.tests.test(f)).forEach((f) => chosen.add(f));
    }
  }
  return [...chosen].filter((f) => testFiles.includes(f)).sort();
}

function run(argv) {
  const [program, ...args] = argv;
  return spawnSync(program, args, { cwd: ROOT, stdio: 'inherit' }).status ?? 1;
}

function main(staged) {
  const testFiles = readdirSync(join(ROOT, 'test')).filter((f) => f.endsWith('.test.ts'));
  const tests = testsFor(staged, testFiles);
  if (tests !== 'all' && tests.length === 0) {
    console.log('test gate: no test covers these files');
    return 0;
  }
  console.log(`test gate: ${tests === 'all' ? 'the whole suite' : tests.join(' ')}`);
  const vitest = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
  const files = tests === 'all' ? [] : tests.map((f) => `test/${f}`);
  const build = run(['npm', 'run', '--silent', 'build']);
  return build !== 0 ? build : run([process.execPath, vitest, 'run', ...files]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
