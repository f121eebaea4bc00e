// Corpus section of `npm run bench` (opt-in: needs ../shared beside the checkout): the 60 real
// agent files of the original project import, validate and pass `flagstore check` as they are.
// This was a test once; it moved here so `npm test` needs nothing outside the checkout.
import { spawnSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, git, makeRepo, measure, runCli, sharedCorpus } from './lib.mjs';

const TITLE = 'Real agent corpus (../shared, opt-in)';

function checkJson(repo) {
  const res = spawnSync(process.execPath, [BIN, '--json', 'check'], {
    cwd: repo,
    encoding: 'utf8',
  });
  return { code: res.status, findings: JSON.parse(res.stdout).findings ?? [] };
}

export default async function corpus() {
  const fixtures = sharedCorpus('corpus');
  if (fixtures === null) {
    return { title: TITLE, note: 'Skipped: ../shared/fixtures is absent.', rows: [] };
  }
  const agents = join(fixtures, 'acolytes', 'agents');
  const repo = makeRepo();
  const imported = measure({ runs: 1, fn: () => runCli(repo, ['agents', 'import', agents]) });
  runCli(repo, ['validate']);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '--no-verify', '-m', 'real agents');
  const checked = makeRepo();
  cpSync(agents, join(checked, 'agents'), { recursive: true });
  const { code, findings } = checkJson(checked);
  if (code !== 0 || findings.length > 0) {
    throw new Error(`flagstore check refused the real agent files: ${JSON.stringify(findings)}`);
  }
  return {
    title: TITLE,
    note: 'The 60 agent files import, validate and pass `flagstore check` with no finding.',
    rows: [{ name: 'agents import of the 60 real agent files', ...imported }],
  };
}
