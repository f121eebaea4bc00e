/**
 * Splitting a gate's file arguments into runs that fit under the system's limit on the size of
 * a command line (`spawn E2BIG` otherwise), the way lint-staged does: every run gets the same
 * command with as many files as fit, in order, and each file exactly once.
 */

/** Bytes of command line a spawn may use, per platform (as lint-staged assumes), by default. */
function platformLimit(): number {
  if (process.platform === 'win32') return 8191;
  if (process.platform === 'darwin') return 262144;
  return 131072;
}

/** Bytes one argument or variable takes: its text, its NUL, and its pointer. */
function cost(text: string): number {
  return Buffer.byteLength(text) + 1 + 8;
}

/**
 * The byte budget for arguments: the limit (FLAGSTORE_MAX_ARG_LENGTH, else the platform's)
 * less the environment the gate gets, which shares the same space.
 */
export function argBudget(env: NodeJS.ProcessEnv, limit?: number): number {
  const fixed = Number(process.env.FLAGSTORE_MAX_ARG_LENGTH ?? '');
  const total = limit ?? (Number.isInteger(fixed) && fixed > 0 ? fixed : platformLimit());
  const envBytes = Object.entries(env).reduce((sum, [k, v]) => sum + cost(`${k}=${v ?? ''}`), 0);
  return Math.max(total - envBytes, 1);
}

/**
 * Argument lists for `command` with `files` in place of the placeholder word, each within
 * `budget` bytes (a file too long on its own still gets a run of its own).
 */
export function splitArgv(
  command: string[],
  placeholder: string,
  files: string[],
  budget: number,
): string[][] {
  const fixed = command.filter((w) => w !== placeholder).reduce((sum, w) => sum + cost(w), 0);
  const runs: string[][] = [];
  let current: string[] = [];
  let used = fixed;
  for (const file of files) {
    if (current.length > 0 && used + cost(file) > budget) {
      runs.push(current);
      current = [];
      used = fixed;
    }
    current.push(file);
    used += cost(file);
  }
  if (current.length > 0) runs.push(current);
  return runs.map((chunk) => command.flatMap((w) => (w === placeholder ? chunk : [w])));
}
