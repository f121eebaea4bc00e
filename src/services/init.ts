/** Setting a repository up for flagstore: folders and configuration, idempotently. */
import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_FILE, DEFAULT_CONFIG } from '../store/config.js';
import { createAtomic } from '../store/atomic.js';
import { installHooks } from '../gates/install.js';
import { installCi, installMergeDriver } from '../sync/install.js';
import type { Workspace } from './workspace.js';

/** What `init` did: paths it created and paths that were already right. */
export interface InitReport {
  created: string[];
  unchanged: string[];
  /** Steps left to the user (exact lines to add to hook setups flagstore must not take over). */
  manual: string[];
}

const CONFIG_TEXT = `# flagstore configuration (docs/gates.md in the flagstore package describes every key)
# Folders are relative to the repository root.
flags_dir: ${DEFAULT_CONFIG.flags_dir}
agents_dir: ${DEFAULT_CONFIG.agents_dir}
`;

async function ensureFile(
  ws: Workspace,
  relPath: string,
  content: string,
  report: InitReport,
): Promise<void> {
  const path = join(ws.root, relPath);
  if (existsSync(path)) {
    report.unchanged.push(relPath);
    return;
  }
  await createAtomic(path, content);
  report.created.push(relPath);
}

async function ensureDir(ws: Workspace, relDir: string, report: InitReport): Promise<void> {
  const dir = join(ws.root, relDir);
  const existed = existsSync(dir);
  await fs.mkdir(dir, { recursive: true });
  const entries = await fs.readdir(dir);
  if (entries.length === 0) {
    await createAtomic(join(dir, '.gitkeep'), '');
    report.created.push(`${relDir}/.gitkeep`);
  } else {
    (existed ? report.unchanged : report.created).push(`${relDir}/`);
  }
}

/** Options of `init`: which CI workflow to write, if any. */
export interface InitOptions {
  ci?: 'github' | undefined;
}

/** Creates the configuration, folders, hook and merge driver where missing (and a CI workflow). */
export async function initRepository(
  ws: Workspace,
  options: InitOptions = {},
): Promise<InitReport> {
  const report: InitReport = { created: [], unchanged: [], manual: [] };
  await ensureFile(ws, CONFIG_FILE, CONFIG_TEXT, report);
  await ensureDir(ws, ws.config.flags_dir, report);
  await ensureDir(ws, ws.config.agents_dir, report);
  const hooks = await installHooks(ws.root);
  report.created.push(...hooks.created);
  report.unchanged.push(...hooks.unchanged);
  report.manual.push(...hooks.manual);
  await installMergeDriver(ws, report);
  if (options.ci === 'github') await installCi(ws, report);
  return report;
}
