/**
 * What to do by hand for a hook file in a hooks folder outside this repository (a shared
 * `core.hooksPath`), which flagstore never changes: one text for `init` and `doctor`, complete
 * for the file as it stands (absent, not executable, runnable without our line, or holding the
 * line meant for a hook inside a repository).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { shellWord } from '../git/shell-word.js';
import { callsScript, holdsRepoLine, OUTSIDE_HOOK_LINE } from './hook-text.js';

/** Why an outside hook file matters, written after its path. */
export const OUTSIDE = '(a hooks folder outside this repository: flagstore never changes it)';

/**
 * The steps, then `sep`, then the line to add (omitted when the file already holds it). Paths
 * in the commands to paste are shell words: a hooks folder may hold a space or a `$`.
 */
export function outsideHookFix(path: string, sep: string): string {
  const stat = statSync(path, { throwIfNoEntry: false });
  const chmod = `chmod +x ${shellWord(path)}`;
  if (stat === undefined) {
    const folder = existsSync(dirname(path)) ? '' : `mkdir -p ${shellWord(dirname(path))}, then `;
    return `${folder}create ${path} ${OUTSIDE} as an executable shell script: "#!/bin/sh" as its first line, then this line, then run ${chmod}:${sep}${OUTSIDE_HOOK_LINE}`;
  }
  const runs = (stat.mode & 0o111) !== 0;
  const text = readFileSync(path, 'utf8');
  if (holdsRepoLine(text)) {
    const then = runs ? '' : `, then make it executable, or git skips it (${chmod})`;
    return `replace the flagstore line in ${path} ${OUTSIDE} with this one, silent in repositories without flagstore${then}:${sep}${OUTSIDE_HOOK_LINE}`;
  }
  if (callsScript(text)) return `make ${path} ${OUTSIDE} executable, or git skips it: ${chmod}`;
  if (runs) return `add this line to ${path} ${OUTSIDE}:${sep}${OUTSIDE_HOOK_LINE}`;
  return `add this line to ${path} ${OUTSIDE}, then make it executable, or git skips it (${chmod}):${sep}${OUTSIDE_HOOK_LINE}`;
}
