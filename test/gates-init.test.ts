import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cli, git, tempDir } from './helpers.js';
import { commit, configureGates, copiedBareRepo, flag, read, write } from './gate-helpers.js';
import { HOOK_LINE as LINE, SHIM } from '../src/gates/hook-text.js';

/** What earlier versions added to a hook someone else wrote. */
const EARLIER_LINE = 'sh "$(git rev-parse --show-toplevel)/.flagstore/hooks/pre-commit"';
const SHIM_HEAD =
  "#!/bin/sh\n# Added by flagstore init: runs the repository's shared pre-commit hook.\n";
const EARLIER_SCRIPT = readFileSync(join(import.meta.dirname, 'data', 'hook-pre-commit-v1.sh'));
const SHIPPED = readFileSync(join(import.meta.dirname, '..', 'hooks', 'pre-commit'), 'utf8');

describe('flagstore init installs the pre-commit hook without taking hooks over', () => {
  it('installs a committed hook script and a local shim that finds this flagstore; re-running changes nothing', async () => {
    const repo = await copiedBareRepo();
    const first = await cli(repo, ['--json', 'init']);
    expect(first.code).toBe(0);
    expect(first.json<{ created: string[] }>().created).toEqual(
      expect.arrayContaining([
        '.flagstore/hooks/pre-commit',
        '.git/hooks/pre-commit',
        '.git/hooks/pre-merge-commit',
      ]),
    );
    expect(statSync(join(repo, '.flagstore/hooks/pre-commit')).mode & 0o111).not.toBe(0);
    expect(git(repo, 'config', 'flagstore.bin').trim()).toBe(BIN);
    expect(readFileSync(join(repo, '.git/hooks/pre-commit'), 'utf8')).toBe(SHIM);
    expect(readFileSync(join(repo, '.git/hooks/pre-merge-commit'), 'utf8')).toBe(SHIM);
    const again = await cli(repo, ['--json', 'init']);
    expect(again.json<{ created: string[]; manual: string[] }>()).toMatchObject({
      created: [],
      manual: [],
    });
    git(repo, 'add', '-A');
    expect(commit(repo, []).output).toMatch(/pass {2}flags/);
  });

  it('chains into a hand-written hook, which keeps running', async () => {
    const repo = await copiedBareRepo();
    const hook = join(repo, '.git/hooks/pre-commit');
    writeFileSync(hook, '#!/bin/sh\necho "own hook ran"\n', { mode: 0o755 });
    expect((await cli(repo, ['init'])).code).toBe(0);
    const text = readFileSync(hook, 'utf8');
    expect(text.startsWith('#!/bin/sh\necho "own hook ran"\n')).toBe(true);
    expect(text).toContain(LINE);
    git(repo, 'add', '-A');
    const res = commit(repo, []);
    expect(res.code).toBe(0);
    expect(res.output).toContain('own hook ran');
    expect(res.output).toMatch(/pass {2}critical/);
    expect((await cli(repo, ['init'])).stdout).toContain('unchanged  .git/hooks/pre-commit');
  });

  it('respects core.hooksPath: inserts the line before an exec, and prints it where an early exit could skip it', async () => {
    const repo = await copiedBareRepo();
    mkdirSync(join(repo, 'githooks'));
    writeFileSync(join(repo, 'githooks/pre-commit'), '#!/bin/sh\nexec ./lint.sh\n', {
      mode: 0o755,
    });
    const early = '#!/bin/sh\nif [ -n "$SKIP" ]; then\n  exit 0\nfi\necho checked\n';
    writeFileSync(join(repo, 'githooks/pre-merge-commit'), early, { mode: 0o755 });
    git(repo, 'config', 'core.hooksPath', 'githooks');
    const res = await cli(repo, ['init']);
    expect(res.code).toBe(0);
    expect(readFileSync(join(repo, 'githooks/pre-commit'), 'utf8')).toBe(
      `#!/bin/sh\n${LINE}\nexec ./lint.sh\n`,
    );
    expect(res.stderr).toContain(
      `add this line to githooks/pre-merge-commit (before any exit or exec):\n  ${LINE}`,
    );
    expect(readFileSync(join(repo, 'githooks/pre-merge-commit'), 'utf8')).toBe(early);
    expect(git(repo, 'config', 'core.hooksPath').trim()).toBe('githooks');
    expect(existsSync(join(repo, '.git/hooks/pre-commit'))).toBe(false);
  });

  it('a hand-written hook that ends in exit 0 gets the line before the exit, and the gate runs', async () => {
    const repo = await copiedBareRepo();
    const hook = join(repo, '.git/hooks/pre-commit');
    writeFileSync(hook, '#!/bin/sh\necho "own hook ran"\nexit 0\n', { mode: 0o755 });
    expect((await cli(repo, ['init'])).code).toBe(0);
    expect(readFileSync(hook, 'utf8')).toBe(`#!/bin/sh\necho "own hook ran"\n${LINE}\nexit 0\n`);
    // The pending critical flag goes in with the set-up commit: no hook run before the one tested.
    await flag(repo, '@db.pg', 'security', '--impact', 'critical', '--to', '@api.web');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'base');
    write(repo, 'code.txt', 'work\n');
    git(repo, 'add', 'code.txt');
    const res = commit(repo, []);
    expect(res.output).toContain('own hook ran');
    expect(res.output).toContain('commit blocked: 1 unresolved critical flag(s)');
    expect(res.code).not.toBe(0);
  });

  it('writes a repo: local hook into .pre-commit-config.yaml and leaves the generated hook alone', async () => {
    const repo = await copiedBareRepo();
    const hook = join(repo, '.git/hooks/pre-commit');
    const generated =
      '#!/usr/bin/env bash\n# File generated by pre-commit: https://pre-commit.com\nexec pre-commit\n';
    writeFileSync(hook, generated, { mode: 0o755 });
    const res = await cli(repo, ['--json', 'init']);
    expect(res.json<{ created: string[] }>().created).toContain(
      '.pre-commit-config.yaml (repo: local, hook flagstore)',
    );
    expect(read(repo, '.pre-commit-config.yaml')).toContain(
      'entry: sh .flagstore/hooks/pre-commit',
    );
    expect(readFileSync(hook, 'utf8')).toBe(generated);
    const again = await cli(repo, ['--json', 'init']);
    expect(again.json<{ unchanged: string[] }>().unchanged).toContain('.pre-commit-config.yaml');
  });

  it('in a package.json repository, adds the call to .husky/pre-commit and says how to enable husky', async () => {
    const repo = await copiedBareRepo();
    write(repo, 'package.json', '{"name":"x","private":true}\n');
    mkdirSync(join(repo, '.husky'));
    write(repo, '.husky/pre-commit', 'npm test\n');
    const res = await cli(repo, ['init']);
    expect(res.code).toBe(0);
    expect(readFileSync(join(repo, '.husky/pre-commit'), 'utf8')).toBe(`npm test\n${LINE}\n`);
    expect(readFileSync(join(repo, '.husky/pre-merge-commit'), 'utf8')).toBe(`${LINE}\n`);
    expect(res.stderr).toContain('npm install --save-dev husky && npx husky');
    git(repo, 'config', 'core.hooksPath', '.husky/_');
    mkdirSync(join(repo, '.husky/_')); // as `npx husky` leaves it
    const again = await cli(repo, ['--json', 'init']);
    expect(again.json<{ created: string[]; manual: string[] }>()).toMatchObject({
      created: [],
      manual: [],
    });
  });

  it('upgrades the unedited hook script and shim of an earlier version, and keeps edited ones', async () => {
    const repo = await copiedBareRepo();
    mkdirSync(join(repo, '.flagstore/hooks'), { recursive: true });
    writeFileSync(join(repo, '.flagstore/hooks/pre-commit'), EARLIER_SCRIPT, { mode: 0o755 });
    writeFileSync(join(repo, '.git/hooks/pre-commit'), `${SHIM_HEAD}${EARLIER_LINE}\n`, {
      mode: 0o755,
    });
    const res = await cli(repo, ['--json', 'init']);
    expect(res.json<{ created: string[] }>().created).toEqual(
      expect.arrayContaining([
        '.flagstore/hooks/pre-commit (updated)',
        '.git/hooks/pre-commit (updated)',
      ]),
    );
    expect(read(repo, '.flagstore/hooks/pre-commit')).toBe(SHIPPED);
    expect(read(repo, '.git/hooks/pre-commit')).toBe(SHIM);
    const edited = `${SHIPPED}# our team's edit\n`;
    write(repo, '.flagstore/hooks/pre-commit', edited);
    expect((await cli(repo, ['init'])).code).toBe(0);
    expect(read(repo, '.flagstore/hooks/pre-commit')).toBe(edited);
  });

  it('chains into a hand-written hook that changes folder, and the gates still run', async () => {
    const repo = await copiedBareRepo();
    mkdirSync(join(repo, 'web'));
    const hook = join(repo, '.git/hooks/pre-commit');
    writeFileSync(hook, '#!/bin/sh\ncd web || exit 1\necho "web lint ok"\n', { mode: 0o755 });
    expect((await cli(repo, ['init'])).code).toBe(0);
    git(repo, 'add', '-A');
    const res = commit(repo, []);
    expect(res.code, res.output).toBe(0);
    expect(res.output).toContain('web lint ok');
    expect(res.output).toMatch(/pass {2}critical/);
  });

  it('spares the gate loading NODE_EXTRA_CA_CERTS and hands the variable back to external gates', async () => {
    const repo = await copiedBareRepo();
    expect((await cli(repo, ['init'])).code).toBe(0);
    const show = `echo "gate sees ca=$NODE_EXTRA_CA_CERTS handover=\${FLAGSTORE_EXTRA_CA_CERTS:-none}"; exit 1`;
    configureGates(
      repo,
      `  commands:\n    - name: env\n      command: [sh, -c, ${JSON.stringify(show)}]\n`,
    );
    write(repo, 'a.txt', 'a\n');
    git(repo, 'add', 'a.txt');
    // node warns at start-up when it cannot load this file: the gate process must never see it.
    const missing = join(repo, 'no-such-ca.pem');
    const res = commit(repo, [], { NODE_EXTRA_CA_CERTS: missing });
    expect(res.code).not.toBe(0);
    expect(res.output).toContain(`gate sees ca=${missing} handover=none`);
    expect(res.output).not.toContain('extra certs');
  });

  it('keeps NODE_EXTRA_CA_CERTS for a flagstore that would not give it back (an older install)', async () => {
    const repo = await copiedBareRepo();
    expect((await cli(repo, ['init'])).code).toBe(0);
    const older = tempDir();
    mkdirSync(join(older, 'bin'));
    mkdirSync(join(older, 'hooks'));
    writeFileSync(join(older, 'hooks/pre-commit'), EARLIER_SCRIPT);
    const show = 'console.log(`older flagstore sees ca=${process.env.NODE_EXTRA_CA_CERTS}`);';
    writeFileSync(join(older, 'bin/flagstore.js'), `${show}\nprocess.exit(1);\n`);
    git(repo, 'config', 'flagstore.bin', join(older, 'bin/flagstore.js'));
    write(repo, 'a.txt', 'a\n');
    git(repo, 'add', 'a.txt');
    const res = commit(repo, [], { NODE_EXTRA_CA_CERTS: '/etc/ssl/ca.pem' });
    expect(res.code).not.toBe(0);
    expect(res.output).toContain('older flagstore sees ca=/etc/ssl/ca.pem');
  });

  it('the hook lets the commit through with one line when flagstore is not installed', async () => {
    const repo = await copiedBareRepo();
    expect((await cli(repo, ['init'])).code).toBe(0);
    git(repo, 'config', '--unset', 'flagstore.bin');
    git(repo, 'add', '-A');
    const path = `${dirname(process.execPath)}:/usr/bin:/bin`;
    const res = commit(repo, [], { PATH: path });
    expect(res.code, res.output).toBe(0);
    const lines = res.output.split('\n').filter((l) => l.startsWith('flagstore:'));
    expect(lines).toEqual([
      'flagstore: not installed, commit not checked (install: npm install -g <flagstore checkout or tarball>, then flagstore init; or remove the hook: flagstore uninstall)',
    ]);
    expect(res.output).not.toContain('npm install -g flagstore');
  });
});

describe('in a submodule, whose hooks live in the superproject', () => {
  it('init and doctor name the hook files git runs: .git/modules/<name>/hooks of the superproject', async () => {
    const inner = await copiedBareRepo();
    git(inner, 'commit', '-q', '--allow-empty', '-m', 'inner');
    const outer = await copiedBareRepo();
    git(outer, 'commit', '-q', '--allow-empty', '-m', 'outer');
    git(outer, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', inner, 'sub');
    const sub = join(outer, 'sub');
    const hooks = git(sub, 'rev-parse', '--path-format=absolute', '--git-path', 'hooks').trim();
    expect(hooks).toBe(
      join(git(outer, 'rev-parse', '--absolute-git-dir').trim(), 'modules', 'sub', 'hooks'),
    );
    const init = await cli(sub, ['--json', 'init']);
    expect(init.json<{ created: string[] }>().created).toEqual(
      expect.arrayContaining([join(hooks, 'pre-commit'), join(hooks, 'pre-merge-commit')]),
    );
    expect(init.stdout).not.toContain('.git/hooks');
    expect(readFileSync(join(hooks, 'pre-commit'), 'utf8')).toBe(SHIM);
    const doctor = await cli(sub, ['doctor']);
    expect(doctor.stdout).toMatch(/^ok +pre-commit +(\S+) runs the gate$/m);
    expect(/^ok +pre-commit +(\S+)/m.exec(doctor.stdout)?.[1]).toBe(join(hooks, 'pre-commit'));
    rmSync(join(hooks, 'pre-merge-commit'));
    const missing = await cli(sub, ['doctor']);
    expect(missing.stdout).toContain(
      `no hook at ${join(hooks, 'pre-merge-commit')}: git runs no gate`,
    );
  });
});

describe("npm prepare enables this repository's own hooks", () => {
  const prepare = join(import.meta.dirname, '..', 'scripts', 'prepare.mjs');

  it('sets husky up in a clone, and does nothing in CI', async () => {
    const ci = await copiedBareRepo();
    const quiet = execFileSync(process.execPath, [prepare], {
      cwd: ci,
      env: { ...process.env, CI: 'true' },
      encoding: 'utf8',
    });
    expect(quiet).toContain('git hooks not enabled (CI)');
    expect(() => git(ci, 'config', 'core.hooksPath')).toThrow();
    const clone = await copiedBareRepo();
    const env = { ...process.env };
    delete env.CI;
    execFileSync(process.execPath, [prepare], { cwd: clone, env, encoding: 'utf8' });
    expect(git(clone, 'config', 'core.hooksPath').trim()).toBe('.husky/_');
    expect(existsSync(join(clone, '.husky/_/pre-commit'))).toBe(true);
  });
});
