// Query section of `npm run bench`: `query` runs in a worker thread under time, row and memory
// limits; these rows show what a call costs over 1,000 flags, and how fast a runaway is stopped.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BIN, git, makeRepo, measure, ROOT, runCli } from './lib.mjs';

const api = await import(pathToFileURL(join(ROOT, 'dist', 'index.js')).href);

const CHANGE = 'The users table gained a preferences JSON column for personalisation work.';
const ACTION =
  'Update the loaders in api/users.ts and the serializers in api/serialize.ts to read and return the preferences column; add tests for null values.';
const ENDLESS =
  'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c';

async function seedFlags(repo, n) {
  const ws = await api.openWorkspace(repo);
  for (let i = 0; i < n; i++) {
    const input = {
      flag_type: 'change',
      change_description: `${CHANGE} #${i}`,
      action_required: ACTION,
      target_agent: i % 2 ? '@backend.api' : '@frontend.web',
    };
    await api.createFlag(ws, input, { agent: '@database.postgres' });
  }
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', `${n} flags`);
}

/** Runs a query expected to be stopped by a limit; returns elapsed ms. */
function stopped(repo, args) {
  const start = process.hrtime.bigint();
  const res = spawnSync(process.execPath, [BIN, 'query', ...args], { cwd: repo, encoding: 'utf8' });
  if (res.status !== 3) throw new Error(`expected a stopped query: ${res.stdout}${res.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export default async function query({ progress }) {
  progress('query: 1,000 flags');
  const repo = makeRepo();
  await seedFlags(repo, 1000);
  runCli(repo, ['list']);
  const count = measure({
    fn: () => runCli(repo, ['query', "SELECT count(*) FROM flags WHERE status = 'pending'"]),
  });
  const all = measure({ fn: () => runCli(repo, ['query', 'SELECT * FROM flags']) });
  const named = measure({
    fn: () =>
      runCli(repo, [
        'query',
        'SELECT id FROM flags WHERE target_agent = :t',
        '{"t":"@backend.api"}',
      ]),
  });
  const endless = measure({ runs: 3, fn: () => stopped(repo, [ENDLESS, '--timeout', '1s']) });
  return {
    title: 'Query',
    note: 'Each call reads the flags (parse cache warm), builds the tables in a worker thread and runs the statement there.',
    rows: [
      { name: '`query` count over 1,000 flags', target: '< 1 s', ...count },
      { name: '`query SELECT *` 1,000 rows out', target: '< 1 s', ...all },
      { name: '`query` with a named parameter `{"t": ...}`', target: '< 1 s', ...named },
      {
        name: 'endless recursive query, stopped by `--timeout 1s`',
        target: '~ 1 s + start',
        ...endless,
      },
    ],
  };
}
