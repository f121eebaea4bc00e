/**
 * The gate run as the pre-commit framework's moved-aside hook asks whether the framework's
 * configuration runs the gate in every moved hook (src/gates/framework-legacy.ts). It used to
 * read and parse that configuration once per moved hook; it reads it once. The configuration is
 * a named pipe here whose writer gives its text once: a second read would wait for a writer that
 * never comes, so the child running the check is stopped by a guard and the test fails. The
 * writer's shell execs `cat` after opening the pipe, so killing it ends the one process holding
 * the pipe open even when no read came (nothing is left blocked in the pipe's open), and the guard
 * is generous for a loaded machine: the check itself takes well under a second.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bareRepo, write } from './gate-helpers.js';

const MODULE = pathToFileURL(
  resolve(import.meta.dirname, '..', 'dist', 'gates', 'framework-legacy.js'),
).href;

const CONFIG = `repos:
  - repo: local
    hooks:
      - id: flagstore
        name: flagstore gates
        entry: sh .flagstore/hooks/pre-commit
        language: system
`;

/** Runs runByFrameworkToo in a child process as pre-commit's legacy run; its printed answer. */
function checkInChild(repo: string): { status: number | null; stdout: string } {
  const code = `const { runByFrameworkToo } = await import(${JSON.stringify(MODULE)});
process.stdout.write(String(await runByFrameworkToo(process.argv[1], { PRE_COMMIT_RUNNING_LEGACY: '1' })));`;
  const res = spawnSync(process.execPath, ['--input-type=module', '-e', code, repo], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: res.status, stdout: res.stdout };
}

describe('the moved-aside hook reads the framework configuration', () => {
  it('once, however many hooks the framework moved aside', async () => {
    const repo = bareRepo();
    write(repo, '.git/hooks/pre-commit.legacy', '#!/bin/sh\n');
    write(repo, '.git/hooks/pre-merge-commit.legacy', '#!/bin/sh\n');
    write(repo, 'config.txt', CONFIG);
    const fifo = join(repo, '.pre-commit-config.yaml');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const writer = spawn('sh', [
      '-c',
      'exec cat "$1" > "$2"',
      'sh',
      join(repo, 'config.txt'),
      fifo,
    ]);
    const written = new Promise((done) => writer.on('exit', done));
    const res = checkInChild(repo);
    writer.kill();
    await written;
    expect(res.status, 'the check was stopped: it read the configuration more than once').toBe(0);
    expect(res.stdout).toBe('true');
  });
});
