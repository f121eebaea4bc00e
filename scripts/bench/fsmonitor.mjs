// The warm hot path with git's fsmonitor on (the scale section's fsmonitor rows): git's own
// watchman hook (the sample git ships, protocol 2, its query restricted to files as
// docs/performance.md recommends) and Debian's watchman, so `git diff-files` asks watchman what
// changed instead of looking at every flag file. Set through GIT_CONFIG_* variables for these
// runs only, so the repository's configuration (and every other row) is left as it was; watchman
// runs with TMPDIR set to a folder of its own and is shut down after.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { keptDir } from './lib.mjs';

/** git's sample hook for watchman, as Debian's git ships it. */
const SAMPLE = '/usr/share/git-core/templates/hooks/fsmonitor-watchman.sample';

/** The sample's query, and the same restricted to files (no folder names, see the docs). */
const ALL = '"expression": ["not", ["dirname", ".git"]]';
const FILES = '"expression": ["allof", ["type", "f"], ["not", ["dirname", ".git"]]]';

/** Whether the rows can be measured here: watchman and git's sample hook are installed. */
export function fsmonitorReady() {
  if (spawnSync('watchman', ['--version']).status !== 0 || !existsSync(SAMPLE)) return false;
  return readFileSync(SAMPLE, 'utf8').includes(ALL);
}

/**
 * Turns fsmonitor on for `repo` (the hook in .git/hooks, asking about files only; a watchman of
 * its own; a first token written into the index by `git update-index --fsmonitor`, as the first
 * `git status` would) and returns the environment of the runs and a function that ends it all.
 */
export function fsmonitorOn(repo) {
  const hook = join(repo, '.git', 'hooks', 'query-watchman');
  writeFileSync(hook, readFileSync(SAMPLE, 'utf8').replace(ALL, FILES));
  chmodSync(hook, 0o755);
  const state = keptDir('flagstore-bench-watchman-');
  const env = {
    TMPDIR: state,
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'core.fsmonitor',
    GIT_CONFIG_VALUE_0: hook,
  };
  const git = (...args) => spawnSync('git', args, { cwd: repo, env: { ...process.env, ...env } });
  git('update-index', '--fsmonitor');
  // The first query after the watch starts answers "everything"; the second is a real one.
  git('update-index', '--fsmonitor');
  const off = () => {
    const wm = (...args) => spawnSync('watchman', args, { env: { ...process.env, TMPDIR: state } });
    wm('watch-del', repo);
    wm('shutdown-server');
    // The index as it was: without the fsmonitor extension the token lives in.
    spawnSync('git', ['update-index', '--no-fsmonitor'], { cwd: repo });
    rmSync(hook, { force: true });
    rmSync(state, { recursive: true, force: true });
  };
  return { env, off };
}
