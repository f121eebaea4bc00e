// A commit that deletes a flag file (field trial 40): the pre-commit gate passed it and only
// `check` in CI refused it. Flags are completed, never deleted (the seed's protocol), so the gate
// now refuses the same commit with check's message and fix.
import { describe, expect, it } from 'vitest';
import { cli, createFlag, git, makeRepo } from './helpers.js';
import { commit, gate } from './gate-helpers.js';

const RULE = 'a flag file was deleted, and flags are completed, not deleted; fix: git checkout';

describe('a staged deletion of a flag file', () => {
  it('is refused by the gate as check refuses it, with the same message and fix', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two', '--commit');
    const path = `flags/${id}.md`;
    git(repo, 'rm', '-q', path);
    const refused = await gate(repo);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toMatch(/fail {2}flags/);
    expect(refused.output).toContain(
      `${path}: flag ${id}: ${RULE} HEAD -- ${path}, then flagstore complete ${id}`,
    );
    // The same deletion committed past the gate: check names it alike, from its base.
    const base = git(repo, 'rev-parse', 'HEAD').trim();
    expect(commit(repo, ['--no-verify', '-q']).code).toBe(0);
    const checked = await cli(repo, ['check', '--base', base]);
    expect(checked.code).toBe(3);
    expect(checked.stdout + checked.stderr).toContain(
      `flag ${id}: ${RULE} ${base.slice(0, 10)} -- ${path}, then flagstore complete ${id}`,
    );
  });

  it('passes a commit that deletes another file of the flags folder, not a flag', async () => {
    const repo = await makeRepo();
    git(repo, 'rm', '-q', 'flags/.gitkeep');
    const res = await gate(repo);
    expect(res.output).toMatch(/pass {2}flags/);
  });
});
