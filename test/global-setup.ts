/**
 * vitest's global set-up: what every test file may share, built once per run in the main
 * process. makeRepo's template repository (`git init`, an identity, `flagstore init`, a commit:
 * about ten git processes) was built once per test file, in some 125 files; test files copy it
 * and never change it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildRepo } from './helpers.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder of makeRepo's template repository (test/helpers.ts). */
    repoTemplate: string;
  }
}

/** Builds the run's template repository, provides its folder, and removes it after the run. */
export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'flagstore-template-'));
  await buildRepo(dir);
  project.provide('repoTemplate', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
