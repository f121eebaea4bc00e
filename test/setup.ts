/**
 * Run before each test file (vitest `setupFiles`), also when test files share a worker and its
 * loaded modules (`isolate: false`): what a file made in test/helpers.ts ends with that file.
 */
import { afterAll } from 'vitest';
import { endTestFile } from './helpers.js';

// The worker started with glibc's huge-page tunable (vitest.config.ts); the processes the tests
// start get the variable the run was given.
const tunables = process.env.FLAGSTORE_TEST_GLIBC_TUNABLES;
if (tunables !== undefined) {
  if (tunables === '') delete process.env.GLIBC_TUNABLES;
  else process.env.GLIBC_TUNABLES = tunables;
  delete process.env.FLAGSTORE_TEST_GLIBC_TUNABLES;
}

afterAll(endTestFile);
