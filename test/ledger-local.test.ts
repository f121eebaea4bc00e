import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BIN,
  cli,
  createArgs,
  createFlag,
  git,
  makeRepo,
  readFlag,
  spawnCli,
  tempDir,
} from './helpers.js';
import { ledgerPath } from '../src/core/ledger-layout.js';
import { slowerCompletion, stallBeforePublish } from './stall-helpers.js';
import { commitLedger } from './ledger-helpers.js';

/**
 * `show` of a flag whose `invalid` copy YAML refuses: its plain output (which never says it merged
 * the copies), after checking that --json names that copy.
 */
async function showInvalid(repo: string, id: string, invalid: 'work' | 'ledger'): Promise<string> {
  const shown = await cli(repo, ['show', id]);
  expect(shown.code, shown.stderr).toBe(0);
  expect(shown.stdout).not.toContain('shown merged');
  const json = (await cli(repo, ['--json', 'show', id])).json<{ invalid_copy: string | null }>();
  expect(json.invalid_copy).toBe(invalid);
  return shown.stdout;
}

interface Shown {
  flag: { status: string; completed_by: string | null; notes: string | null; locked_by: string };
  differs: string[];
}

const show = async (dir: string, id: string): Promise<Shown> =>
  (await cli(dir, ['--json', 'show', id])).json<Shown>();

const listed = async (dir: string, agent: string): Promise<string[]> =>
  (await cli(dir, ['--json', 'list', '--for', agent]))
    .json<{ flags: { id: string }[] }>()
    .flags.map((f) => f.id);

describe('the ledger in one clone', () => {
  it('worktrees: a reply written in B shows in the chain of its question in A', async () => {
    const a = await makeRepo();
    const b = join(tempDir(), 'b');
    git(a, 'worktree', 'add', '-q', '-b', 'feature-b', b);
    const question = await createFlag(a, '@a.one', 'information_request', '--to', '@b.two');
    const answer =
      'The preferences column is nullable; the loaders default it to an empty object for old rows.';
    const replied = await cli(b, [
      '--json',
      'reply',
      question,
      '--by',
      '@b.two',
      '--change',
      answer,
    ]);
    expect(replied.code, replied.stderr).toBe(0);
    const reply = replied.json<{ reply: { id: string } }>().reply.id;
    // The reply's file is only in B's work tree and in the ledger, never in A's folder.
    const shown = await cli(a, ['--json', 'show', question]);
    const chain = shown.json<{ chain: { id: string }[] }>().chain.map((f) => f.id);
    expect(chain).toEqual([question, reply]);
  });

  it('worktrees: a flag created (uncommitted) in A is seen in B at once, B completes it, A sees that', async () => {
    const a = await makeRepo();
    const b = join(tempDir(), 'b');
    git(a, 'worktree', 'add', '-q', '-b', 'feature-b', b);
    const heads = git(a, 'rev-parse', 'main', 'feature-b');
    const id = await createFlag(a, '@a.one', 'change', '--to', '@b.two');
    expect(await listed(b, '@b.two')).toEqual([id]);
    const seed = await cli(b, ['get-agent-flags', '@b.two']);
    expect(seed.stdout).toContain(id);
    const done = await cli(b, ['complete', id, '--by', '@b.two', '--notes', 'done in B']);
    expect(done.code, done.stderr).toBe(0);
    expect((await show(a, id)).flag).toMatchObject({ status: 'completed', notes: 'done in B' });
    expect(await listed(a, '@b.two')).toEqual([]);
    expect(git(a, 'rev-parse', 'main', 'feature-b')).toBe(heads);
    expect(git(b, 'status', '--porcelain')).toBe('');
    expect(git(a, 'status', '--porcelain')).toBe(`?? flags/${id}.md\n`);
    const history = await cli(a, ['--json', 'log', id]);
    const completed = history
      .json<{ entries: { change: { kind: string }; agent: string; branches: string[] }[] }>()
      .entries.find((e) => e.change.kind === 'completed');
    expect(completed?.agent).toBe('@b.two');
    expect(completed?.branches[0]).toContain(`ledger, from feature-b at `);
  });

  it('a hand-written flag file is a flag, a hand edit of its notes shows, and the next write records both', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const path = join(repo, 'flags', `${id}.md`);
    const original = readFlag(repo, id);
    writeFileSync(path, `${original.trimEnd()}\n\n## Notes\n\nby hand\n`);
    const copy = `${id.slice(0, 25)}${id.endsWith('Z') ? 'Y' : 'Z'}`;
    writeFileSync(join(repo, 'flags', `${copy}.md`), original.replace(id, copy));
    expect(await listed(repo, '@b.two')).toContain(copy);
    const shown = await show(repo, id);
    expect(shown.flag.notes).toBe('by hand');
    expect(shown.differs).toEqual(['notes']);
    expect((await cli(repo, ['lock', id, '--by', '@b.two'])).code).toBe(0);
    const recorded = git(repo, 'show', `flagstore:${ledgerPath('flags', id)}`);
    expect(recorded).toContain('by hand');
    expect(recorded).toMatch(/^locked_by: "?@b\.two"?$/m);
    expect((await show(repo, id)).differs).toEqual([]);
  });

  it("show says a hand edit broke the work tree's file, rather than that it merged the copies", async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const path = join(repo, 'flags', `${id}.md`);
    // An editor's slip (field trial 40): a tab indents a key, which YAML refuses.
    writeFileSync(path, readFlag(repo, id).replace('locked: false', '\tlocked: false'));
    const shown = await showInvalid(repo, id, 'work');
    expect(shown).toContain("this work tree's file is invalid, so the ledger's copy is shown");
    expect(shown).toContain(`flagstore validate flags/${id}.md`);
  });

  it("show says when the ledger's copy is the invalid one, and shows the work tree's file", async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    // The ledger's copy replaced by one YAML refuses (a tab), by git's plumbing.
    const broken = join(tempDir(), 'broken.md');
    writeFileSync(broken, readFlag(repo, id).replace('locked: false', '\tlocked: false'));
    const blob = git(repo, 'hash-object', '-w', broken).trim();
    commitLedger(repo, 'refs/heads/flagstore', [`100644 ${blob}\t${ledgerPath('flags', id)}`]);
    const shown = await showInvalid(repo, id, 'ledger');
    expect(shown).toContain("the ledger's copy of this flag is invalid, so this work tree's");
  });

  it('a flag file renamed by hand: writes refuse with the fix, show names the file, and after the fix writes land in it', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'information_request', '--to', '@b.two');
    // Field trial 40: lock and complete said success in the ledger, the renamed file stayed pending.
    renameSync(join(repo, 'flags', `${id}.md`), join(repo, 'flags', 'renamed.md'));
    const writes = [
      ['lock', id, '--by', '@b.two'],
      ['complete', id.slice(-5), '--by', '@b.two', '--notes', 'done'],
      ['reply', id, '--by', '@b.two', '--change', 'The column is nullable.'],
    ];
    for (const args of writes) {
      const res = await cli(repo, args);
      expect(res.code, args[0]).toBe(3);
      expect(res.stderr).toContain(`renamed by hand to flags/renamed.md`);
      expect(res.stderr).toContain('fix: flagstore validate --fix');
    }
    expect((await show(repo, id)).flag).toMatchObject({ status: 'pending', locked_by: null });
    expect(await listed(repo, '@b.two')).toEqual([id]);
    const shown = await cli(repo, ['show', id]);
    expect(shown.stdout).toContain('this work tree holds this flag in flags/renamed.md');
    const json = (await cli(repo, ['--json', 'show', id])).json<{ renamed_copy: string }>();
    expect(json.renamed_copy).toBe('flags/renamed.md');
    expect((await cli(repo, ['validate', '--fix'])).code).toBe(0);
    expect((await cli(repo, ['lock', id, '--by', '@b.two'])).code).toBe(0);
    expect(readFlag(repo, id)).toMatch(/^locked_by: "?@b\.two"?$/m);
  });

  it('a stalled writer (SIGSTOP in its critical section) fails loudly after another completion lands', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const slow = await slowerCompletion({ id, slowCwd: repo, fastRepo: repo });
    expect(slow.code).toBe(6);
    expect(slow.stderr).toContain('already completed by @fast.agent');
    const flag = (await show(repo, id)).flag;
    expect(flag).toMatchObject({ completed_by: '@fast.agent', notes: 'fast' });
    expect(readFlag(repo, id)).not.toContain('slow');
  });

  it('a writer killed in its critical section leaves no lock behind: the next write just works', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const { child: dead } = await stallBeforePublish({
      bin: BIN,
      args: ['lock', id, '--by', '@dead.agent'],
      cwd: repo,
      stop: false,
    });
    dead.kill('SIGKILL');
    const res = await cli(repo, ['--json', 'lock', id, '--by', '@live.agent']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.json<{ flag: { locked_by: string } }>().flag.locked_by).toBe('@live.agent');
    // No lock file of git's or ours is left behind by the killed writer.
    expect(existsSync(join(repo, '.git', 'refs', 'heads', 'flagstore.lock'))).toBe(false);
    expect(existsSync(join(repo, '.git', 'index.lock'))).toBe(false);
  });

  it('8 concurrent --commit writes: each succeeds or says to retry; the index stays whole', async () => {
    const repo = await makeRepo();
    git(repo, 'config', 'core.hooksPath', tempDir());
    writeFileSync(join(repo, 'staged.txt'), 'staged by the user\n');
    git(repo, 'add', 'staged.txt');
    const before = git(repo, 'rev-list', '--count', 'HEAD');
    // Eight writers at once (sixteen before): a commit waits out busy locks for up to 45 s
    // (src/git/commit.ts), so none lost in two runs of each count on the loaded 2-core machine.
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        spawnCli(repo, [
          '--json',
          ...createArgs('change', '--to', '@b.two'),
          '--by',
          `@n.a${i}`,
          '--commit',
        ]),
      ),
    );
    const won = results.filter((r) => r.code === 0);
    for (const r of results.filter((r) => r.code !== 0))
      expect(r.stdout + r.stderr).toMatch(/retry/);
    const commits = won.map((r) => r.json<{ commit: string }>().commit);
    expect(new Set(commits).size).toBe(won.length);
    expect(Number(git(repo, 'rev-list', '--count', 'HEAD'))).toBe(Number(before) + won.length);
    for (const c of commits) {
      expect(git(repo, 'show', '--name-only', '--format=', c).trim()).toMatch(
        /^flags\/\w{26}\.md$/,
      );
    }
    expect(git(repo, 'diff', '--cached', '--name-only')).toBe('staged.txt\n');
    expect(git(repo, 'fsck', '--no-progress', '--no-dangling')).toBe('');
    expect(won.length).toBeGreaterThan(0);
  }, 180_000);
});
