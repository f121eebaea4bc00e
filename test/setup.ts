/**
 * Run before each test file (vitest `setupFiles`), also when test files share a worker and its
 * loaded modules (`isolate: false`): what a file made in test/helpers.ts ends with that file.
 */
import { afterAll } from 'vitest';
import { endTestFile } from './helpers.js';

afterAll(endTestFile);
