/** The answer cache's hooks for tests: notes of what it did, and a pause in a run. */
import { appendFileSync, statSync, writeFileSync } from 'node:fs';
import { pause } from '../core/pause.js';

/** Notes what the cache did, to the file FLAGSTORE_ANSWER_TRACE names (for tests). */
export function trace(what: string): void {
  const file = process.env.FLAGSTORE_ANSWER_TRACE;
  if (file) appendFileSync(file, `${what}\n`);
}

/**
 * For tests of a write that lands during a run: with FLAGSTORE_TEST_ANSWER_PAUSE=<file>, waits
 * after the command ran (before the state is read again) until `<file>` exists, having
 * created `<file>.ready` to say so.
 */
export async function testPause(): Promise<void> {
  const file = process.env.FLAGSTORE_TEST_ANSWER_PAUSE;
  if (!file) return;
  writeFileSync(`${file}.ready`, '');
  while (statSync(file, { throwIfNoEntry: false }) === undefined) {
    await pause(20);
  }
}
