/**
 * The hot path (dist/bundle/hot.js: get-agent-flags, list [--for], brief), run as a real process,
 * against the full CLI (`runCommand`, in this process as `cli()` runs it) on the same
 * repositories: standard output, standard error and exit code must be identical, for answers
 * and for failures.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { hotCommand } from '../src/cli/hot-args.js';
import type { Flag } from '../src/core/types.js';
import { renderFlagFile } from '../src/store/flag-file.js';
import { LONG_AGO, flag as answerFlag } from './answer-helpers.js';
import { BIN, cli, makeRepo, tempDir } from './helpers.js';

const execFileAsync = promisify(execFile);
const BUNDLE = resolve(import.meta.dirname, '..', 'dist', 'bundle');

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function runNode(cwd: string, args: string[], env: Record<string, string>): Promise<Outcome> {
  const fullEnv: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...env };
  if (!('FLAGSTORE_AGENT' in env)) delete fullEnv.FLAGSTORE_AGENT;
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, args, { cwd, env: fullEnv });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: Number(e.code ?? 1), stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** Runs one command line through bin (the hot path) and through the full CLI. */
async function both(cwd: string, args: string[], env: Record<string, string> = {}) {
  const hot = await runNode(cwd, [BIN, ...args], env);
  const { code, stdout, stderr } = await cli(cwd, args, env);
  return { hot, full: { code, stdout, stderr } };
}

/** A hand-written flag for @backend.api, with a context object (the JSON forms print it). */
const flag = (id: string, fields: Partial<Flag>): Flag =>
  answerFlag(id, { context: { ticket: 7 }, ...fields });

/** A flag written by hand: comments and flow lists, which only the full YAML parser reads. */
const HAND_WRITTEN = `---
# written by hand
id: 01JD3ZQ8XKQ5V7W9Y2B4C6D8EF
flag_type: breaking_change   # the users table changed
impact_level: critical
source_agent: '@database.postgres'
target_agent: "@backend.api"
status: pending
locked: false
related_files: [db/schema.sql, api/users.ts]
created_at: ${LONG_AGO}
---

## Change description

The users table gained a \`preferences\` JSON column for personalisation (migration 0042).

## Action required

Read the new column in api/users.ts, return it from GET /users/:id, and add tests for users whose preferences are null.
`;

async function seededRepo(): Promise<string> {
  const repo = await makeRepo();
  const files: [string, string][] = [
    ['01JD3ZQ8XKQ5V7W9Y2B4C6D8A1', renderFlagFile(flag('01JD3ZQ8XKQ5V7W9Y2B4C6D8A1', {}))],
    [
      '01JD3ZQ8XKQ5V7W9Y2B4C6D8A2',
      renderFlagFile(
        flag('01JD3ZQ8XKQ5V7W9Y2B4C6D8A2', {
          impact_level: 'high',
          locked: true,
          locked_by: '@backend.api',
          locked_at: LONG_AGO,
          lock_expires_at: '2099-01-01T00:00:00.000Z',
        }),
      ),
    ],
    [
      '01JD3ZQ8XKQ5V7W9Y2B4C6D8A3',
      renderFlagFile(
        flag('01JD3ZQ8XKQ5V7W9Y2B4C6D8A3', {
          target_agent: '@frontend.react',
          chain_origin_id: '01JD3ZQ8XKQ5V7W9Y2B4C6D8A2',
          status: 'completed',
          completed_at: LONG_AGO,
          completed_by: '@frontend.react',
        }),
      ),
    ],
    [
      '01JD3ZQ8XKQ5V7W9Y2B4C6D8A4',
      renderFlagFile(
        flag('01JD3ZQ8XKQ5V7W9Y2B4C6D8A4', { impact_level: 'critical', target_agent: null }),
      ),
    ],
    ['01JD3ZQ8XKQ5V7W9Y2B4C6D8EF', HAND_WRITTEN],
    ['01JD3ZQ8XKQ5V7W9Y2B4C6D8A5', '---\nid: [broken\n---\n'],
  ];
  for (const [id, text] of files) writeFileSync(join(repo, 'flags', `${id}.md`), text);
  return repo;
}

const COMMAND_LINES: string[][] = [
  ['get-agent-flags', '@backend.api'],
  ['get-agent-flags', '@nobody.here'],
  ['get-agent-flags', 'not-a-handle'],
  ['list', '--for', '@backend.api'],
  ['list', '--for', '@backend.api', '--json'],
  ['--json', 'list', '--for', '@frontend.react'],
  ['list', '--for', 'bad handle'],
  ['list', '--for', ''],
  ['list'],
  ['list', '--json'],
  ['brief', '--agent', '@backend.api'],
  ['brief', '--agent', '@backend.api', '--json'],
  ['brief', '--agent', '@frontend.react'],
  ['brief'],
  ['brief', '--json'],
  ['brief', '--agent', 'nope'],
];

describe('hot path', () => {
  let repo: string;
  beforeAll(async () => {
    repo = await seededRepo();
  });

  it('answers every hot command line exactly as the full CLI does', async () => {
    const hots: Outcome[] = [];
    // Each line once: that a warm read (the parse cache an earlier run wrote) prints what a cold
    // one does, for these commands and a file only the full YAML parser reads, is
    // test/cold-warm.test.ts's claim.
    for (const args of COMMAND_LINES) {
      const { hot, full } = await both(repo, args);
      expect({ args, ...hot }).toEqual({ args, ...full });
      hots.push(hot);
    }
    // get-agent-flags @backend.api: the fixture's three flags.
    expect(JSON.parse(hots[0]?.stdout ?? '')).toHaveLength(3);
  });

  it('uses the agent identity and reads a hand-written configuration the same way', async () => {
    const identity = { FLAGSTORE_AGENT: '@backend.api' };
    const brief = await both(repo, ['brief'], identity);
    expect(brief.hot).toEqual(brief.full);
    expect(brief.hot.stdout).toContain('flagstore brief for @backend.api:');
    expect(brief.hot.stdout).toContain('Pending for you, most urgent first');
    const config = `# by hand\nflags_dir: "flags"\ngates:\n  critical: auto\n`;
    writeFileSync(join(repo, '.flagstore.yml'), config);
    const list = await both(repo, ['list', '--for', '@backend.api', '--json']);
    expect(list.hot).toEqual(list.full);
    expect(list.hot.code).toBe(0);
  });

  it('fails outside a repository exactly as the full CLI does', async () => {
    const dir = tempDir();
    for (const args of [
      ['get-agent-flags', '@backend.api'],
      ['brief'],
      ['list', '--for', '@a.b'],
    ]) {
      const { hot, full } = await both(dir, args);
      expect(hot).toEqual(full);
      expect(hot.code).not.toBe(0);
    }
  });

  it('takes only the exact spellings it handles and leaves the rest to the full CLI', () => {
    expect(hotCommand(['get-agent-flags', '@a.b'])).toEqual({
      name: 'get-agent-flags',
      json: false,
      agent: '@a.b',
    });
    expect(hotCommand(['list', '--for', '@a.b', '--json'])).toEqual({
      name: 'list',
      json: true,
      target: '@a.b',
    });
    expect(hotCommand(['--json', 'brief'])).toEqual({
      name: 'brief',
      json: true,
      agent: undefined,
    });
    for (const args of [
      ['get-agent-flags'],
      ['get-agent-flags', '@a.b', 'extra'],
      ['list', '--for'],
      ['list', '--for', '--json'],
      ['list', '--for=@a.b'],
      ['list', '--for', '@a.b', '--for', '@c.d'],
      ['list', '--for', '@a.b', '--status', 'all'],
      ['list', 'extra'],
      ['brief', 'extra'],
      ['--for', '@a.b', 'list'],
      ['brief', '--by', '@a.b'],
      ['brief', '--help'],
      ['constructor'],
      ['__proto__'],
      ['create-flag', '--flag_type', 'change'],
    ]) {
      expect({ args, command: hotCommand(args) }).toEqual({ args, command: null });
    }
  });

  it('bundles neither commander nor the YAML parser into the hot entry', () => {
    // hot.cjs: the same entry as one CommonJS file, for Node 20's code cache.
    for (const name of ['hot.js', 'hot.cjs']) {
      const text = readFileSync(join(BUNDLE, name), 'utf8');
      expect(text).not.toContain('node_modules/commander/');
      expect(text).not.toContain('node_modules/yaml/');
      expect(text).toContain('dist/cli/hot.js');
    }
  });
});
