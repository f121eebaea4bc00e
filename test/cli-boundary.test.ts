import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCommand, presentCreated } from '../src/cli/commands/create.js';
import { resetRun } from '../src/cli/context.js';
import { reportError } from '../src/cli/errors.js';
import { setOutputSink } from '../src/cli/output.js';
import { ACTION, CHANGE, cli, git, makeRepo, spawnCli, tempDir } from './helpers.js';
import { configureGates, write } from './gate-helpers.js';

const VERSION = (
  JSON.parse(readFileSync(resolve(import.meta.dirname, '..', 'package.json'), 'utf8')) as {
    version: string;
  }
).version;

describe('the CLI boundary', () => {
  it("prints package.json's version, from the binary and in-process", async () => {
    const repo = await makeRepo();
    expect((await spawnCli(repo, ['--version'])).stdout.trim()).toBe(VERSION);
    const inProcess = await cli(repo, ['--version']);
    expect(inProcess).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
    expect((await cli(repo, ['--help'])).stdout).toContain('Usage: flagstore');
  });

  it('init says what to do next the first time, and stays quiet when nothing changed', async () => {
    const repo = tempDir();
    git(repo, 'init', '-q', '-b', 'main');
    const first = await cli(repo, ['init']);
    expect(first.stdout).toContain('next: commit the set-up, then create a flag:');
    expect(first.stdout).toContain('git add -- .flagstore.yml flags/.gitkeep agents/.gitkeep');
    expect(first.stdout).toContain('&& git commit -m "Set up flagstore"');
    expect((await cli(repo, ['init'])).stdout).not.toContain('next:');
  });

  it("selects the seed's JSON errors by the command name only, not by an argument", async () => {
    const repo = await makeRepo();
    const shown = await cli(repo, ['show', 'create-flag']);
    expect(shown.code).toBe(2);
    expect(shown.stdout).toBe('');
    expect(shown.stderr).toContain('error: "create-flag" is not a flag id');
    const seed = await cli(repo, ['--by', '@a.b', 'complete-flag', '01JD3ZQ8']);
    expect(seed.code).toBe(4);
    expect(seed.json<{ error: string }>().error).toContain('no flag with id');
  });

  it('a malformed or unreadable .flagstore.yml is an error with the file and line', async () => {
    const repo = await makeRepo();
    const config = join(repo, '.flagstore.yml');
    writeFileSync(config, 'flags_dir: flags\ngates:\n  commands: [\n');
    const broken = await cli(repo, ['list']);
    expect(broken.code).toBe(3);
    expect(broken.stderr).toMatch(/error: \.flagstore\.yml:4: not valid YAML: /);
    writeFileSync(config, '- just\n- a list\n');
    const list = await cli(repo, ['list']);
    expect(list.code).toBe(3);
    expect(list.stderr).toContain('.flagstore.yml:1: must be a mapping of settings');
    rmSync(config);
    mkdirSync(config);
    const unreadable = await cli(repo, ['--json', 'list']);
    expect(unreadable.code).toBe(9);
    expect(unreadable.json<{ error: { message: string } }>().error.message).toContain(
      '.flagstore.yml cannot be read (EISDIR)',
    );
  });

  it('create returns data without printing, and its presenter prints it', async () => {
    const repo = await makeRepo();
    const ctx = {
      cwd: repo,
      json: false,
      mode: 'native' as const,
      by: '@a.b',
      now: new Date(),
      pager: false,
    };
    let out = '';
    setOutputSink({ stdout: (t) => void (out += t), stderr: (t) => void (out += t) });
    try {
      const data = await createCommand(ctx, 'change', { change: CHANGE, action: ACTION });
      expect(out).toBe('');
      expect(data.result.flag).toMatchObject({ source_agent: '@a.b', status: 'pending' });
      presentCreated(ctx, data);
    } finally {
      setOutputSink(null);
    }
    expect(out).toMatch(/^created \S+ \(medium change -> anyone\)\n$/);
  });

  it('an unforeseen error prints its stack and where to report it', () => {
    let stderr = '';
    resetRun();
    setOutputSink({ stdout: () => undefined, stderr: (text) => void (stderr += text) });
    try {
      expect(reportError(new TypeError('boom'), false)).toBe(1);
    } finally {
      setOutputSink(null);
    }
    expect(stderr).toContain('error: unexpected error: boom');
    expect(stderr).toMatch(/TypeError: boom\n\s+at /);
    expect(stderr).toContain('this is a bug in flagstore: please report it');
  });

  it('a gate that cannot be started says why, not just that it failed', async () => {
    const repo = await makeRepo();
    const tool = join(repo, 'tool.sh');
    writeFileSync(tool, '#!/bin/sh\nexit 0\n', { mode: 0o644 });
    configureGates(
      repo,
      `  commands:\n    - name: tool\n      command: [${JSON.stringify(tool)}]\n`,
    );
    write(repo, 'a.txt', 'a\n');
    git(repo, 'add', 'a.txt');
    const res = await cli(repo, ['gate', 'pre-commit']);
    expect(res.code).not.toBe(0);
    expect(res.stdout + res.stderr).toMatch(
      /fail {2}tool .*could not start \S+:\s+spawn \S+ EACCES/,
    );
  });
});
