/** Fixes from a review and a new user's tryout: what list says of invalid files, and more. */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cli, createFlag, flagText, git, makeRepo, readFlag, tempDir } from './helpers.js';

const ID = '01JD3ZQ8XKQ5V7W9Y2B4C6D8EF';

describe('list and invalid work-tree files', () => {
  it('says a flag whose file is invalid is shown from the ledger, not skipped', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const path = join(repo, 'flags', `${id}.md`);
    writeFileSync(path, readFlag(repo, id).replace('impact_level: medium', 'impact_level: huge'));
    const res = await cli(repo, ['list']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(id.slice(-5));
    expect(res.stderr).not.toContain('skipped');
    expect(res.stderr).toContain(`flags/${id}.md: shown from the ledger; the file is invalid:`);
    expect(res.stderr).toContain('impact_level must be one of');
    expect(res.stderr).toContain('fix: flagstore validate');
  });

  it('still says a hand-written invalid file without a ledger copy is skipped', async () => {
    const repo = await makeRepo();
    writeFileSync(join(repo, 'flags', `${ID}.md`), flagText(ID, 'status: sleeping'));
    const res = await cli(repo, ['list']);
    expect(res.stdout).toContain('no flags');
    expect(res.stderr).toContain(`1 invalid flag file(s): 1 skipped`);
    expect(res.stderr).toContain(`flags/${ID}.md: skipped: status must be one of`);
  });
});

describe('the README quick start', () => {
  it('leaves nothing uncommitted in a new repository (the agent file is in the set-up commit)', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
    const block = /docs-check: new repository -->\n\n```sh\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toContain('flagstore agents add');
    const repo = tempDir();
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'config', 'user.email', 'test@example.com');
    git(repo, 'config', 'user.name', 'Test');
    const bin = join(tempDir(), 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'flagstore'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    chmodSync(join(bin, 'flagstore'), 0o755);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${bin}:${process.env.PATH ?? ''}`,
      NO_COLOR: '1',
    };
    delete env.FLAGSTORE_AGENT;
    execFileSync('bash', ['-c', `set -euo pipefail\n${block ?? ''}`], { cwd: repo, env });
    expect(git(repo, 'status', '--porcelain')).toBe('');
    expect(git(repo, 'ls-files', 'agents')).toContain('agents/backend.api.md');
  });
});
