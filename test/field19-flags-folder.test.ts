/**
 * Field sweep 19: a file in the flags folder that is not a flag file (`flags/<id>.md`), such as a
 * hand-written `flags/README.md` or a script, is what `validate` reports as invalid. The
 * commit gate and CI's `check` must judge it too, and a commit staging it is no "flags-only"
 * commit: it must not skip the code gates or the critical-flag block.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configureGates } from './gate-helpers.js';
import { cli, createArgs, git, makeRepo } from './helpers.js';

const STRAY = '---\nid: bad\nflag_type: nope\n---\nNotes for humans.\n';

/** A gate that fails every commit it runs on, so a skipped gate shows as a passed commit. */
const FAILING_GATE = '  commands:\n    - name: nope\n      command: node -e "process.exit(1)"\n';

describe('files in the flags folder that are not flag files', () => {
  it('the flags gate refuses a staged .md not named <id>.md, as validate does', async () => {
    const repo = await makeRepo();
    writeFileSync(join(repo, 'flags', 'README.md'), STRAY);
    git(repo, 'add', 'flags/README.md');
    const gate = await cli(repo, ['gate', 'pre-commit']);
    expect(gate.code).toBe(1);
    expect(gate.stdout + gate.stderr).toMatch(/fail\s+flags/);
    expect(gate.stdout + gate.stderr).toContain('flags/README.md: file name must be <id>.md');
  });

  it('a commit staging a non-flag file in the flags folder runs the code gates', async () => {
    const repo = await makeRepo();
    configureGates(repo, FAILING_GATE);
    writeFileSync(join(repo, 'flags', 'run.sh'), 'echo not a flag\n');
    git(repo, 'add', 'flags/run.sh');
    const gate = await cli(repo, ['gate', 'pre-commit']);
    expect(gate.stdout + gate.stderr).toMatch(/fail\s+nope/);
    expect(gate.code).toBe(1);
  });

  it('a commit staging a non-flag file in the flags folder meets the critical block', async () => {
    const repo = await makeRepo();
    const created = await cli(
      repo,
      createArgs('security', '--to', '@b.c', '--impact', 'critical', '--commit'),
      { FLAGSTORE_AGENT: '@a.b' },
    );
    expect(created.code).toBe(0);
    writeFileSync(join(repo, 'flags', 'run.sh'), 'echo not a flag\n');
    git(repo, 'add', 'flags/run.sh');
    const gate = await cli(repo, ['gate', 'pre-commit'], { FLAGSTORE_AGENT: '@b.c' });
    expect(gate.stdout + gate.stderr).toContain('commit blocked: 1 unresolved critical flag(s)');
    expect(gate.code).toBe(1);
  });

  it('check reports a .md in the flags folder that is not a flag file', async () => {
    const repo = await makeRepo();
    writeFileSync(join(repo, 'flags', 'README.md'), STRAY);
    const check = await cli(repo, ['--json', 'check', '--base', 'HEAD']);
    expect(check.code).toBe(3);
    expect(check.stdout).toContain('flags/README.md');
    expect(check.stdout).toContain('file name must be <id>.md');
  });
});
