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

/** makeRepo's template repository from test/global-setup.ts, when vitest's set-up provided one. */
export function runTemplate(): string | undefined {
  try {
    return inject('repoTemplate');
  } catch {
    return undefined;
  }
}
