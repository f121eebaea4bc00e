import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// The suite starts some 700 node processes (the binary, hooks, servers). Node reads the bundle
// NODE_EXTRA_CA_CERTS names at every start-up: 75 ms of CPU per process with a system bundle of
// 140 certificates, a third of the suite's CPU. No test makes a TLS connection, so the test
// processes and everything they start run without it (gates-init.test.ts sets it where the
// variable is the subject).
delete process.env.NODE_EXTRA_CA_CERTS;
// Run from a git hook (this project's own pre-commit gate runs the suite), the tests would
// inherit git's hook variables: the outer commit's author and date, GIT_EDITOR, GIT_EXEC_PATH,
// GIT_INDEX_FILE. Every test makes its own repositories and sets what it needs, so none of
// them reaches the processes tests start (a write that sees one rightly leaves its ref to git).
for (const name of Object.keys(process.env)) if (name.startsWith('GIT_')) delete process.env[name];
// The workers start with glibc's malloc backing its heap with transparent huge pages. Every
// process a test starts is a fork of a worker of 300-450 MB, and a fork copies the page table of
// everything the worker holds: 4.5-11 ms of the worker's system time per spawn, 1-3 ms with huge
// pages, and the child tears down less at exec (the whole suite: 14% less system time, round
// suite35 in CONTRIBUTING.md). test/setup.ts puts the variable back as it was in each worker, so
// the processes the tests start (git, the binary, hooks) run with the environment a user's would.
process.env.FLAGSTORE_TEST_GLIBC_TUNABLES = process.env.GLIBC_TUNABLES ?? '';
process.env.GLIBC_TUNABLES = [process.env.GLIBC_TUNABLES, 'glibc.malloc.hugetlb=1']
  .filter(Boolean)
  .join(':');

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Test files share their worker and its loaded modules: a new worker per file cost 0.4-1 s
    // of CPU. Whatever a file changes (process.env, the folder, helpers' state) it restores;
    // test/setup.ts ends the state of test/helpers.ts with each file.
    isolate: false,
    setupFiles: ['test/setup.ts'],
    // The run's folder of templates shared by test files (test/per-file.ts's oncePerRun).
    globalSetup: ['test/global-setup.ts'],
    // Test files spend most of their time waiting on git and on the processes they start, so two
    // workers more than there are cores keep the cores busy (vitest's default is one fewer: a
    // single worker on a 2-core machine, 244 s instead of 135 s). On 2 cores, 7 December, quiet:
    // 3 workers 178.7 s, 4 workers 153.8 and 159.3 s, 5 workers 174.8 s (CONTRIBUTING.md).
    maxWorkers: availableParallelism() + 2,
  },
});
