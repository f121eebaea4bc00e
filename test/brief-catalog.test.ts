/**
 * `brief` names the agent files that did not load exactly as the catalog commands do, without
 * indexing the catalog for search, and sees an agent file change.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, makeRepo } from './helpers.js';

const CLAUDE_AGENTS = resolve(import.meta.dirname, 'data', 'claude-agents');

interface Failure {
  file: string;
  reason: string;
}

async function notLoaded(repo: string, args: string[]): Promise<Failure[]> {
  return (await cli(repo, ['--json', ...args])).json<{ not_loaded: Failure[] }>().not_loaded;
}

describe('brief and the agent catalog', () => {
  it('reports invalid and duplicate agent files as the catalog does, without indexing it', async () => {
    const repo = await makeRepo();
    const agents = join(repo, '.claude', 'agents');
    mkdirSync(join(repo, '.claude'), { recursive: true });
    cpSync(CLAUDE_AGENTS, agents, { recursive: true });
    writeFileSync(join(agents, 'broken.md'), '---\nname: Broken Agent!\n---\n');
    copyFileSync(join(agents, 'debugger.md'), join(agents, 'z-debugger-copy.md'));
    const brief = ['brief', '--agent', '@debugger'];

    const light = await notLoaded(repo, brief);
    expect(existsSync(join(repo, '.git', 'flagstore', 'cache-agents.json'))).toBe(false);
    expect(light.map((f) => f.file)).toEqual([
      '.claude/agents/broken.md',
      '.claude/agents/z-debugger-copy.md',
    ]);
    expect(light).toEqual(await notLoaded(repo, ['agents', 'list']));
    expect(await notLoaded(repo, brief)).toEqual(light);

    writeFileSync(join(agents, 'broken.md'), '---\nname: mended-agent\ndescription: Fixed.\n---\n');
    expect((await notLoaded(repo, brief)).map((f) => f.file)).toEqual([
      '.claude/agents/z-debugger-copy.md',
    ]);
  });
});
