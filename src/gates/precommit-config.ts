/**
 * Whether the pre-commit framework's configuration runs the gate in a hook: read apart from the
 * rest of src/gates/managers-yaml.ts, so the commit hook's entry can ask (see
 * src/gates/framework-legacy.ts) without loading the configuration editor.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { HOOK_SCRIPT, type HookName } from './hook-text.js';

/** The pre-commit framework's configuration file. */
export const PRE_COMMIT_FILE = '.pre-commit-config.yaml';

interface FrameworkConfig {
  repos?: { hooks?: { id?: string; entry?: string; stages?: string[] }[] }[];
}

function configOf(root: string): FrameworkConfig | null {
  let text: string;
  try {
    text = readFileSync(join(root, PRE_COMMIT_FILE), 'utf8');
  } catch {
    return null;
  }
  return YAML.parseDocument(text).toJS() as FrameworkConfig | null;
}

/**
 * True when .pre-commit-config.yaml has our `flagstore` hook (it calls the script) for this git
 * hook: with no `stages` (every hook type), or a stage naming it (with or without `pre-`).
 */
export function frameworkCarries(root: string, hook: HookName): boolean {
  const ours = (configOf(root)?.repos ?? [])
    .flatMap((r) => r.hooks ?? [])
    .filter((h) => h.id === 'flagstore' && JSON.stringify(h).includes(HOOK_SCRIPT));
  const stage = (s: string) => s === hook || s === hook.replace(/^pre-/, '');
  return ours.some((h) => h.stages === undefined || h.stages.some(stage));
}
