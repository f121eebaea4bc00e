/** `flagstore uninstall`, hooks part: takes out exactly what {@link installHooks} put in. */
import { existsSync, promises as fs, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SetupReport } from '../core/setup.js';
import { git, gitConfig } from '../git/repo.js';
import { hookFile, type HookFile } from './hook-paths.js';
import {
  callsScript,
  EARLIER_LINES,
  HOOK_NAMES,
  HOOK_SCRIPT,
  type HookName,
  onlyOurs,
  removeLines,
} from './hook-text.js';
import { isShippedScript, MANAGERS } from './install.js';

/**
 * Takes flagstore's lines out of one hook file: the file goes when nothing else is in it, else
 * only our lines; a file outside this repository is left to the user.
 */
async function removeOurLines(file: HookFile, report: SetupReport): Promise<void> {
  const { path, label, inside } = file;
  if (!existsSync(path)) return;
  const text = readFileSync(path, 'utf8');
  const ours = callsScript(text) || EARLIER_LINES.some((l) => text.includes(l));
  if (!ours) return;
  if (!inside) {
    return void report.manual.push(
      `remove the flagstore line from ${label} (outside this repository)`,
    );
  }
  if (onlyOurs(text)) await fs.rm(path, { force: true });
  else await fs.writeFile(path, removeLines(text));
  report.removed.push(onlyOurs(text) ? label : `${label} (our line)`);
}

/**
 * The hook file, and the copy a hook manager kept of it: `lefthook install` renames a hook it
 * replaces to `<name>.old` and puts it back on `lefthook uninstall`, so a flagstore hook left
 * there would come back after flagstore was taken out.
 */
async function removeHookFile(root: string, name: HookName, report: SetupReport): Promise<void> {
  const file = await hookFile(root, name);
  await removeOurLines(file, report);
  await removeOurLines({ ...file, path: `${file.path}.old`, label: `${file.label}.old` }, report);
}

async function removeScript(root: string, report: SetupReport): Promise<void> {
  const path = join(root, HOOK_SCRIPT);
  if (!existsSync(path)) return;
  if (!isShippedScript(readFileSync(path, 'utf8'))) {
    report.manual.push(`${HOOK_SCRIPT} was edited; delete it yourself if you no longer need it`);
    return;
  }
  await fs.rm(path, { force: true });
  report.removed.push(HOOK_SCRIPT);
  for (const dir of [dirname(path), dirname(dirname(path))]) {
    if (existsSync(dir) && readdirSync(dir).length === 0) await fs.rmdir(dir);
  }
}

/** Removes the hook files' lines, the managers' entries, the script and `flagstore.bin`. */
export async function uninstallHooks(root: string, report: SetupReport): Promise<void> {
  for (const name of HOOK_NAMES) await removeHookFile(root, name, report);
  for (const manager of MANAGERS) await manager.remove(root, report);
  await removeScript(root, report);
  if ((await gitConfig(root, 'flagstore.bin')) !== null) {
    await git(root, ['config', '--local', '--unset-all', 'flagstore.bin']);
    report.removed.push('git config flagstore.bin');
  }
}
