/** Fixes from round six's review: unreadable agent files, lost warnings, CR LF hooks, and more. */
import { setTimeout as sleep } from 'node:timers/promises';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './answer-helpers.js';
import { cli, git, makeRepo, spawnCli } from './helpers.js';

const AGENT = '---\nname: backend.api\ndescription: REST endpoints and their tests\n---\nbody\n';

describe('an agent file that cannot be read', () => {
  it('leaves reads, agents list and brief working, and is reported as not loaded', async () => {
    const repo = await makeRepo();
    writeFileSync(join(repo, 'agents', 'backend.api.md'), AGENT);
    symlinkSync('nowhere.md', join(repo, 'agents', 'ghost.md'));
    const seed = await spawnCli(repo, ['get-agent-flags', '@backend.apii']);
    expect(seed.code).toBe(0);
    expect(JSON.parse(seed.stdout)).toEqual([]);
    expect(seed.stderr).toContain('did you mean @backend.api?');
    const list = await cli(repo, ['--json', 'list', '--for', '@backend.apii']);
    expect(list.code).toBe(0);
    expect(list.json<{ flags: unknown[] }>().flags).toEqual([]);
    const agents = await cli(repo, ['agents', 'list']);
    expect(agents.code).toBe(0);
    expect(agents.stdout).toContain('backend.api');
    expect(agents.stderr).toContain('agents/ghost.md');
    const brief = await cli(repo, ['brief', '--agent', '@backend.api']);
    expect(brief.code).toBe(0);
    expect(brief.stderr).toContain('1 agent file did not load: agents/ghost.md');
    const validate = await cli(repo, ['validate', 'agents']);
    expect(validate.stdout).toContain('agents/ghost.md:1: error: cannot read the file (ENOENT)');
  });
});

describe('the did-you-mean warning and the answer cache', () => {
  it('keys an answer for a handle with the catalog: a catalog added later warns, from the cache too', async () => {
    const repo = await makeRepo();
    const args = ['get-agent-flags', '@backend.apii'];
    // Out of the racy window of the repository just made (src/cli/answer-guards.ts racyMargin).
    await sleep(200);
    await run(repo, args);
    const kept = await run(repo, args);
    expect(kept.trace).toEqual(['hit']);
    expect(kept.stdout.trim()).toBe('[]');
    expect(kept.stderr).toBe('');
    // The agent file written by hand: nothing but the catalog changes.
    mkdirSync(join(repo, 'agents'), { recursive: true });
    writeFileSync(
      join(repo, 'agents', 'backend.api.md'),
      '---\nname: backend.api\ndescription: REST API\n---\nThe REST API.\n',
    );
    await sleep(200);
    const after = await run(repo, args);
    expect(after.trace).not.toContain('hit');
    expect(after.stdout.trim()).toBe('[]');
    expect(after.stderr).toContain('did you mean @backend.api?');
    const again = await run(repo, args);
    expect(again.trace).toEqual(['hit']);
    expect(again.stderr).toBe(after.stderr);
  });
});

describe('uninstall and the .gitattributes lines a user wrote', () => {
  it('keeps a husky LF line the user committed before init', async () => {
    const repo = await makeRepo();
    expect((await cli(repo, ['uninstall'])).code).toBe(0);
    const attributes = join(repo, '.gitattributes');
    expect(existsSync(attributes)).toBe(false);
    mkdirSync(join(repo, '.husky'), { recursive: true });
    writeFileSync(join(repo, '.husky', 'pre-commit'), 'echo husky ran\n');
    writeFileSync(attributes, '*.png binary\n/.husky/pre-commit text eol=lf\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'husky, LF');
    expect((await cli(repo, ['init'])).code).toBe(0);
    expect(readFileSync(attributes, 'utf8')).toContain('merge=flagstore');
    expect((await cli(repo, ['uninstall'])).code).toBe(0);
    expect(readFileSync(attributes, 'utf8')).toBe('*.png binary\n/.husky/pre-commit text eol=lf\n');
  });
});
