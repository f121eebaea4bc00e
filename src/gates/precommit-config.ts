/**
 * Whether the pre-commit framework's configuration runs the gate in a hook: read apart from the
 * rest of the framework managers (src/gates/managers-framework.ts), so the commit hook's entry
 * can ask (see src/gates/framework-legacy.ts) without loading the configuration editor. Two
 * tools run this framework: pre-commit (pre-commit.com), which reads `.pre-commit-config.yaml`
 * only, and prek, which reads the first of `prek.toml`, `.pre-commit-config.yaml` and
 * `.pre-commit-config.yml` (a later file is ignored).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import YAML from 'yaml';
import { HOOK_SCRIPT, type HookName } from './hook-text.js';

/** The pre-commit framework's configuration file. */
export const PRE_COMMIT_FILE = '.pre-commit-config.yaml';

/** prek's own configuration file, read before the YAML ones. */
export const PREK_FILE = 'prek.toml';

/** The tools that run the framework's configuration. */
export type FrameworkTool = 'pre-commit' | 'prek';

/** The configuration files each tool reads, in its order: it reads the first one present. */
const CONFIG_FILES: Record<FrameworkTool, string[]> = {
  'pre-commit': [PRE_COMMIT_FILE],
  prek: [PREK_FILE, PRE_COMMIT_FILE, '.pre-commit-config.yml'],
};

/** Every configuration file either tool reads. */
export const FRAMEWORK_FILES = CONFIG_FILES.prek;

/**
 * The configuration file this tool reads in the repository: the first present, else the one a
 * new configuration goes into (`.pre-commit-config.yaml`, which both tools read).
 */
export function configFile(root: string, tool: FrameworkTool): string {
  return CONFIG_FILES[tool].find((f) => existsSync(join(root, f))) ?? PRE_COMMIT_FILE;
}

/**
 * Where prek 0.6 and later also find a configuration, after its own files: a table of a project
 * manifest. A new `.pre-commit-config.yaml` would be read before it, in its place.
 */
const MANIFESTS = [
  { file: 'pyproject.toml', tables: [['tool', 'prek']] },
  {
    file: 'Cargo.toml',
    tables: [
      ['package', 'metadata', 'prek'],
      ['workspace', 'metadata', 'prek'],
    ],
  },
];

/** The manifest holding prek's configuration (`[tool.prek]`, Cargo's metadata), or null. */
export function prekManifest(root: string): string | null {
  const found = MANIFESTS.find(({ file, tables }) => {
    const data = configData(root, file);
    const at = (path: string[]) =>
      path.reduce<unknown>((node, key) => (node as Record<string, unknown> | null)?.[key], data);
    return tables.some((path) => at(path) !== undefined);
  });
  return found?.file ?? null;
}

/** One hook of the configuration, as far as flagstore reads it. */
interface FrameworkHook {
  id?: unknown;
  entry?: unknown;
  stages?: unknown;
}

interface FrameworkConfig {
  repos?: { hooks?: FrameworkHook[] }[];
}

/** A configuration file's data (YAML or TOML by its name), or null when absent or unreadable. */
function configData(root: string, rel: string): FrameworkConfig | null {
  try {
    const text = readFileSync(join(root, rel), 'utf8');
    if (rel.endsWith('.toml')) return parseToml(text) as FrameworkConfig;
    return YAML.parseDocument(text).toJS() as FrameworkConfig | null;
  } catch {
    return null;
  }
}

/** Our `flagstore` hooks (id flagstore, calling the script) of a configuration. */
export function ourHooks(config: FrameworkConfig | null): FrameworkHook[] {
  const repos = Array.isArray(config?.repos) ? config.repos : [];
  return repos
    .flatMap((r) => (Array.isArray(r?.hooks) ? r.hooks : []))
    .filter((h) => h?.id === 'flagstore' && JSON.stringify(h).includes(HOOK_SCRIPT));
}

/**
 * True when one of these hooks of ours runs in `hook`: one with no `stages` (every hook type),
 * or with a stage naming it (with or without `pre-`).
 */
function runsIn(hooks: FrameworkHook[], hook: HookName): boolean {
  const stage = (s: unknown) => s === hook || s === hook.replace(/^pre-/, '');
  return hooks.some(
    (h) => h.stages === undefined || (Array.isArray(h.stages) && h.stages.some(stage)),
  );
}

/**
 * True when this configuration file has our `flagstore` hook (it calls the script) for this git
 * hook (see {@link runsIn}).
 */
export function fileCarries(root: string, rel: string, hook: HookName): boolean {
  return runsIn(ourHooks(configData(root, rel)), hook);
}

/** True when the configuration file `tool` reads carries our hook (see {@link fileCarries}). */
export function frameworkCarries(root: string, hook: HookName, tool: FrameworkTool): boolean {
  return frameworkCarrier(root, tool)(hook);
}

/**
 * Whether the configuration file `tool` reads carries our hook, for any git hook: the file is
 * read and parsed once, when this is called.
 */
export function frameworkCarrier(root: string, tool: FrameworkTool): (hook: HookName) => boolean {
  const ours = ourHooks(configData(root, configFile(root, tool)));
  return (hook) => runsIn(ours, hook);
}
