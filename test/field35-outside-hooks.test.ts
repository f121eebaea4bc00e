/**
 * A global `core.hooksPath` naming a folder flagstore never changes: init's to-do and doctor's
 * fix say everything the user must do to that hook file as it stands (create it as an
 * executable shell script, or make it executable), not only the line to add.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers.js';
import { bareRepo } from './gate-helpers.js';
import { OUTSIDE_HOOK_LINE as HOOK_LINE } from '../src/gates/hook-text.js';
import { shellWord } from '../src/git/shell-word.js';

function home(hooks: string): { env: Record<string, string>; dir: string } {
  const dir = tempDir();
  writeFileSync(join(dir, '.gitconfig'), `[core]\n\thooksPath = ~/${hooks}\n`);
  return { env: { HOME: dir, XDG_CONFIG_HOME: join(dir, '.config') }, dir };
}

async function doctorFix(repo: string, env: Record<string, string>): Promise<string> {
  type Check = { name: string; fix: string | null };
  const report = (await cli(repo, ['--json', 'doctor'], env)).json<{ checks: Check[] }>();
  return report.checks.find((c) => c.name === 'pre-commit')?.fix ?? '';
}

describe('init and doctor with a hooks folder outside the repository', () => {
  it('say to create an absent hook file as an executable shell script, folder first', async () => {
    const { env, dir } = home('no-such-hooks');
    const repo = bareRepo();
    const hook = join(dir, 'no-such-hooks', 'pre-commit');
    const init = await cli(repo, ['init'], env);
    expect(init.code).toBe(0);
    const steps = `mkdir -p ${join(dir, 'no-such-hooks')}, then create ${hook}`;
    for (const text of [init.stderr, await doctorFix(repo, env)]) {
      expect(text).toContain(steps);
      expect(text).toContain('an executable shell script: "#!/bin/sh" as its first line');
      expect(text).toContain(`chmod +x ${hook}`);
      expect(text).toContain(HOOK_LINE);
    }
  });

  it('say to make a hook file that is not executable executable', async () => {
    const { env, dir } = home('hooks');
    mkdirSync(join(dir, 'hooks'));
    const hook = join(dir, 'hooks', 'pre-commit');
    writeFileSync(hook, '#!/bin/sh\necho shared hook\n', { mode: 0o644 });
    chmodSync(hook, 0o644);
    const repo = bareRepo();
    const init = await cli(repo, ['init'], env);
    for (const text of [init.stderr, await doctorFix(repo, env)]) {
      expect(text).toContain(`add this line to ${hook}`);
      expect(text).toContain(`then make it executable, or git skips it (chmod +x ${hook})`);
    }
    writeFileSync(hook, `#!/bin/sh\n${HOOK_LINE}\n`);
    const again = await cli(repo, ['init'], env);
    for (const text of [again.stderr, await doctorFix(repo, env)]) {
      expect(text).toContain(`make ${hook}`);
      expect(text).toContain(`executable, or git skips it: chmod +x ${hook}`);
      expect(text).not.toContain('add this line');
    }
  });

  it('quote a path with a space or shell characters in the commands the user may paste', async () => {
    const { env, dir } = home('my $hooks');
    const repo = bareRepo();
    const folder = join(dir, 'my $hooks');
    const hook = join(folder, 'pre-commit');
    const init = await cli(repo, ['init'], env);
    for (const text of [init.stderr, await doctorFix(repo, env)]) {
      expect(text).toContain(`mkdir -p ${shellWord(folder)}, then`);
      expect(text).toContain(`run chmod +x ${shellWord(hook)}:`);
      expect(shellWord(hook)).not.toBe(hook);
    }
  });
});
