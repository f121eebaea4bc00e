/**
 * `agents import '~/.claude/agents'`: Claude Code's docs name the user's agents folder that way,
 * and quoted (in a script, or from a tool that runs no shell) the `~` reaches flagstore as is.
 * The refusal said only "no such file or folder: <repo>/~/.claude/agents", with no fix.
 */
import { describe, expect, it } from 'vitest';
import { shellWord } from '../src/git/shell-word.js';
import { cli, makeRepo } from './helpers.js';

describe('agents import of a missing folder', () => {
  it('says that a quoted ~ is not the home folder, and how to write it', async () => {
    const repo = await makeRepo();
    const res = await cli(repo, ['agents', 'import', '~/.claude/agents']);
    expect(res.code).toBe(4);
    expect(res.stderr).toContain('no such file or folder');
    expect(res.stderr).toContain('fix:');
    expect(res.stderr).toContain('write ~/.claude/agents unquoted, or "$HOME"/.claude/agents');
  });

  it('gives the path after ~ as a shell word, so the line it suggests runs nothing else', async () => {
    const repo = await makeRepo();
    const res = await cli(repo, ['agents', 'import', '~/my agents/$(id)']);
    expect(res.code).toBe(4);
    const word = shellWord('my agents/$(id)');
    expect(res.stderr).toContain(`write ~/${word} unquoted, or "$HOME"/${word}`);
  });

  it('names what to give for any other missing path', async () => {
    const repo = await makeRepo();
    const res = await cli(repo, ['agents', 'import', 'no-such-dir']);
    expect(res.code).toBe(4);
    expect(res.stderr).toMatch(/fix: .*folder of agent files/);
  });
});
