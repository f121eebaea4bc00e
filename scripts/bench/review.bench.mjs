// Review and sync section of `npm run bench`: diff over 1,000 changed flags, list --all-branches.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { git, makeRepo, measure, ROOT, runCli } from './lib.mjs';

const api = await import(pathToFileURL(join(ROOT, 'dist', 'index.js')).href);

const CHANGE = 'The users table gained a preferences JSON column for personalisation work.';
const ACTION =
  'Update the loaders in api/users.ts and the serializers in api/serialize.ts to read and return the preferences column; add tests for null values.';

/** Creates `n` flags through the library API and commits them; returns their ids. */
async function seedFlags(repo, n) {
  const ws = await api.openWorkspace(repo);
  const ids = [];
  for (let i = 0; i < n; i++) {
    const input = {
      flag_type: 'change',
      change_description: `${CHANGE} #${i}`,
      action_required: ACTION,
      target_agent: '@backend.api',
    };
    ids.push((await api.createFlag(ws, input, { agent: '@database.postgres' })).flag.id);
  }
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', `${n} flags`);
  return { ws, ids };
}

/** Removes every cache flagstore keeps, so the next run parses every file and blob (a cold run). */
function dropCaches(repo) {
  rmSync(join(repo, '.git', 'flagstore'), { recursive: true, force: true });
}

async function lockAll(ws, ids, agent) {
  for (const id of ids) await api.transitionFlag(ws, { id, kind: 'lock', agent });
}

async function diffRows(progress) {
  progress('review: 1,000 flags, then lock every one');
  const repo = makeRepo();
  const { ws, ids } = await seedFlags(repo, 1000);
  await lockAll(ws, ids, '@backend.api');
  const work = measure({ runs: 5, fn: () => runCli(repo, ['diff', '--format', 'json']) });
  git(repo, 'commit', '-q', '-am', 'lock all');
  const cold = measure({
    runs: 3,
    before: () => dropCaches(repo),
    fn: () => runCli(repo, ['diff', 'HEAD~1..HEAD', '--format', 'markdown']),
  });
  const commits = measure({
    runs: 5,
    fn: () => runCli(repo, ['diff', 'HEAD~1..HEAD', '--format', 'markdown']),
  });
  return [
    { name: '`diff` 1,000 locked flags, merge base...work tree (json)', target: '< 1 s', ...work },
    {
      name: '`diff HEAD~1..HEAD` 1,000 locked flags, cold (no parse cache: 2,000 parses)',
      target: '< 1 s',
      ...cold,
    },
    {
      name: '`diff HEAD~1..HEAD` 1,000 locked flags, both sides from git objects (markdown)',
      target: '< 1 s',
      ...commits,
    },
  ];
}

async function branchRows(progress) {
  progress('review: 10 branches of 1,000 flags');
  const repo = makeRepo();
  const { ws, ids } = await seedFlags(repo, 1000);
  for (let b = 1; b < 10; b++) {
    git(repo, 'checkout', '-q', '-b', `agent-${b}`, 'main');
    await lockAll(ws, ids.slice(b * 100, b * 100 + 100), `@agent.n${b}`);
    git(repo, 'commit', '-q', '-am', `branch ${b} locks 100 flags`);
  }
  git(repo, 'checkout', '-q', 'main');
  const listCold = measure({
    runs: 3,
    before: () => dropCaches(repo),
    fn: () => runCli(repo, ['--json', 'list', '--all-branches', '--status', 'all']),
  });
  const list = measure({
    runs: 5,
    fn: () => runCli(repo, ['--json', 'list', '--all-branches', '--status', 'all']),
  });
  const single = measure({
    runs: 5,
    fn: () => runCli(repo, ['--json', 'list', '--status', 'all']),
  });
  return [
    { name: '`list --all-branches` 10 branches x 1,000 flags, cold (no parse cache)', ...listCold },
    { name: '`list --all-branches` 10 branches x 1,000 flags (1,900 distinct versions)', ...list },
    { name: '`list` one work tree of 1,000 flags, for comparison', ...single },
  ];
}

export default async function review({ progress }) {
  const rows = [...(await diffRows(progress)), ...(await branchRows(progress))];
  return {
    title: 'Review and branches',
    note: 'Flags are read from git objects with one `ls-tree` per tree and one `cat-file --batch`; every run is a new `node` process.',
    rows,
  };
}
