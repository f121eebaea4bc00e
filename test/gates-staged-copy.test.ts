/**
 * The critical block reads the staged copy as every reader reads the working tree's: a
 * completion on either copy counts, the ledger decides the lock, and impact and target are the
 * staged copy's (docs/multi-agent.md, "What every command reads"). What the block decides is
 * asked of the hook's entry in this process (`gate()`, no `git commit`: the hook itself is
 * tested in gates-block.test.ts), and set-up commits are made with --no-verify.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, createFlag, git, makeRepo } from './helpers.js';
import { criticalFlagNoVerify, gate, write, type CommitResult } from './gate-helpers.js';
import { cloneOf, repoWithRemote } from './ledger-helpers.js';
import { copyOfOnce } from './template-copy.js';

/**
 * A repository where a critical flag from @a.one to @b.two is committed: a copy of one built
 * once in this file.
 */
function criticalRepo(): Promise<{ repo: string; id: string }> {
  return copyOfOnce('critical', async () => {
    const repo = await makeRepo();
    return { repo, id: await criticalFlagNoVerify(repo, '@a.one', '--to', '@b.two') };
  });
}

/** Marks a flag file completed by hand, as an agent editing front matter would. */
function completeByHand(repo: string, id: string, by: string): void {
  const path = join(repo, 'flags', `${id}.md`);
  const text = readFileSync(path, 'utf8')
    .replace('status: pending', 'status: completed')
    .replace('completed_at: null', 'completed_at: 2026-12-03T10:40:00.000Z')
    .replace('completed_by: null', `completed_by: '${by}'`);
  writeFileSync(path, text);
}

/** Stages a code file (and `also`) and runs the gate as @b.two, whom the flags are for. */
function commitWork(repo: string, ...also: string[]): Promise<CommitResult> {
  write(repo, 'work.ts', 'export const x = 1;\n');
  git(repo, 'add', 'work.ts', ...also);
  return gate(repo, { FLAGSTORE_AGENT: '@b.two' });
}

describe('a critical flag completed in the index but pending in the ledger', () => {
  it('does not block the commit that completes it by hand, which list already shows done', async () => {
    const { repo, id } = await criticalRepo();
    completeByHand(repo, id, '@b.two');
    write(repo, 'work.ts', 'export const x = 1;\n');
    git(repo, 'add', 'work.ts', `flags/${id}.md`);
    const listed = await cli(repo, ['--json', 'list', '--impact', 'critical']);
    expect(listed.json<{ flags: unknown[] }>().flags).toEqual([]);
    const res = await gate(repo, { FLAGSTORE_AGENT: '@b.two' });
    expect(res.output).not.toContain('commit blocked');
    expect(res.code, res.output).toBe(0);
  });

  it('does not block a clone that pulled the completion before the ledger was synced', async () => {
    const { bare, repo: x } = await repoWithRemote();
    const id = await criticalFlagNoVerify(x, '@a.one', '--to', '@b.two');
    git(x, 'push', '-q', 'origin', 'main');
    expect((await cli(x, ['sync'])).code).toBe(0);
    const y = await cloneOf(bare, 'y');
    expect((await cli(y, ['sync'])).code).toBe(0);
    const done = await cli(x, ['complete', id, '--by', '@b.two', '--notes', 'fixed']);
    expect(done.code, done.stderr).toBe(0);
    git(x, 'add', '-A');
    git(x, 'commit', '-q', '--no-verify', '-m', 'complete');
    git(x, 'push', '-q', 'origin', 'main');
    git(y, 'pull', '-q', '--no-rebase', 'origin', 'main');
    const res = await commitWork(y);
    expect(res.output).not.toContain('commit blocked');
    expect(res.code, res.output).toBe(0);
  });

  it('still blocks while the index holds it pending or does not hold it', async () => {
    const { repo, id } = await criticalRepo();
    git(repo, 'rm', '-q', '--cached', `flags/${id}.md`);
    const res = await commitWork(repo);
    expect(res.output).toContain('commit blocked: 1 unresolved critical flag(s)');
  });
});

/** Rewrites one front-matter line of a flag file, as an agent editing it by hand would. */
function editLine(repo: string, id: string, from: string, to: string): void {
  const path = join(repo, 'flags', `${id}.md`);
  writeFileSync(path, readFileSync(path, 'utf8').replace(from, to));
}

describe('impact edited by hand in a staged flag the ledger also holds', () => {
  it('blocks once escalated to critical, as list shows it', async () => {
    const repo = await makeRepo();
    const args = ['breaking_change', '--impact', 'high', '--to', '@b.two'];
    const id = await createFlag(repo, '@a.one', ...args);
    editLine(repo, id, 'impact_level: high', 'impact_level: critical');
    write(repo, 'work.ts', 'export const x = 1;\n');
    git(repo, 'add', 'work.ts', `flags/${id}.md`);
    const listed = await cli(repo, ['--json', 'list', '--impact', 'critical']);
    expect(listed.json<{ flags: { id: string }[] }>().flags.map((f) => f.id)).toEqual([id]);
    const res = await gate(repo, { FLAGSTORE_AGENT: '@b.two' });
    expect(res.output).toContain('commit blocked: 1 unresolved critical flag(s)');
    expect(res.code).not.toBe(0);
  });

  it('lets the commit through once lowered from critical by hand, as list shows it', async () => {
    const repo = await makeRepo();
    const args = ['breaking_change', '--impact', 'critical', '--to', '@b.two'];
    const id = await createFlag(repo, '@a.one', ...args);
    editLine(repo, id, 'impact_level: critical', 'impact_level: high');
    write(repo, 'work.ts', 'export const x = 1;\n');
    git(repo, 'add', 'work.ts', `flags/${id}.md`);
    const listed = await cli(repo, ['--json', 'list', '--impact', 'critical']);
    expect(listed.json<{ flags: { id: string }[] }>().flags).toEqual([]);
    const res = await gate(repo, { FLAGSTORE_AGENT: '@b.two' });
    expect(res.output).not.toContain('commit blocked');
    expect(res.code, res.output).toBe(0);
  });

  it("keeps the ledger's lock: a flag locked in another worktree shows locked in the block", async () => {
    const { repo, id } = await criticalRepo();
    expect((await cli(repo, ['lock', id, '--by', '@b.two'])).code).toBe(0);
    git(repo, 'checkout', '--', `flags/${id}.md`);
    const res = await commitWork(repo);
    expect(res.output).toMatch(new RegExp(`${id}  security .* old  locked`));
  });
});
