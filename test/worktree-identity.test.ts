/**
 * Each worktree's agent with its own identity, as docs/troubleshooting.md says to give it:
 * worktrees share their clone's config, so the identity goes in each worktree's own config
 * (`extensions.worktreeConfig`, `git config --worktree`). The full CLI and the write entry of
 * the binary both read it there, and the shared identity stays the main worktree's.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, createArgs, git, makeRepo, spawnCli, tempDir } from './helpers.js';

async function sourceOf(dir: string, spawned: boolean): Promise<string> {
  const args = ['--json', ...createArgs('change', '--to', '@c.three')];
  const res = spawned ? await spawnCli(dir, args) : await cli(dir, args);
  expect(res.code, res.stderr).toBe(0);
  return res.json<{ flag: { source_agent: string } }>().flag.source_agent;
}

describe('an identity per worktree', () => {
  it('git config --worktree names the agent of that worktree only', async () => {
    const repo = await makeRepo();
    const second = join(tempDir(), 'second');
    git(repo, 'worktree', 'add', '-q', '-b', 'second', second);
    git(repo, 'config', 'flagstore.agent', '@a.one');
    git(repo, 'config', 'extensions.worktreeConfig', 'true');
    git(second, 'config', '--worktree', 'flagstore.agent', '@b.two');
    expect(await sourceOf(second, false)).toBe('@b.two');
    expect(await sourceOf(second, true)).toBe('@b.two');
    expect(await sourceOf(repo, false)).toBe('@a.one');
    expect(await sourceOf(repo, true)).toBe('@a.one');
  });
});
