/**
 * Field sweep 19: what `init` tells a new user to run next. Each clone runs `init` once (hooks
 * and the merge driver live in .git), where the set-up is already committed; and a user may run
 * it in a repository with work in progress. `git add -A` would commit that work with the set-up.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, emptyRepo, git, makeRepo, tempDir } from './helpers.js';

/** The `git add ...` line init printed, run as the user would paste it. */
function runPrinted(repo: string, stdout: string): void {
  const line = stdout.split('\n').find((l) => l.trim().startsWith('git add'));
  expect(line).toBeDefined();
  execFileSync('sh', ['-c', line ?? 'false'], { cwd: repo });
}

/** A new repository, nothing committed, with two Claude Code agents in `.claude/agents/`. */
function claudeRepo(): string {
  const repo = tempDir();
  git(repo, 'init', '-q', '-b', 'main');
  mkdirSync(join(repo, '.claude', 'agents'), { recursive: true });
  for (const [name, what] of [
    ['db-tuner', 'Tunes databases'],
    ['api-designer', 'Designs REST APIs'],
  ]) {
    const text = `---\nname: ${name}\ndescription: ${what}\n---\nPrompt.\n`;
    writeFileSync(join(repo, '.claude', 'agents', `${name}.md`), text);
  }
  return repo;
}

describe('init: the next step it prints', () => {
  it('commits only the set-up files, leaving work in progress out', async () => {
    const repo = emptyRepo();
    writeFileSync(join(repo, 'wip.txt'), 'half-done work\n');
    const init = await cli(repo, ['init']);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('next: commit the set-up, then create a flag:');
    expect(init.stdout).not.toContain('git add -A');
    // The repository has no docs/ of flagstore's: the hint names whose docs they are.
    expect(init.stdout).toContain("(flagstore's own docs/concepts.md, in its package, explains");
    runPrinted(repo, init.stdout);
    expect(git(repo, 'status', '--porcelain')).toBe('?? wip.txt\n');
    // No catalog yet: the example flag keeps its placeholders.
    expect(init.stdout).toContain('create change --by @you.module --to @other.agent --change');
  });

  it("names the catalog's own agents in the example flag, not placeholders", async () => {
    const repo = claudeRepo();
    const init = await cli(repo, ['init']);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain(
      'flagstore create change --by @api-designer --to @db-tuner --change "..." --action "..."',
    );
    expect(init.stdout).not.toContain('@other.agent');
  });

  it('with flagstore.agent set (field trial 42), leaves --by out and sends to another agent', async () => {
    const init = await cli(withIdentity(), ['init']);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain(
      'flagstore create change --to @api-designer --change "..." --action "..."',
    );
    expect(init.stdout).not.toContain('--by');
    // An explicit --by is printed, and the target is still another agent.
    const given = await cli(withIdentity(), ['--by', '@api-designer', 'init']);
    expect(given.stdout).toContain('create change --by @api-designer --to @db-tuner --change');
  });

  it('init --agent claude after set-up leaves pending flag files out of the set-up commit', async () => {
    const repo = await makeRepo();
    const flag = 'flags/01JD3ZQ8XKQ5V7W9Y2B4C6D8EF.md';
    writeFileSync(join(repo, flag), 'a flag file not yet committed\n');
    const init = await cli(repo, ['init', '--agent', 'claude']);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('git add -- .mcp.json .claude/settings.json CLAUDE.md &&');
    runPrinted(repo, init.stdout);
    expect(git(repo, 'status', '--porcelain')).toBe(`?? ${flag}\n`);
  });

  it('in a clone whose set-up is committed, says to create a flag, not to commit', async () => {
    const repo = await makeRepo();
    rmSync(join(repo, '.git', 'hooks', 'pre-commit'));
    git(repo, 'config', '--unset', 'merge.flagstore.driver');
    writeFileSync(join(repo, 'wip.txt'), 'half-done work\n');
    const init = await cli(repo, ['init']);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('created    .git/hooks/pre-commit');
    expect(init.stdout).not.toContain('git add');
    expect(init.stdout).not.toContain('commit the set-up');
    expect(init.stdout).toContain('next: create a flag:');
  });

  it('run again before the set-up is committed (field trial 40: husky installed after init), still names the empty folders', async () => {
    const repo = emptyRepo();
    expect((await cli(repo, ['init'])).code).toBe(0);
    rmSync(join(repo, '.gitattributes'));
    const again = await cli(repo, ['init']);
    expect(again.stdout).toContain('unchanged  flags/');
    runPrinted(repo, again.stdout);
    expect(git(repo, 'status', '--porcelain')).toBe('');
  });
});

/** A new repository with flagstore.agent @db-tuner and two catalog agents, before init. */
function withIdentity(): string {
  const repo = claudeRepo();
  git(repo, 'config', 'flagstore.agent', '@db-tuner');
  return repo;
}
