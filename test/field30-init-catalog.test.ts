/**
 * A user with Claude Code agents in `.claude/agents/`, not yet committed, runs `init --agent
 * claude`: init reads them as the catalog and names them in its example flag, but the `git add`
 * line it printed left them out, so every other clone of the repository had an empty catalog
 * (`agents list`, `search` and `brief` knew none of the agents).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, emptyRepo, git, tempDir } from './helpers.js';

describe('init: the set-up commit it prints holds the catalog it read', () => {
  it('adds uncommitted agent files, and a clone of the commit knows the agents', async () => {
    const repo = emptyRepo();
    mkdirSync(join(repo, '.claude', 'agents'), { recursive: true });
    for (const name of ['db-tuner', 'api-designer']) {
      const text = `---\nname: ${name}\ndescription: Works on ${name}\ntools: Read, Grep\n---\nPrompt.\n`;
      writeFileSync(join(repo, '.claude', 'agents', `${name}.md`), text);
    }
    writeFileSync(join(repo, 'wip.txt'), 'half-done work\n');
    const init = await cli(repo, ['init', '--agent', 'claude']);
    expect(init.code).toBe(0);
    const line = init.stdout.split('\n').find((l) => l.trim().startsWith('git add'));
    execFileSync('sh', ['-c', line ?? 'false'], { cwd: repo });
    expect(git(repo, 'status', '--porcelain')).toBe('?? wip.txt\n');

    const clone = tempDir();
    git(clone, 'clone', '-q', repo, '.');
    const agents = await cli(clone, ['--json', 'agents', 'list']);
    const handles = agents.json<{ agents: { handle: string }[] }>().agents.map((a) => a.handle);
    expect(handles).toEqual(['@api-designer', '@db-tuner']);
  });
});
