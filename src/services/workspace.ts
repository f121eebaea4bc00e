/** A workspace: the repository, its configuration and its stores, opened once per command. */
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { FlagstoreError } from '../core/errors.js';
import { missingIdentity } from '../core/identity.js';
import { agentIdentity, type IdentitySources } from '../gates/agent.js';
import { noProgress, type Progress } from '../core/progress.js';
import { findRepo } from '../git/repo.js';
import { loadConfig, type Config } from '../store/config.js';
import { ledgerRef } from '../git/ledger.js';
import { readTip } from '../git/ledger-read.js';
import { LedgerStore } from '../sync/ledger-store.js';
import { realPathOutside } from '../store/inside.js';

/** Everything a domain service needs to act on one repository. */
export interface Workspace {
  root: string;
  gitDir: string;
  config: Config;
  flags: LedgerStore;
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
  const { root, gitDir, config } = await locate(cwd);
  const flagsDir = join(root, config.flags_dir);
  refuseOutside(root, flagsDir, config.flags_dir);
  const stateDir = join(gitDir, 'flagstore');
  const flags = new LedgerStore(
    { dir: flagsDir, stateDir },
    { root, gitDir, stateDir, ref: ledgerRef(config.ledger.branch), dir: config.flags_dir },
  );
  return { root, gitDir, config, flags, flagsDir, progress };
}

/** Refuses a flags folder that a symlink leads out of the repository: flags would go there. */
function refuseOutside(root: string, dir: string, name: string): void {
  const real = realPathOutside(root, dir);
  if (real === undefined) return;
  throw new FlagstoreError(
    'invalid',
    `the flags folder ${name} leads outside the repository, to ${real}`,
    {
      fix: `replace the symlink with a folder in the repository: git rm ${name} && mkdir ${name}`,
      details: { path: dir, target: real },
    },
  );
}

/** The acting agent: `--by`, else FLAGSTORE_AGENT, else git config flagstore.agent, else null. */
export function resolveIdentity(ws: Workspace, sources: IdentitySources): Promise<string | null> {
  return agentIdentity(ws.root, sources);
}

/**
 * Whether the repository has a flagstore set-up: a flags folder (`init` makes one, a clone of a
 * set-up repository has one) or a ledger branch. Both are in the answer cache's key.
 */
export function hasSetup(ws: Workspace): boolean {
  return existsSync(ws.flagsDir) || readTip(ws.root, ws.flags.ledger.ref) !== null;
}

/** Resolves a user-given path against the folder the command was run from. */
export function userPath(cwd: string, path: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}

/** The identity, or a usage error with the fix when none is known (`action`: what needs it). */
export function requireIdentity(agent: string | null, action: string): string {
  if (agent !== null) return agent;
  throw missingIdentity(`${action} needs an agent identity and none is known`);
}

/** Where a workspace's reads look: what the answer cache keys on (src/cli/answer.ts). */
export interface ReadPlaces {
  root: string;
  gitDir: string;
  /** Repository-relative flags folder. */
  flagsDir: string;
  /** Repository-relative catalog folders. */
  catalogDirs: string[];
  /** The ledger's full ref name. */
  ledgerRef: string;
}

/** A repository found from a folder, with its configuration. */
interface Located {
  root: string;
  gitDir: string;
  config: Config;
}

/**
 * What {@link readPlaces} found, for the one command that runs right after it in the same
 * process and folder (the answer cache asks for the places, then runs the command): that
 * command's {@link openWorkspace} takes it instead of finding the repository and reading the
 * configuration a second time. Taken once; nothing else ever reads it.
 */
let handedOver: { cwd: string; located: Located } | null = null;

/** Finds the repository containing `cwd` and reads its configuration (or takes the hand-over). */
async function locate(cwd: string): Promise<Located> {
  const given = handedOver;
  handedOver = null;
  if (given !== null && given.cwd === cwd) return given.located;
  const { root, gitDir } = await findRepo(cwd);
  return { root, gitDir, config: loadConfig(root) };
}

/**
 * The places the reads of the workspace containing `cwd` look at, found as they find them;
 * the next {@link openWorkspace} of the same folder in this process starts from this finding.
 */
export async function readPlaces(cwd: string): Promise<ReadPlaces> {
  const located = await locate(cwd);
  handedOver = { cwd, located };
  const { root, gitDir, config } = located;
  return {
    root,
    gitDir,
    flagsDir: config.flags_dir,
    catalogDirs: config.agents_dirs,
    ledgerRef: ledgerRef(config.ledger.branch),
  };
}
