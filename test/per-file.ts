import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';

/**
 * Templates a test file builds once and copies: test/setup.ts forgets them after each file, as
 * it removes the file's temp folders (test files share this module under `isolate: false`).
 */
const built = new Map<string, Promise<unknown>>();

/**
 * What `build` makes, built at the first call under `name` in a test file and the same for the
 * rest of that file: a template its tests copy, never change.
 */
export function oncePerFile<T>(name: string, build: () => Promise<T>): Promise<T> {
  let value = built.get(name) as Promise<T> | undefined;
  if (value === undefined) {
    value = build();
    built.set(name, value);
  }
  return value;
}

/** Forgets the templates of the test file that ran (their folders go with its temp folders). */
export function endPerFile(): void {
  built.clear();
}

let ownRun: string | undefined;

/**
 * The run's shared folder: test/global-setup.ts provides it to every worker (and removes it after
 * the run); outside that set-up, a folder of this process's own, removed when it exits.
 */
function runFolder(): string {
  const provided = providedRunFolder();
  if (provided !== undefined) return provided;
  if (ownRun === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'flagstore-run-'));
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    ownRun = dir;
  }
  return ownRun;
}

function providedRunFolder(): string | undefined {
  try {
    return inject('runFolder');
  } catch {
    return undefined;
  }
}

/**
 * A folder `build` fills, shared by every test file of the run under `name`: the first file to
 * ask builds it in a folder of its own in the run's folder and renames it into place (a rename
 * is atomic: a folder in place is whole); a file that loses that race to another worker drops
 * its own and takes the winner's. Tests copy it, never change it, and nothing in it may name its
 * folder.
 */
export function oncePerRun(name: string, build: (dir: string) => Promise<void>): Promise<string> {
  return oncePerFile(`run:${name}`, async () => {
    const target = join(runFolder(), name);
    if (existsSync(target)) return target;
    const dir = mkdtempSync(join(runFolder(), '.build-'));
    try {
      await build(dir);
      renameSync(dir, target);
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      // Only a lost race to the rename is taken back: a build that failed fails its file.
      if (!existsSync(target)) throw error;
    }
    return target;
  });
}
