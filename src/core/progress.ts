/**
 * How a long operation says what it is doing: a short line such as "reading flags 3000/10000",
 * or null once it is done. The CLI shows it on a terminal; the library API ignores it.
 */
export type Progress = (what: string | null) => void;

/** A progress sink that shows nothing (the default for the library API and for tests). */
export const noProgress: Progress = () => undefined;

/** How many steps of a long loop between two progress reports. */
const PROGRESS_EVERY = 250;

/** A long loop's steps so far, and where to report them. */
export interface StepCount {
  count: number;
  /** How many steps the loop has, when known. */
  of?: number;
  progress?: Progress | undefined;
}

/** How a loop's progress reads: "<doing>: 250 of 1000 <unit>". */
export interface StepWords {
  doing: string;
  unit: string;
}

/**
 * Counts one step, reporting how many were done before it when they are a multiple of
 * PROGRESS_EVERY (0 included, so a long loop shows its line from the start).
 */
export function countStep(run: StepCount, words: StepWords): void {
  const done = run.count++;
  if (done % PROGRESS_EVERY !== 0) return;
  const of = run.of === undefined ? '' : ` of ${run.of}`;
  run.progress?.(`${words.doing}: ${done}${of} ${words.unit}`);
}

/**
 * Runs a task that reports progress, then says it is done (`null`) however it ends: a failure
 * must not leave its last line on the terminal, or a library caller's sink showing work under way.
 * A task that returns a promise is done when the promise settles; any other, when it returns or
 * throws. The sink may be absent (a reader called without one).
 */
export function withProgress<T>(progress: Progress | undefined, task: () => T): T {
  const done = (): void => progress?.(null);
  let result: T;
  try {
    result = task();
  } catch (error) {
    done();
    throw error;
  }
  if (result instanceof Promise) return result.finally(done) as T;
  done();
  return result;
}
