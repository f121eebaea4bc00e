/** A run of the built binary with every git process it starts logged (tests of process counts). */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { spawnCli, tempDir } from './helpers.js';

/** A run's exit code, its git subcommands (sorted: some run side by side) and its cache trace. */
export interface Counted {
  code: number;
  gits: string[];
  trace: string[];
}

/** Runs the binary with a logging git first on PATH. */
export async function counted(repo: string, args: string[]): Promise<Counted> {
  const dir = tempDir();
  const [log, trace] = [join(dir, 'log'), join(dir, 'trace')];
  const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  writeFileSync(
    join(dir, 'git'),
    `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${real}' "$@"\n`,
  );
  chmodSync(join(dir, 'git'), 0o755);
  const env = { PATH: `${dir}:${process.env.PATH ?? ''}`, FLAGSTORE_ANSWER_TRACE: trace };
  const res = await spawnCli(repo, args, env);
  expect(res.code, res.stderr).toBe(0);
  const lines = (file: string) =>
    existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
  // The subcommand: the first word that is no option (`--literal-pathspecs diff-files ...`).
  const gits = lines(log).map((line) => line.split(' ').find((w) => !w.startsWith('-')) ?? line);
  return { code: res.code, gits: gits.sort(), trace: lines(trace) };
}
