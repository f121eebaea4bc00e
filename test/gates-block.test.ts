import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, git, makeRepo, tempDir } from './helpers.js';
import {
  commit,
  commitToClosedPipe,
  configureGates,
  criticalFlag,
  flag,
  gate,
  write,
} from './gate-helpers.js';
import { copyOfOnce } from './template-copy.js';

/**
 * A repository where a critical flag from @a.one to @b.two is committed (a flags-only commit, let
 * through by the hook): a copy of one built once in this file.
 */
function blockedRepo(): Promise<{ repo: string; id: string }> {
  return copyOfOnce('critical', async () => {
    const repo = await makeRepo();
    return { repo, id: await criticalFlag(repo, '@a.one', '--to', '@b.two') };
  });
}

/*
 * The block on a real `git commit` (the commit refused, the index kept), its output to a closed
 * pipe, the flags-only commit of the set-up and a linked worktree's subfolder go through the
 * hook; what the verdict says in the other cases is asked of the hook's entry in this process
 * (`gate()`: no `git commit`, no node process).
 */
describe('the critical-flag block, through real git commits', () => {
  it('blocks work while a critical flag is pending, naming it and the command that resolves it', async () => {
    const { repo, id } = await blockedRepo();
    write(repo, 'work.ts', 'export const x = 1;\n');
    git(repo, 'add', 'work.ts');
    const blocked = commit(repo, []);
    expect(blocked.code).not.toBe(0);
    expect(blocked.output).toContain('commit blocked: 1 unresolved critical flag(s)');
    expect(blocked.output).toContain(`${id}  security  @a.one -> @b.two`);
    expect(blocked.output).toContain(`flagstore complete ${id} --by @b.two`);
    expect(git(repo, 'log', '--format=%s')).not.toContain('test commit\ntest commit');
    expect(git(repo, 'diff', '--cached', '--name-only')).toBe('work.ts\n');
  });

  it("still blocks when the output's reader is gone (git commit ... | head)", async () => {
    const { repo } = await blockedRepo();
    write(repo, 'work.ts', 'export const x = 1;\n');
    git(repo, 'add', 'work.ts');
    const before = git(repo, 'rev-parse', 'HEAD');
    expect(await commitToClosedPipe(repo)).not.toBe(0);
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(before);
    expect(git(repo, 'diff', '--cached', '--name-only')).toBe('work.ts\n');
  });

  it('allows work once the critical flag is completed (the gate reads the index and the ledger)', async () => {
    const { repo, id } = await blockedRepo();
    write(repo, 'work.ts', 'export const x = 1;\n');
    git(repo, 'add', 'work.ts');
    expect((await gate(repo)).code).not.toBe(0);
    expect((await cli(repo, ['complete', id, '--by', '@b.two', '--notes', 'fixed'])).code).toBe(0);
    git(repo, 'add', '-A');
    const allowed = await gate(repo);
    expect(allowed.output).toContain('pass  critical');
    expect(allowed.code).toBe(0);
  });

  it('blocks a locked critical flag too, and lets flags-only commits through while blocked', async () => {
    const { repo, id } = await blockedRepo();
    expect((await cli(repo, ['lock', id, '--by', '@b.two'])).code).toBe(0);
    git(repo, 'add', '-A');
    const lockCommit = await gate(repo);
    expect(lockCommit.code).toBe(0);
    expect(lockCommit.output).toContain('skip  critical');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'the lock');
    await flag(repo, '@c.three', 'change', '--impact', 'low');
    write(repo, 'work.ts', 'export const x = 1;\n');
    git(repo, 'add', '-A');
    const mixed = await gate(repo);
    expect(mixed.code).not.toBe(0);
    // The blocking flag's line says it is locked ("blocked" elsewhere must not satisfy this).
    const line = mixed.output.split('\n').find((l) => l.includes(`${id}  security`));
    expect(line).toMatch(/ old {2}locked$/);
  });

  it('scopes the block to the committer when known, and to everyone with critical: all', async () => {
    const { repo } = await blockedRepo();
    write(repo, 'work.ts', 'export const x = 1;\n');
    git(repo, 'add', 'work.ts');
    expect((await gate(repo, { FLAGSTORE_AGENT: '@b.two' })).code).not.toBe(0);
    git(repo, 'config', 'flagstore.agent', '@b.two');
    expect((await gate(repo)).code).not.toBe(0);
    git(repo, 'config', 'flagstore.agent', '@c.three');
    expect((await gate(repo)).code).toBe(0);
    configureGates(repo, '  critical: all\n');
    write(repo, 'more.ts', 'export const y = 2;\n');
    git(repo, 'add', 'more.ts');
    expect((await gate(repo)).code).not.toBe(0);
  });

  it('has a loud emergency override, and FLAGSTORE_SKIP is printed', async () => {
    const { repo } = await blockedRepo();
    write(repo, 'work.ts', 'export const x = 1;\n');
    git(repo, 'add', 'work.ts');
    const res = await gate(repo, { FLAGSTORE_ALLOW_CRITICAL: '1' });
    expect(res.code).toBe(0);
    expect(res.output).toContain('WARNING: 1 unresolved critical flag(s) overridden');
    write(repo, 'more.ts', 'export const y = 2;\n');
    git(repo, 'add', 'more.ts');
    const skipped = await gate(repo, { FLAGSTORE_SKIP: 'critical,markers' });
    expect(skipped.code).toBe(0);
    expect(skipped.output).toContain(
      'skipping for this commit (FLAGSTORE_SKIP): critical, markers',
    );
    expect(skipped.output).toContain('skip  markers');
  });

  it('prints a notice (without blocking) when staged files match pending flags', async () => {
    const repo = await makeRepo();
    const id = await flag(repo, '@a.one', 'change', '--files', 'src/*.ts');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'the flag');
    write(repo, 'README.md', 'hello\n');
    git(repo, 'add', 'README.md');
    const unrelated = await gate(repo);
    expect(unrelated.code).toBe(0);
    expect(unrelated.output).not.toContain('notice:');
    mkdirSync(join(repo, 'src'));
    write(repo, 'src/users.ts', 'export const u = 1;\n');
    git(repo, 'add', 'src/users.ts');
    const res = await gate(repo);
    expect(res.code).toBe(0);
    // 86 columns on one line: wrapped to the hook's 80 (round mend37a).
    expect(res.output).toContain(
      `notice: pending flag ${id} (change, medium) concerns\n  src/users.ts`,
    );
  });

  it('prints the 10 most urgent notices and counts the rest (field trial 41: 189 a commit)', async () => {
    const repo = await makeRepo();
    const files = ['--files', 'src/users.ts'];
    const low: string[] = [];
    for (let i = 0; i < 11; i += 1)
      low.push(await flag(repo, '@a.one', 'change', ...files, '--impact', 'low'));
    // The newest, and the only high one: listing order put it last, past the 10 shown.
    const high = await flag(
      repo,
      '@a.one',
      'change',
      ...files,
      '--impact',
      'high',
      '--to',
      '@b.two',
    );
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'the flags');
    mkdirSync(join(repo, 'src'));
    write(repo, 'src/users.ts', 'export const u = 1;\n');
    git(repo, 'add', 'src/users.ts');
    const res = await gate(repo);
    expect(res.code).toBe(0);
    const shown = [...res.output.matchAll(/^notice: pending flag (\S+)/gm)].map((m) => m[1]);
    expect(shown).toEqual([high, ...low.slice(0, 9)]);
    expect(res.output).toContain('notice: ...and 2 more pending flag(s) concern the staged files');
    const json = await cli(repo, ['--json', 'gate', 'pre-commit']);
    expect(json.json<{ notices: unknown[] }>().notices).toHaveLength(12);
  });

  it('works from a linked worktree and a subfolder (the hook locates the repository from git)', async () => {
    const { repo, id } = await blockedRepo();
    const tree = join(tempDir(), 'linked');
    git(repo, 'worktree', 'add', '-q', tree);
    mkdirSync(join(tree, 'sub'));
    write(tree, 'sub/work.ts', 'export const x = 1;\n');
    git(tree, 'add', 'sub/work.ts');
    const blocked = commit(join(tree, 'sub'), []);
    expect(blocked.code).not.toBe(0);
    expect(blocked.output).toContain(`${id}  security`);
    expect(existsSync(join(repo, '.git', 'worktrees', 'linked', 'flagstore'))).toBe(true);
  });

  it('a critical flag created in another worktree blocks here; completed there, it stops blocking', async () => {
    const repo = await makeRepo();
    const other = join(tempDir(), 'other');
    git(repo, 'worktree', 'add', '-q', '-b', 'other', other);
    const id = await flag(other, '@a.one', 'security', '--impact', 'critical', '--to', '@b.two');
    git(other, 'add', '-A');
    git(other, 'commit', '-q', '--no-verify', '-m', 'a critical flag');
    write(repo, 'work.ts', 'export const x = 1;\n');
    git(repo, 'add', 'work.ts');
    const blocked = await gate(repo);
    expect(blocked.code).not.toBe(0);
    expect(blocked.output).toContain(id);
    expect((await cli(other, ['complete', id, '--by', '@b.two'])).code).toBe(0);
    expect((await gate(repo)).code).toBe(0);
  });
});
