/**
 * The gate in prek's `prek.toml`: a `[[repos]]` block (repo = "local") appended to the user's
 * text, so every byte they wrote stays, and taken out again by `uninstall` byte for byte. TOML is
 * parsed (smol-toml) only to verify: the text with the block must hold the user's data plus our
 * repository and nothing else, or nothing is written and the entry to add is printed instead
 * (such as `repos` written as an inline array, which a `[[repos]]` table cannot extend).
 */
import { parse } from 'smol-toml';
import { linesOf, usualEnd } from '../core/line-ends.js';
import type { SetupReport } from '../core/setup.js';
import { HOOK_SCRIPT } from './hook-text.js';
import { readText, writeIfChanged } from './manager.js';
import { ourHooks, PREK_FILE } from './precommit-config.js';

/** The block appended: one local repository with the `flagstore` hook (no `stages`: all hooks). */
const BLOCK = `# flagstore: runs the gate (flagstore uninstall takes this block out)
[[repos]]
repo = "local"

[[repos.hooks]]
id = "flagstore"
name = "flagstore gates"
entry = "sh ${HOOK_SCRIPT}"
language = "system"
pass_filenames = false
always_run = true
verbose = true
`;

/** The same entry as one inline table, for a file where the block cannot go. */
const INLINE = `{ repo = "local", hooks = [{ id = "flagstore", name = "flagstore gates", entry = "sh ${HOOK_SCRIPT}", language = "system", pass_filenames = false, always_run = true, verbose = true }] }`;

type Data = Record<string, unknown>;

function parsed(text: string): Data | null {
  try {
    return parse(text) as Data;
  } catch {
    return null;
  }
}

function reposOf(data: Data): unknown[] {
  return Array.isArray(data.repos) ? data.repos : [];
}

/** The block, and the line end put before it, in the end most of the file's lines have. */
function blockFor(text: string): { block: string; end: string } {
  const end = usualEnd(linesOf(text));
  return { block: end === '\n' ? BLOCK : BLOCK.replace(/\n/g, end), end };
}

/** The text with the block appended: after a line end (a blank line when the file has one). */
function appended(text: string): string {
  const { block, end } = blockFor(text);
  return text === '' ? block : `${text}${end}${block}`;
}

/** The data without our repository (a `local` one whose hooks are only ours). */
function minusOurs(data: Data): string {
  const repos = reposOf(data).filter((r) => ourHooks({ repos: [r] } as never).length === 0);
  return JSON.stringify({ ...data, repos });
}

/** True when `withOurs` is `without`'s data plus our hook, once, and nothing else. */
function onlyOursBetween(withOurs: Data | null, without: Data | null): boolean {
  if (withOurs === null || without === null) return false;
  return (
    ourHooks(withOurs).length === 1 &&
    ourHooks(without).length === 0 &&
    minusOurs(withOurs) === minusOurs(without)
  );
}

/** Says why nothing was written, and the entry to add to the `repos` of `file` by hand. */
export function manualAdd(report: SetupReport, why: string, file = PREK_FILE): void {
  report.manual.push(`${why}; add this entry to repos in ${file} by hand:\n  ${INLINE}`);
}

/** Appends our block to prek.toml, unless it already runs the gate or cannot take it safely. */
export async function ensurePrekToml(root: string, report: SetupReport): Promise<void> {
  const text = readText(root, PREK_FILE) ?? '';
  const before = parsed(text);
  if (before === null) return manualAdd(report, `${PREK_FILE} does not parse as TOML`);
  if (ourHooks(before).length > 0) return void report.unchanged.push(PREK_FILE);
  const next = appended(text);
  if (!onlyOursBetween(parsed(next), before)) {
    return manualAdd(report, `a [[repos]] table cannot be appended to ${PREK_FILE} safely`);
  }
  await writeIfChanged(root, PREK_FILE, text, next);
  report.created.push(`${PREK_FILE} ([[repos]] local, hook flagstore)`);
}

/** The text without our block (and the line end put before it), or null when it is not there. */
function withoutBlock(text: string): string | null {
  const { block, end } = blockFor(text);
  const at = text.lastIndexOf(block);
  if (at < 0) return null;
  const start = at > 0 && text.slice(0, at).endsWith(end) ? at - end.length : at;
  return text.slice(0, start) + text.slice(at + block.length);
}

/** Takes our block out of prek.toml; where it was edited, says what to remove by hand. */
export async function removePrekToml(root: string, report: SetupReport): Promise<void> {
  const text = readText(root, PREK_FILE);
  const before = text === null ? null : parsed(text);
  if (text === null || before === null || ourHooks(before).length === 0) return;
  const next = withoutBlock(text);
  if (next === null || !onlyOursBetween(before, parsed(next))) {
    return void report.manual.push(`remove the flagstore hook from ${PREK_FILE} by hand`);
  }
  await writeIfChanged(root, PREK_FILE, text, next);
  report.removed.push(`${PREK_FILE} (hook flagstore)`);
}
