/**
 * The text flagstore puts into hooks and hook-manager configurations, and the pure edits of
 * hand-written hooks: inserting our line where it runs, and taking it out again.
 */

/** Repository-relative path of the committed hook script. */
export const HOOK_SCRIPT = '.flagstore/hooks/pre-commit';

/** The git hooks flagstore runs in: commits, and merge commits (git skips pre-commit there). */
export const HOOK_NAMES = ['pre-commit', 'pre-merge-commit'] as const;

/** One of {@link HOOK_NAMES}. */
export type HookName = (typeof HOOK_NAMES)[number];

const ABSENT_MESSAGE = `flagstore: no ${HOOK_SCRIPT} on this branch; commit not checked`;

/** Both hook lines' start: find the script from the top of the work tree, run it when it is there. */
const RUN_SCRIPT =
  `flagstore_hook="$(git rev-parse --show-toplevel)/${HOOK_SCRIPT}"; ` +
  `if [ -f "$flagstore_hook" ]; then sh "$flagstore_hook" || exit $?; `;

/**
 * The line added to a hook someone else wrote (husky, lefthook, a hooks folder, a hand-written
 * hook). It finds the script from anywhere (a hook may `cd` first), stops the hook when the
 * gate fails wherever the line sits, and lets the commit through with one line on a branch
 * older than the script.
 */
export const HOOK_LINE = `${RUN_SCRIPT}else echo "${ABSENT_MESSAGE}" >&2; fi`;

/**
 * The line for a hook in a folder outside the repository (a global `core.hooksPath`), which git
 * runs in every repository on the machine: where the script is absent it speaks only in a clone
 * flagstore was set up in (`flagstore.bin` in its git config, as `init` writes), so a commit in
 * any other repository prints nothing.
 */
export const OUTSIDE_HOOK_LINE = `${RUN_SCRIPT}elif git config flagstore.bin >/dev/null; then echo "${ABSENT_MESSAGE}" >&2; fi`;

/**
 * True when a hook file holds {@link HOOK_LINE} itself, the line an earlier flagstore printed for
 * an outside hooks folder too, where it speaks in every repository on the machine.
 */
export function holdsRepoLine(text: string): boolean {
  return text.split('\n').some((l) => l.trim() === HOOK_LINE);
}

/** Lines earlier versions added; recognised (idempotence) and removed (uninstall). */
export const EARLIER_LINES = [`sh "$(git rev-parse --show-toplevel)/${HOOK_SCRIPT}"`];

function shimText(body: string): string {
  return `#!/bin/sh\n# Added by flagstore init: runs the repository's shared pre-commit hook.\n${body}\n`;
}

/**
 * The hook file init writes where there is none: git runs hooks from the top of the work tree
 * and this file never changes folder, so it spares the commit a `git rev-parse`.
 */
export const SHIM = shimText(
  `if [ -f ${HOOK_SCRIPT} ]; then exec sh ${HOOK_SCRIPT}; fi\necho "${ABSENT_MESSAGE}" >&2`,
);

/** Files earlier versions wrote in its place; replaced by init, removed by uninstall. */
export const EARLIER_SHIMS = [shimText(EARLIER_LINES[0] ?? ''), shimText(`sh ${HOOK_SCRIPT}`)];

/** True when a hook text already calls the script. */
export function callsScript(text: string): boolean {
  return text.includes(HOOK_SCRIPT);
}

/** True when a hook file is a shell script (a shebang naming a shell, or none). */
export function isShell(text: string): boolean {
  return /^#!.*\b(sh|bash|zsh|dash|ksh)\b/.test(text) || !text.startsWith('#!');
}

const TERMINATOR = /^(exit|exec)\b/;
/** An exit or exec that may end the hook early: indented (conditional) or after `&&` / `;`. */
const EARLY_END = /(^\s+(exit|exec)\b)|((&&|;|then|else)\s*(exit|exec)\b)|(^\s*exec\b)/;

/**
 * Our line inserted where it runs: before the first top-level `exit`/`exec`, else at the end.
 * Null when an earlier `exit`/`exec` might end the hook before it (the caller then prints the
 * exact line to add instead).
 */
export function insertLine(text: string, line: string): string | null {
  if (!isShell(text)) return null;
  const lines = text.replace(/\n*$/, '').split('\n');
  const at = lines.findIndex((l, i) => i > 0 && TERMINATOR.test(l));
  const before = at < 0 ? lines : lines.slice(0, at);
  if (before.slice(1).some((l) => EARLY_END.test(l) && !/\|\|\s*exit\b/.test(l))) return null;
  if (at < 0) return `${lines.join('\n')}\n${line}\n`;
  return [...lines.slice(0, at), line, ...lines.slice(at)].join('\n') + '\n';
}

/** The hook text without any line flagstore added (current or earlier versions). */
export function removeLines(text: string): string {
  const ours = new Set([HOOK_LINE, OUTSIDE_HOOK_LINE, ...EARLIER_LINES]);
  return text
    .split('\n')
    .filter((l) => !ours.has(l.trim()))
    .join('\n');
}

/** True when a hook file holds nothing but what flagstore wrote (or nothing at all). */
export function onlyOurs(text: string): boolean {
  if (text === SHIM || EARLIER_SHIMS.includes(text)) return true;
  return (
    removeLines(text)
      .replace(/^#!.*$/m, '')
      .trim() === ''
  );
}
