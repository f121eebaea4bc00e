/** Fixes from round six's review: unreadable agent files, lost warnings, CR LF hooks, and more. */
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, makeRepo, spawnCli } from './helpers.js';

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
