// `npm run demo`: two agents exchange flags in a throwaway repository, through the whole
// lifecycle, with every command and its output shown. Pass --keep to keep the repository.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'flagstore.js');
const repo = mkdtempSync(join(tmpdir(), 'flagstore-demo-'));
const bold = (s) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\u001b[1m${s}\u001b[0m` : s);

function git(...args) {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
}

/** Runs `git commit`, showing the command and what the installed pre-commit gate prints. */
function commit(args, { agent } = {}) {
  const who = agent ? `FLAGSTORE_AGENT=${agent} ` : '';
  const shown = args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ');
  console.log(bold(`$ ${who}git commit ${shown}`));
  const env = { ...process.env, ...(agent ? { FLAGSTORE_AGENT: agent } : {}) };
  const res = spawnSync('git', ['commit', '-q', ...args], { cwd: repo, encoding: 'utf8', env });
  process.stdout.write(res.stdout + res.stderr);
  console.log(`(git commit exit code ${res.status})`);
  return res;
}

function step(title) {
  console.log(`\n${bold(`== ${title}`)}`);
}

function flagstore(args, { agent, quiet = false } = {}) {
  const who = agent ? `FLAGSTORE_AGENT=${agent} ` : '';
  console.log(
    bold(`$ ${who}flagstore ${args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}`),
  );
  const env = { ...process.env, ...(agent ? { FLAGSTORE_AGENT: agent } : {}) };
  const res = spawnSync(process.execPath, [BIN, ...args], { cwd: repo, env, encoding: 'utf8' });
  if (!quiet) process.stdout.write(res.stdout + res.stderr);
  if (res.status !== 0 && !args.includes('--expect-failure')) {
    console.log(`(exit code ${res.status})`);
  }
  return res;
}

const DB = '@database.postgres';
const API = '@backend.api';

step('A throwaway repository, set up for flagstore');
git('init', '-q', '-b', 'main');
git('config', 'user.email', 'demo@example.com');
git('config', 'user.name', 'flagstore demo');
console.log(`repository: ${repo}`);
flagstore(['init']);
for (const [handle, description, tags] of [
  [
    DB,
    'PostgreSQL schemas, migrations, query performance and indexing.',
    'postgresql,schema,migrations,sql',
  ],
  [API, 'REST API endpoints, request handlers and their tests.', 'rest,api,endpoints,handlers'],
  [
    '@service.auth',
    'Authentication: JWT, OAuth, sessions and 2FA.',
    'jwt,oauth,authentication,2fa',
  ],
]) {
  flagstore(['agents', 'add', handle, '--description', description, '--tags', tags], {
    quiet: true,
  });
}
git('add', '-A');
commit(['-m', 'Set up flagstore']);

step(`${DB} looks up who owns the API before flagging it`);
flagstore(['search', 'update the REST endpoints for the users table', '2']);

step(`${DB} changes the users table and flags ${API} (seed-compatible command, committed)`);
const created = flagstore(
  [
    'create-flag',
    '--flag_type',
    'breaking_change',
    '--target_agent',
    API,
    '--impact_level',
    'high',
    '--change_description',
    "The users table gained a 'preferences' JSON column; the API must expose it.",
    '--action_required',
    'Read users.preferences in api/users.ts, return it from GET /users/:id, accept it in PATCH /users/:id, and add tests for null preferences.',
    '--related_files',
    'db/migrations/0042_preferences.sql,api/users.ts',
    '--code_location',
    'db/migrations/0042_preferences.sql:1',
    '--commit',
  ],
  { agent: DB },
);
const flagId = JSON.parse(created.stdout).flag_id;

step('The flag is a reviewed markdown file in the repository');
console.log(readFileSync(join(repo, 'flags', `${flagId}.md`), 'utf8'));

step(`${API} starts its session: pending flags first, by priority`);
flagstore(['brief'], { agent: API });
flagstore(['list', '--for', API]);
flagstore(['get-agent-flags', API]);

step(`${API} needs an answer: it locks the flag for 2 hours and asks ${DB}`);
flagstore(['lock', flagId.slice(0, 10), '--ttl', '2h', '--commit'], { agent: API });
const question = flagstore(
  [
    'create',
    'information_request',
    '--to',
    DB,
    '--impact',
    'high',
    '--chain',
    flagId,
    '--json',
    '--change',
    `Need clarification on flag ${flagId.slice(0, 10)}: can preferences be null for existing users?`,
    '--action',
    'Please answer: 1) is preferences nullable for existing rows, 2) is there a default value, 3) which keys are guaranteed to be present in the JSON.',
    '--commit',
  ],
  { agent: API, quiet: true },
);
const questionId = JSON.parse(question.stdout).flag.id;
console.log(`(the demo read the new flag's id from that JSON: ${questionId})`);

step(`Another agent tries to take the locked flag and is refused`);
flagstore(['lock', flagId.slice(0, 10)], { agent: '@frontend.react' });

step(`${DB} answers and completes the question with notes`);
flagstore(['list', '--for', DB]);
flagstore(
  [
    'complete',
    questionId.slice(0, 10),
    '--notes',
    'Nullable for existing rows; no default; keys: theme, locale.',
    '--commit',
  ],
  { agent: DB },
);

step(`${API} unlocks, does the work, and completes the original flag`);
flagstore(['unlock', flagId.slice(0, 10), '--commit'], { agent: API });
flagstore(
  [
    'complete-flag',
    flagId,
    API,
    '--notes',
    'GET and PATCH /users/:id handle preferences; null covered by tests.',
  ],
  { agent: API },
);
commit(['-am', `Complete flag ${flagId.slice(0, 10)}`]);
flagstore(['show', flagId.slice(0, 10)]);

step('A critical flag blocks new work until it is completed');
const critical = flagstore(
  [
    'create',
    'security',
    '--to',
    API,
    '--impact',
    'critical',
    '--json',
    '--change',
    'Session tokens were logged in plain text by the request logger in api/log.ts.',
    '--action',
    'Remove the Authorization header from the request log in api/log.ts, rotate the signing key, and add a test that no token reaches the log.',
  ],
  { agent: '@service.auth', quiet: true },
);
const criticalId = JSON.parse(critical.stdout).flag.id;
console.log(`(the demo read the new flag's id from that JSON: ${criticalId})`);
git('add', 'flags');
commit(['-m', 'Flag: tokens in the request log']);
writeFileSync(join(repo, 'feature.txt'), 'new work\n');
git('add', 'feature.txt');
commit(['-m', 'New feature'], { agent: API });
flagstore(
  ['complete', criticalId.slice(0, 10), '--notes', 'Header stripped, key rotated, test added.'],
  { agent: API },
);
git('add', 'flags');
commit(['-m', 'New feature, and the security fix'], { agent: API });

step('What a reviewer pastes into the pull request');
flagstore(['diff', '--format', 'markdown', 'HEAD~1..HEAD']);

step('Nothing is pending any more; history is git log');
flagstore(['list', '--status', 'all']);
flagstore(['validate']);
console.log(git('log', '--format=%h %s'));
step('The completing diff a reviewer reads');
console.log(git('show', '--format=%s', 'HEAD'));

if (process.argv.includes('--keep')) console.log(`kept ${repo}`);
else rmSync(repo, { recursive: true, force: true });
