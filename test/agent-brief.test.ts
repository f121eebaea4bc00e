import { realpathSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commit, write } from './gate-helpers.js';
import { cli, createFlag, git, makeRepo, spawnCli, askAbout, tempDir } from './helpers.js';
import { call, closeAll, connectInProcess, writeFlags } from './mcp-helpers.js';

afterEach(closeAll);

const ANSWER =
  'The new column is nullable JSON; an empty object means no preferences were set by the user.';

describe('brief, bounded', () => {
  it('gives counts first, at most 10 per section, the command for the rest, and who is blocked', async () => {
    const repo = await makeRepo();
    writeFlags(repo, 30, '@b.two');
    writeFlags(repo, 3, '@c.three');
    const out = (await cli(repo, ['brief', '--agent', '@b.two'])).stdout;
    const lines = out.split('\n');
    expect(lines[0]).toContain('30 pending for you');
    // Its own 8 critical flags block its commits; the one for @c.three does not.
    expect(lines[0]).toContain('1 critical elsewhere, 8 critical flags block your commits');
    expect(out).toContain('...and 20 more: flagstore list --for @b.two');
    expect(out).toContain('Critical flags for other agents (they do not block your commits)');
    expect(out).not.toMatch(/block commits until/);
    expect(lines.length).toBeLessThan(40);
    const all = (await cli(repo, ['brief', '--agent', '@b.two', '--all'])).stdout;
    expect(all).not.toContain('more:');
  });

  it('says plainly when no identity is set, even when nothing else is to be said', async () => {
    const repo = await makeRepo();
    const res = await cli(repo, ['brief']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(
      /^flagstore brief: no identity is set, so only critical flags are shown \(0 critical, 0 block your commits\)\. To see your flags:/,
    );
    expect(res.stdout).not.toContain('pending for you');
    expect(res.stdout).toContain('git config flagstore.agent');
  });
});

describe('brief and a misnamed flag file', () => {
  it('counts and names flags/my-note.md with the fix, as list does, in the CLI and MCP', async () => {
    const repo = await makeRepo();
    const [id] = writeFlags(repo, 1, '@b.two');
    renameSync(join(repo, 'flags', `${id}.md`), join(repo, 'flags', 'my-note.md'));
    const json = (await cli(repo, ['--json', 'brief', '--agent', '@b.two'])).json<{
      empty: boolean;
      invalid: { path: string; problems: string[] }[];
    }>();
    expect(json.empty).toBe(false);
    expect(json.invalid.map((i) => i.path)).toEqual(['flags/my-note.md']);
    expect(json.invalid[0]?.problems[0]).toContain('file name must be <id>.md');
    const text = (await cli(repo, ['brief', '--agent', '@b.two'])).stdout;
    expect(text).toContain('1 invalid flag file(s)');
    expect(text).toContain('- flags/my-note.md: "file name must be <id>.md');
    const client = await connectInProcess(repo, { by: '@b.two' });
    const mcp = (await call(client, 'brief')).structuredContent as {
      counts: { invalid: number };
      invalid: { path: string }[];
    };
    expect(mcp.counts.invalid).toBe(1);
    expect(mcp.invalid[0]?.path).toBe('flags/my-note.md');
  });
});

describe('brief and the commit gate', () => {
  it("counts the agent's own critical flag, locked by itself, among those blocking its commits", async () => {
    const repo = await makeRepo();
    const [id] = writeFlags(repo, 1, '@b.two');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'a critical flag for @b.two');
    expect((await cli(repo, ['lock', id!, '--by', '@b.two'])).code).toBe(0);
    const text = (await cli(repo, ['brief', '--agent', '@b.two'])).stdout;
    expect(text.split('\n')[0]).toContain(
      '0 critical elsewhere, 1 critical flag blocks your commits',
    );
    const client = await connectInProcess(repo, { by: '@b.two' });
    const mcp = (await call(client, 'brief')).structuredContent as {
      counts: { critical_blocking_you: number; critical_elsewhere_blocking_you: number };
    };
    expect(mcp.counts).toMatchObject({
      critical_blocking_you: 1,
      critical_elsewhere_blocking_you: 0,
    });
    write(repo, 'work.ts', 'export const x = 1;\n');
    git(repo, 'add', 'work.ts');
    const gate = await cli(repo, ['gate', 'pre-commit'], { FLAGSTORE_AGENT: '@b.two' });
    expect(gate.code).not.toBe(0);
    expect(gate.stdout + gate.stderr).toContain('commit blocked: 1 unresolved critical flag(s)');
  });
});

describe('replies and chains', () => {
  it('links a reply to the question, shows the waiting agent both forms of answer, and the chain', async () => {
    const repo = await makeRepo();
    const work = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    expect((await cli(repo, ['lock', work, '--by', '@b.two', '--ttl', '4h'])).code).toBe(0);
    const ask = (to: string) =>
      createFlag(repo, '@b.two', 'information_request', '--to', to, '--chain', work);
    const q1 = await ask('@a.one');
    const q2 = await ask('@c.three');
    const replied = await cli(repo, ['--json', 'reply', q1, '--by', '@a.one', '--change', ANSWER]);
    expect(replied.code).toBe(0);
    const r = replied.json<{ reply: { id: string }; question: { status: string } }>();
    expect(r.reply).toMatchObject({
      chain_origin_id: q1,
      target_agent: '@b.two',
      source_agent: '@a.one',
    });
    expect(r.question.status).toBe('completed');
    expect((await cli(repo, ['complete', q2, '--by', '@c.three', '--notes', 'Use v2.'])).code).toBe(
      0,
    );
    const brief = await cli(repo, ['--json', 'brief', '--agent', '@b.two']);
    const answers = brief.json<{
      waiting: { answers: { kind: string; flag: { id: string } }[] }[];
    }>().waiting[0]!.answers;
    expect(answers.map((a) => [a.kind, a.flag.id]).sort()).toEqual(
      [
        ['completed_request', q1],
        ['completed_request', q2],
        ['reply', r.reply.id],
      ].sort(),
    );
    const text = (await cli(repo, ['brief', '--agent', '@b.two'])).stdout;
    expect(text).toContain(`answer (reply): ${r.reply.id}`);
    const shown = await cli(repo, ['--json', 'show', work]);
    const chain = shown.json<{ chain: { id: string }[] }>().chain.map((f) => f.id);
    expect(chain).toEqual([work, q1, r.reply.id, q2]);
    expect((await cli(repo, ['show', r.reply.id])).stdout).toContain(`> ${r.reply.id}`);
  });

  it('counts the locked flags that were answered, not their answers, alike in text, JSON and MCP', async () => {
    const repo = await makeRepo();
    const [answered, unanswered] = [
      await createFlag(repo, '@a.one', 'change', '--to', '@b.two'),
      await createFlag(repo, '@a.one', 'change', '--to', '@b.two'),
    ];
    for (const id of [answered, unanswered])
      expect((await cli(repo, ['lock', id, '--by', '@b.two'])).code).toBe(0);
    const q = await askAbout(repo, { from: '@b.two', to: '@a.one', about: answered });
    // One reply is two answers: the question completed ("answered in ...") and the reply flag.
    expect((await cli(repo, ['reply', q, '--by', '@a.one', '--change', ANSWER])).code).toBe(0);
    const json = (await cli(repo, ['--json', 'brief', '--agent', '@b.two'])).json<{
      waiting: { flag: { id: string }; answers: unknown[] }[];
    }>();
    const withAnswers = json.waiting.filter((w) => w.answers.length > 0);
    expect(withAnswers.map((w) => [w.flag.id, w.answers.length])).toEqual([[answered, 2]]);
    const text = (await cli(repo, ['brief', '--agent', '@b.two'])).stdout;
    expect(text).toContain('2 locked by you and waiting (1 answered)');
    const client = await connectInProcess(repo, { by: '@b.two' });
    const mcp = (await call(client, 'brief', { agent: '@b.two' })).structuredContent as {
      counts: { waiting: number; answers: number };
    };
    expect(mcp.counts).toMatchObject({ waiting: 2, answers: 1 });
  });

  it('refuses a native lock without identity, with the fix; the seed lock-flag stays anonymous', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const refused = await cli(repo, ['lock', id]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('fix: pass --by @domain.module');
    const seed = await cli(repo, ['lock-flag', id]);
    expect(seed.code).toBe(0);
    expect(seed.json()).toMatchObject({ locked: true, locked_by: null });
  });

  it('keeps the expiry when the holder locks again, and refuses another session of the same identity', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const lock = (env: Record<string, string>, ...extra: string[]) =>
      cli(repo, ['--json', 'lock', id, '--by', '@b.two', ...extra], env);
    const first = (await lock({ FLAGSTORE_SESSION: 's1' }, '--ttl', '2h')).json<{
      flag: Record<string, string>;
    }>();
    const again = (await lock({ FLAGSTORE_SESSION: 's1' })).json<{
      flag: Record<string, string>;
    }>();
    expect(again.flag.lock_expires_at).toBe(first.flag.lock_expires_at);
    const other = await lock({ FLAGSTORE_SESSION: 's2' });
    expect(other.code).toBe(6);
    expect(other.stdout).toContain('another session');
    expect((await lock({ FLAGSTORE_SESSION: 's2' }, '--force')).code).toBe(0);
    expect((await lock({ FLAGSTORE_SESSION: 's1' })).code).toBe(6);
  });
});

describe('a lock of your identity taken in another worktree', () => {
  it('is refused without FLAGSTORE_SESSION too; a lock without a session renews where it was taken', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two', '--commit');
    const other = join(tempDir(), 'other');
    git(repo, 'worktree', 'add', '-q', other);
    const lock = (where: string, env: Record<string, string> = {}) =>
      cli(where, ['lock', id, '--by', '@b.two', '--ttl', '1h'], env);
    expect((await lock(repo, { FLAGSTORE_SESSION: 's1' })).code).toBe(0);
    const elsewhere = await lock(other);
    expect(elsewhere.code).toBe(6);
    expect(elsewhere.stderr).toContain(`is your own lock, taken in your other worktree ${repo}`);
    expect((await lock(other, { FLAGSTORE_SESSION: 's1' })).code).toBe(6);
    expect((await cli(other, ['lock', id, '--by', '@b.two', '--force'])).code).toBe(0);
    // Taken here without a session: this worktree recorded it, so it renews here, not in s1.
    expect((await lock(other)).code).toBe(0);
    const named = await lock(other, { FLAGSTORE_SESSION: 's1' });
    expect(named.code).toBe(6);
    expect(named.stderr).toContain('in a call without a session');
  });

  it('names a linked worktree by its folder when git recorded it relative (worktree.useRelativePaths)', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two', '--commit');
    const other = join(realpathSync(tempDir()), 'other');
    git(repo, 'worktree', 'add', '-q', other);
    // What git 2.48+ writes with worktree.useRelativePaths: the path from the record's folder.
    const record = join(repo, '.git', 'worktrees', 'other');
    writeFileSync(join(record, 'gitdir'), `${relative(record, join(other, '.git'))}\n`);
    expect((await cli(other, ['lock', id, '--by', '@b.two'])).code).toBe(0);
    const here = await cli(repo, ['lock', id, '--by', '@b.two']);
    expect(here.code).toBe(6);
    expect(here.stderr).toContain(`taken in your other worktree ${other}:`);
    expect(here.stderr).toContain(`cd ${other} && flagstore unlock ${id}`);
  });
});

describe('sessions under concurrency', () => {
  it('six sessions of one identity locking at once (real processes): exactly one holds the lock', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const sessions = Array.from({ length: 6 }, (_, i) => `session-${i}`);
    const results = await Promise.all(
      sessions.map((s) =>
        spawnCli(repo, ['--json', 'lock', id, '--by', '@b.two'], { FLAGSTORE_SESSION: s }),
      ),
    );
    const won = sessions.filter((_, i) => results[i]?.code === 0);
    expect(won).toHaveLength(1);
    // The winner's session is the one recorded, and it can renew its own lock.
    const again = await cli(repo, ['lock', id, '--by', '@b.two'], {
      FLAGSTORE_SESSION: won[0] ?? '',
    });
    expect(again.code, again.stderr).toBe(0);
    const refused = results.filter((r) => r.code !== 0);
    expect(
      refused.every((r) =>
        r.json<{ error: { message: string } }>().error.message.includes('another session'),
      ),
    ).toBe(true);
  });
});

describe('the commit block message', () => {
  it('shows the count first, at most 10 flags, how to see all, and that an identity narrows it', async () => {
    const repo = await makeRepo();
    writeFlags(repo, 48, '@b.two');
    git(repo, 'add', '-A');
    // A set-up commit: the hook under test runs at the commits below.
    git(repo, 'commit', '-q', '--no-verify', '-m', 'flags');
    write(repo, 'work.ts', 'export const x = 1;\n');
    git(repo, 'add', 'work.ts');
    const blocked = commit(repo, []);
    const lines = blocked.output.split('\n');
    const head = lines.findIndex((l) =>
      l.includes('commit blocked: 12 unresolved critical flag(s); the first 10'),
    );
    expect(head).toBeGreaterThanOrEqual(0);
    expect(blocked.output.match(/resolve: flagstore complete/g)).toHaveLength(10);
    expect(blocked.output).toContain('...and 2 more');
    expect(blocked.output).toContain('see them all: flagstore list --impact critical');
    expect(blocked.output).toContain('no agent identity is set, so every critical flag blocks');
    // The same gate with an identity, in this process (the hook's entry): the hook ran above.
    const gate = await cli(repo, ['gate', 'pre-commit'], { FLAGSTORE_AGENT: '@b.two' });
    expect(gate.code).not.toBe(0);
    const mine = { output: gate.stdout + gate.stderr };
    expect(mine.output).toContain('flagstore list --impact critical --for @b.two');
    expect(mine.output).not.toContain('no agent identity is set');
  });
});
