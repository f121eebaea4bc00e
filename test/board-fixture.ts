/** A repository for the board's tests: agents, flags of every impact, a chain, an invalid file. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { BIN, cli, createFlag, git, makeRepo } from './helpers.js';

/** Text no page may run: a script element and an image whose error handler sets a flag. */
export const HOSTILE =
  'Payload <script>window.__pwned = 1</script> and <img src=x onerror="window.__pwned = 2"> in the description of this change.';

const TEXTS = {
  critical:
    'GET /v1/users now returns { items, next } instead of a bare array; every client must read items.',
  session:
    'Session tokens expire after 15 minutes instead of 24 hours; refresh tokens rotate on every use.',
  index:
    'The orders table gained an index on (customer_id, created_at); the old orders_customer index is gone.',
  paging:
    'The user list could page with a cursor instead of an offset, which would keep long lists fast.',
  question:
    'Which column of the invoices table holds the currency, and is it nullable for old invoices?',
  answer:
    'invoices.currency is a char(3) ISO code; it is NULL for invoices created before 2021 (treat as EUR).',
};

/** The agents of the fixture. */
export const AGENTS = ['@backend.api', '@database.postgres', '@frontend.web', '@service.auth'];

/** What the fixture made. */
export interface BoardFixture {
  repo: string;
  critical: string;
  question: string;
  answer: string;
  hostile: string;
  invalidPath: string;
}

async function addAgents(repo: string): Promise<void> {
  for (const handle of AGENTS) {
    const res = await cli(repo, [
      'agents',
      'add',
      handle,
      '--description',
      `Owner of ${handle.slice(1)}`,
    ]);
    if (res.code !== 0) throw new Error(res.stderr);
  }
}

/** Makes the fixture repository, with every flag committed so each has a history. */
export async function boardFixture(): Promise<BoardFixture> {
  const repo = await makeRepo();
  await addAgents(repo);
  const [api, db, web, auth] = AGENTS as [string, string, string, string];
  const flag = (from: string, type: string, to: string, ...more: string[]): Promise<string> =>
    createFlag(repo, from, type, '--to', to, '--change', ...more);
  const critical = await flag(api, 'breaking_change', web, TEXTS.critical, '--impact', 'critical');
  await flag(auth, 'change', web, TEXTS.session, '--impact', 'high');
  await flag(db, 'change', api, TEXTS.index, '--impact', 'medium');
  await flag(web, 'enhancement', api, TEXTS.paging, '--impact', 'low');
  const question = await flag(web, 'information_request', db, TEXTS.question);
  const answer = await flag(db, 'information_request', web, TEXTS.answer, '--chain', question);
  const hostile = await flag(auth, 'change', db, HOSTILE);
  const invalidPath = join('flags', '01ARZ3NDEKTSV4RRFFQ69G5FAV.md');
  writeFileSync(
    join(repo, invalidPath),
    '---\nid: 01ARZ3NDEKTSV4RRFFQ69G5FAV\nflag_type: nonsense\n---\n',
  );
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '--no-verify', '-m', 'flags for the board');
  return { repo, critical, question, answer, hostile, invalidPath };
}

/** A running `flagstore board` process and its URL. */
export interface BoardProcess {
  url: string;
  port: number;
  child: ChildProcess;
  stop: () => Promise<void>;
}

/** Starts the real CLI's board on a free port and waits for its URL. */
export function startBoardProcess(repo: string): Promise<BoardProcess> {
  const child = spawn(process.execPath, [BIN, 'board'], {
    cwd: repo,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGINT');
    });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (match) resolve({ url: match[0], port: Number(match[1]), child, stop });
    });
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`board exited with ${code}: ${out}`)));
  });
}

/** The system's Chromium, if one is installed. */
export function findChromium(): string | null {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ];
  return candidates.find((p): p is string => p !== undefined && p !== '' && existsSync(p)) ?? null;
}

/**
 * A headless Chromium from the system's executable, with the flags a container needs. Playwright
 * is imported here, not at the top: board-server.test.ts uses this module without a browser, and
 * test files share their worker, which would keep playwright-core (14 MB of bundled source, 29 MB
 * of heap and 0.7 s of CPU to load in a bare node) for the rest of the run.
 */
export async function launchChromium(executablePath: string): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
}

/** Polls a board URL until its answer holds `text` (the board sees a change within a second). */
export async function untilServed(url: string, text: string): Promise<void> {
  for (let tries = 0; tries < 100; tries++) {
    if ((await (await fetch(url)).text()).includes(text)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} never served ${text}`);
}
