/** A git that logs its calls: a wrapper put first on PATH, the real git running every call. */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './helpers.js';

const REAL_GIT = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();

/** An environment whose git logs each call's arguments to the returned file. */
export function loggingGit(): { env: Record<string, string>; log: string } {
  const dir = tempDir('flagstore-gitlog-');
  const log = join(dir, 'calls.log');
  const wrapper = join(dir, 'git');
  writeFileSync(wrapper, `#!/bin/sh\necho "$*" >> '${log}'\nexec '${REAL_GIT}' "$@"\n`);
  chmodSync(wrapper, 0o755);
  const env = { PATH: `${dir}:${process.env.PATH ?? ''}`, FLAGSTORE_NO_ANSWER_CACHE: '1' };
  return { env, log };
}

/** The calls a logging git recorded, one line of arguments each. */
export const calls = (log: string): string[] =>
  existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
