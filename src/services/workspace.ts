/** A workspace: the repository, its configuration and its stores, opened once per command. */
import { isAbsolute, join, resolve } from 'node:path';
import { agentIdentity, type IdentitySources } from '../gates/agent.js';
import { noProgress, type Progress } from '../core/progress.js';
import { findRepo } from '../git/repo.js';
import { loadConfig, type Config } from '../store/config.js';
import { FlagStore } from '../store/flag-store.js';

/** Everything a domain service needs to act on one repository. */
export interface Workspace {
  root: string;
  gitDir: string;
  config: Config;
  flags: FlagStore;
  /** Absolute path of the flags folder. */
  flagsDir: string;
  /** Where long operations report what they are doing. */
  progress: Progress;
}

/** Opens the workspace that contains `cwd`; long operations report to `progress`. */
export async function openWorkspace(
  cwd: string,
  progress: Progress = noProgress,
): Promise<Workspace> {
  const { root, gitDir } = await findRepo(cwd);
  const config = loadConfig(root);
  const flagsDir = join(root, config.flags_dir);
  const flags = new FlagStore({ dir: flagsDir, stateDir: join(gitDir, 'flagstore') });
  return { root, gitDir, config, flags, flagsDir, progress };
}

/** The acting agent: `--by`, else FLAGSTORE_AGENT, else git config flagstore.agent, else null. */
export function resolveIdentity(ws: Workspace, sources: IdentitySources): Promise<string | null> {
  return agentIdentity(ws.root, sources);
}

/** Resolves a user-given path against the folder the command was run from. */
export function userPath(cwd: string, path: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}
