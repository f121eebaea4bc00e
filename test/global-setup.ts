/**
 * vitest's global set-up, in the main process: a folder for what test files share across the
 * run (test/per-file.ts's oncePerRun: makeRepo's template repository, the ledger tests'
 * clusters), provided to every worker and removed after the run. Those set-ups were built once
 * per test file: makeRepo's alone ran about ten git processes in each of some 125 files.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder of the run's shared templates (test/per-file.ts). */
    runFolder: string;
  }
}

/**
 * Makes the run's folder, provides it, and removes it after the run. In watch mode every rerun
 * starts with it empty: a template built before a change to src/ must not outlive it.
 */
export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'flagstore-run-'));
  project.provide('runFolder', dir);
  project.onTestsRerun(() => {
    for (const name of readdirSync(dir)) rmSync(join(dir, name), { recursive: true, force: true });
  });
  return () => rmSync(dir, { recursive: true, force: true });
}
