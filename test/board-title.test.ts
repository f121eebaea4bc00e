/**
 * The board's title names the project, not the folder it was opened in: agents working from
 * linked worktrees (`agent-2`) see their project's name with the worktree after it, and a bare
 * repository's worktrees show its name without `.git`.
 */
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBoard } from '../src/services/board-data.js';
import { openWorkspace } from '../src/services/workspace.js';
import { git, makeRepo, tempDir } from './helpers.js';

const title = async (dir: string): Promise<string> =>
  (await loadBoard(await openWorkspace(dir))).data.repo;

describe('the board title', () => {
  it("is the folder's name in the main worktree, the project and worktree in a linked one", async () => {
    const repo = await makeRepo();
    expect(await title(repo)).toBe(basename(repo));
    const linked = join(tempDir(), 'agent-2');
    git(repo, 'worktree', 'add', '-q', linked, '-b', 'agent-2');
    expect(await title(linked)).toBe(`${basename(repo)} (agent-2)`);
  });

  it("is a bare repository's name without .git, beside the worktree's", async () => {
    const repo = await makeRepo();
    const bare = join(tempDir(), 'shop.git');
    git(repo, 'clone', '-q', '--bare', repo, bare);
    const linked = join(tempDir(), 'agent-3');
    git(bare, 'worktree', 'add', '-q', linked, 'main');
    expect(await title(linked)).toBe('shop (agent-3)');
  });
});
