/**
 * `brief` decides its sections on every flag's marks and reads whole only the flags it prints
 * (src/agent/brief.ts, src/sync/ledger-marks.ts): its brief is the full read's, cold and with
 * the marks cached, over mixed states, targets, locks, answers, invalid files, ledger copies
 * that differ from the work tree's, and a flag file edited by hand.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildBrief, buildShownBrief, type Brief } from '../src/agent/brief.js';
import { BRIEF_LIMIT, briefText, CLI_COMMANDS } from '../src/agent/brief-text.js';
import { openWorkspace } from '../src/services/workspace.js';
import { copyTree } from './copy-tree.js';
import { BIN, cli, createFlag, git, makeRepo, readFlag, tempDir, askAbout } from './helpers.js';
import { briefOutput } from '../src/mcp/render.js';
import { call, closeAll, connectInProcess, writeFlags } from './mcp-helpers.js';
import { oncePerFile } from './per-file.js';
import { stopped } from './stall-helpers.js';
import { refreshIndex } from './index-stamps.js';

afterEach(closeAll);

/** The parts of the MCP brief's data the test compares. */
interface McpBrief {
  counts: unknown;
  pending: { id: string }[];
  next: string[];
}

const AGENTS = ['@b.two', '@c.three', '@a.one', null];

async function ok(repo: string, args: string[]): Promise<void> {
  const res = await cli(repo, args);
  if (res.code !== 0) throw new Error(`${args.join(' ')}: ${res.stdout}${res.stderr}`);
}

/** A repository with its linked worktree, and the ids of the flags written for @b.two. */
interface Mixed {
  repo: string;
  other: string;
  ids: string[];
}

/**
 * A repository with every kind of flag a brief sorts, and ledger copies another worktree wrote:
 * built once per test file (twenty files, eleven writes, a commit and a worktree) and copied
 * with its worktree, the links between the two pointed at the copies (as `git worktree repair`
 * would; run here, it follows the copied links and repairs the template instead).
 */
async function mixedRepo(): Promise<{ repo: string; ids: string[] }> {
  const built = await oncePerFile('brief-mixed', buildMixed);
  const base = tempDir();
  const [repo, other] = [join(base, 'repo'), join(base, 'other')];
  copyTree(built.repo, repo);
  copyTree(built.other, other);
  const admin = readFileSync(join(built.other, '.git'), 'utf8').replace(/^gitdir: |\n$/g, '');
  const link = join(repo, '.git', 'worktrees', basename(admin));
  writeFileSync(join(other, '.git'), `gitdir: ${link}\n`);
  writeFileSync(join(link, 'gitdir'), `${join(other, '.git')}\n`);
  refreshIndex(repo);
  return { repo, ids: built.ids };
}

async function buildMixed(): Promise<Mixed> {
  const repo = await makeRepo();
  const mine = writeFlags(repo, 14, '@b.two');
  const theirs = writeFlags(repo, 5, '@c.three');
  const general = await createFlag(repo, '@a.one', 'change');
  await createFlag(repo, '@c.three', 'change');
  const work = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
  await ok(repo, ['lock', work, '--by', '@b.two', '--ttl', '4h']);
  const ask = await askAbout(repo, { from: '@b.two', to: '@a.one', about: work });
  await ok(repo, [
    'reply',
    ask,
    '--by',
    '@a.one',
    '--change',
    'The column is nullable JSON, an empty object by default.',
  ]);
  await ok(repo, ['lock', mine[1] as string, '--by', '@c.three']);
  await ok(repo, ['complete', theirs[0] as string, '--by', '@c.three', '--notes', 'Done.']);
  writeFileSync(join(repo, 'flags', '01KDVDNA00G1XB7WPX2401WD8J.md'), '---\nid: nope\n---\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '--no-verify', '-m', 'flags');
  // Another worktree completes and locks flags: the ledger's copies now differ from this tree's.
  const other = join(tempDir(), 'other');
  git(repo, 'worktree', 'add', '-q', other, '-b', 'other');
  await ok(other, ['complete', mine[2] as string, '--by', '@b.two', '--notes', 'Done there.']);
  await ok(other, ['lock', mine[3] as string, '--by', '@b.two']);
  await ok(other, ['complete', general, '--by', '@b.two', '--notes', 'Done.']);
  return { repo, other, ids: mine };
}

function text(brief: Brief, now: Date): string[] {
  return briefText(brief, { now, commands: CLI_COMMANDS });
}

/** The full read's brief and the narrow one, cold (no caches) and with the marks cached. */
async function expectSameBriefs(repo: string): Promise<void> {
  const now = new Date();
  const caches = join(repo, '.git', 'flagstore');
  for (const agent of AGENTS) {
    rmSync(caches, { recursive: true, force: true });
    const full = await buildBrief(await openWorkspace(repo), agent, now);
    rmSync(caches, { recursive: true, force: true });
    const narrow = async (limit: number | undefined) =>
      buildShownBrief(await openWorkspace(repo), agent, { now, limit });
    expect(await narrow(undefined)).toEqual(full);
    expect(await narrow(undefined)).toEqual(full);
    expect(text(await narrow(BRIEF_LIMIT), now)).toEqual(text(full, now));
    rmSync(caches, { recursive: true, force: true });
    expect(text(await narrow(BRIEF_LIMIT), now)).toEqual(text(full, now));
  }
}

describe('brief read narrow', () => {
  it('is the full read brief over mixed flags and ledger copies, cold and warm', async () => {
    const { repo, ids } = await mixedRepo();
    await expectSameBriefs(repo);
    const out = (await cli(repo, ['brief', '--agent', '@b.two'])).stdout;
    expect(out).toContain('2 locked by you and waiting (1 answered)');
    expect(out).not.toContain(ids[2]);
  });

  it('picks up a flag file edited by hand after its marks were cached', async () => {
    const { repo, ids } = await mixedRepo();
    const now = new Date();
    const agent = '@c.three';
    const narrow = async () =>
      buildShownBrief(await openWorkspace(repo), agent, { now, limit: undefined });
    await narrow();
    const before = (await cli(repo, ['brief', '--agent', agent])).stdout;
    // It becomes low and for @c.three.
    const id = ids[5] as string;
    const edited = readFlag(repo, id)
      .replace(/^impact_level: .*$/m, 'impact_level: low')
      .replace(/^target_agent: .*$/m, "target_agent: '@c.three'");
    writeFileSync(join(repo, 'flags', `${id}.md`), edited);
    const warm = await narrow();
    rmSync(join(repo, '.git', 'flagstore'), { recursive: true, force: true });
    expect(warm).toEqual(await buildBrief(await openWorkspace(repo), agent, now));
    expect(warm.pending.map((f) => f.id)).toContain(id);
    const after = (await cli(repo, ['brief', '--agent', agent])).stdout;
    expect(before).not.toContain(id);
    expect(after).toContain(id);
  });

  it('shows a flag changed between its marks and its whole read in the section its content says', async () => {
    const { repo } = await mixedRepo();
    const agent = '@b.two';
    const now = new Date();
    const first = await buildShownBrief(await openWorkspace(repo), agent, { now, limit: 1 });
    const id = first.pending[0]?.id as string;
    const args = ['brief', '--agent', agent];
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: repo,
      env: { ...process.env, FLAGSTORE_TEST_STALL_BEFORE_SHOWN: '1', NO_COLOR: '1' },
    });
    const out = { stdout: '', stderr: '' };
    child.stdout.on('data', (chunk: Buffer) => (out.stdout += chunk.toString()));
    await new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk: Buffer) => {
        out.stderr += chunk.toString();
        if (out.stderr.includes('stalled before reading the flags shown')) resolve();
      }),
    );
    await stopped(child);
    // Its marks said pending for the agent; it is now critical, and for another agent.
    const edited = readFlag(repo, id)
      .replace(/^impact_level: .*$/m, 'impact_level: critical')
      .replace(/^target_agent: .*$/m, "target_agent: '@c.three'");
    writeFileSync(join(repo, 'flags', `${id}.md`), edited);
    const exited = new Promise((resolve) => child.on('close', resolve));
    child.kill('SIGCONT');
    expect(await exited).toBe(0);
    // The same brief as read afresh, the ages (seconds old, between the two runs) aside.
    const ageless = (text: string) => text.replace(/\b\d+[smhd] old\b/g, 'old');
    expect(ageless(out.stdout)).toBe(ageless((await cli(repo, args)).stdout));
    expect(out.stdout).toContain(id);
  });

  it('gives MCP the full read brief: every count, 10 items a section, and the calls for the rest', async () => {
    const { repo } = await mixedRepo();
    const now = new Date();
    const client = await connectInProcess(repo, { by: '@b.two' });
    for (const all of [false, true]) {
      const full = briefOutput(await buildBrief(await openWorkspace(repo), '@b.two', now), {
        now,
        all,
      });
      const answer = await call(client, 'brief', { agent: '@b.two', all });
      const data = answer.structuredContent as unknown as McpBrief;
      const expected = full.data as unknown as McpBrief;
      expect(data.counts).toEqual(expected.counts);
      expect(data.pending.map((f) => f.id)).toEqual(expected.pending.map((f) => f.id));
      expect(data.next).toEqual(expected.next);
    }
    const answer = await call(client, 'brief', { agent: '@b.two' });
    const data = answer.structuredContent as unknown as McpBrief;
    expect(data.pending).toHaveLength(BRIEF_LIMIT);
    expect(data.next.join('\n')).toContain('More of yours');
  });
});
