/** A workspace: the repository, its configuration and its stores, opened once per command. */
import { isAbsolute, join, resolve } from 'node:path';
import { FlagstoreError, unwrap } from '../core/errors.js';
import { parseHandle } from '../core/handles.js';
import { noProgress, type Progress } from '../core/progress.js';
import { findRepo, gitConfig } from '../git/repo.js';
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

/** Where an agent identity may come from, highest priority first. */
export interface IdentitySources {
  explicit?: string | undefined;
  env?: string | undefined;
}

/** The acting agent: `--by`, else FLAGSTORE_AGENT, else git config flagstore.agent, else null (blanks skipped). */
export async function resolveIdentity(
  ws: Workspace,
  sources: IdentitySources,
): Promise<string | null> {
  // A blank source counts as unset: `.mcp.json` passes `${FLAGSTORE_AGENT:-}` through as "".
  const given = [sources.explicit, sources.env].find((s) => s !== undefined && s.trim() !== '');
  const raw = given ?? (await gitConfig(ws.root, 'flagstore.agent'));
  if (raw === null || raw === undefined || raw.trim() === '') return null;
  return unwrap(parseHandle(raw, 'agent identity'));
}

/** Resolves a user-given path against the folder the command was run from. */
export function userPath(cwd: string, path: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}

/** Requires an identity, with the three ways to give one in the error. */
export function requireIdentity(agent: string | null, action: string): string {
  if (agent !== null) return agent;
  throw new FlagstoreError('usage', `${action} needs an agent identity and none is known`, {
    fix: 'pass --by @domain.module, or set FLAGSTORE_AGENT, or: git config flagstore.agent @domain.module',
  });
}
