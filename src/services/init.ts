/** Setting a repository up for flagstore, and taking it out again: idempotent, data kept. */
import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { setupReport, type SetupReport } from '../core/setup.js';
import { CONFIG_FILE, DEFAULT_CONFIG, unknownConfigKeys } from '../store/config.js';
import { createAtomic } from '../store/atomic.js';
import { hookChecks, type DoctorCheck } from '../gates/doctor.js';
import { attributesInEffect } from './attributes-check.js';
import { hiddenEditsCheck } from './backup-check.js';
import { indexLockCheck, ledgerLockCheck } from './lock-checks.js';
import { tempFilesIgnored } from './ignore-check.js';
import { installHooks } from '../gates/install.js';
import { compareAndSwap } from '../git/ledger.js';
import { readTip } from '../git/ledger-read.js';
import { readCheckedTip } from '../git/ledger-identity.js';
import { uninstallHooks } from '../gates/uninstall.js';
import { git, gitConfig } from '../git/repo.js';
import {
  ensureIgnore,
  missingAttributes,
  installCi,
  installMergeDriver,
  removeAttributes,
  removeDriverConfig,
  removeIgnore,
} from '../sync/install.js';
import { notALedger } from '../sync/not-a-ledger.js';
import { remoteFor } from '../sync/remote-name.js';
import type { Workspace } from './workspace.js';

/** What `init` did: paths it created and paths that were already right. */
export type InitReport = Omit<SetupReport, 'removed'>;

const CONFIG_TEXT = `# flagstore configuration (docs/gates.md in the flagstore package describes every key)
# Folders are relative to the repository root.
flags_dir: ${DEFAULT_CONFIG.flags_dir}
# Agent catalog folders, read in place; the first one receives new agent files.
agents_dir: [${DEFAULT_CONFIG.agents_dirs.join(', ')}]
`;

async function ensureFile(
  ws: Workspace,
  relPath: string,
  content: string,
  report: SetupReport,
): Promise<void> {
  const path = join(ws.root, relPath);
  if (existsSync(path)) {
    report.unchanged.push(relPath);
    return;
  }
  createAtomic(path, content);
  report.created.push(relPath);
}

async function ensureDir(ws: Workspace, relDir: string, report: SetupReport): Promise<void> {
  const dir = join(ws.root, relDir);
  const existed = existsSync(dir);
  await fs.mkdir(dir, { recursive: true });
  const entries = await fs.readdir(dir);
  if (entries.length === 0) {
    createAtomic(join(dir, '.gitkeep'), '');
    report.created.push(`${relDir}/.gitkeep`);
  } else {
    (existed ? report.unchanged : report.created).push(`${relDir}/`);
  }
}

/**
 * Gives a repository without a ledger one: in a fresh clone, the remote's ledger as `git clone`
 * fetched it (no network), so its flags are read at once; then records the flags the work tree
 * has.
 */
async function adoptLedger(ws: Workspace, report: InitReport): Promise<void> {
  const label = `ledger branch ${ws.config.ledger.branch}`;
  const before = readTip(ws.root, ws.flags.ledger.ref);
  const fetched = before === null ? await ledgerFromRemote(ws, report) : null;
  const commit = await ws.flags.recordWorkTree();
  if (fetched !== null)
    report.created.push(`${label} (from ${fetched}; flagstore sync updates it)`);
  else if (before === null && commit !== null) report.created.push(label);
  else if (before !== null) report.unchanged.push(label);
}

/**
 * Starts the local ledger at the remote's fetched one; its name (`origin/flagstore`), or null.
 * A branch of that name whose tip flagstore did not commit is some other work (a branch named
 * `flagstore` to try the tool on): it is left alone, and the report says to pick another name.
 */
async function ledgerFromRemote(ws: Workspace, report: InitReport): Promise<string | null> {
  const remote = await remoteFor(ws.root).catch(() => null);
  if (remote === null) return null;
  const name = `${remote}/${ws.config.ledger.branch}`;
  const fetched = readCheckedTip(ws.root, `refs/remotes/${name}`);
  if (fetched === null) return null;
  if (!fetched.ledger) {
    const refused = notALedger(name, fetched.commit);
    report.manual.push(`${refused.message}: ${refused.fix}`);
    return null;
  }
  // Created only where no ledger appeared meanwhile; a git failure is reported, not taken for that.
  const made = await compareAndSwap(ws.root, {
    ref: ws.flags.ledger.ref,
    old: null,
    next: fetched.commit,
    reason: `flagstore: init from ${name}`,
  });
  return made ? name : null;
}

/** Options of `init`: which CI workflow to write, if any. */
export interface InitOptions {
  ci?: 'github' | undefined;
}

/**
 * Creates the configuration, folders, hooks, merge driver and temp-file ignore rule where missing
 * (and a CI workflow).
 */
export async function initRepository(
  ws: Workspace,
  options: InitOptions = {},
): Promise<SetupReport> {
  const report = setupReport();
  await ensureFile(ws, CONFIG_FILE, CONFIG_TEXT, report);
  await ensureDir(ws, ws.config.flags_dir, report);
  await ensureDir(ws, ws.config.agents_dir, report);
  await installHooks(ws.root, report);
  await installMergeDriver(ws, report);
  ensureIgnore(ws, report);
  if (options.ci === 'github') await installCi(ws, report);
  await adoptLedger(ws, report);
  return report;
}

/**
 * The work-tree path a report line names (`.husky/pre-commit (our line added)`), or null for git
 * config, hooks in the git folder, the ledger branch and other steps that are not files to commit.
 * For the flags and agents folders init found (`flags/`), only the `.gitkeep` an earlier init put
 * there: their other files are the team's data.
 */
function labelPath(label: string): string | null {
  const named = label.split(' (')[0] ?? '';
  const path = named.endsWith('/') ? `${named}.gitkeep` : named;
  const notFile = /^(git |ledger )/.test(label) || path.startsWith('.git/');
  return notFile || path === '' || path.startsWith('/') || path.includes('..') ? null : path;
}

/**
 * The set-up paths (of `init`'s report lines) that git shows as new or changed: what the set-up
 * commit must hold, and nothing else (a user's work in progress stays out of it). Empty in a
 * clone whose set-up is committed.
 */
export async function uncommittedSetup(ws: Workspace, labels: string[]): Promise<string[]> {
  const paths = [...new Set(labels.map(labelPath).filter((p): p is string => p !== null))];
  if (paths.length === 0) return [];
  const out = await git(ws.root, [
    '--literal-pathspecs',
    'status',
    '--porcelain',
    '-z',
    '--untracked-files=all',
    '--',
    ...paths,
  ]);
  const changed = out
    .split('\0')
    .filter((e) => /^.. /.test(e))
    .map((e) => e.slice(3));
  return paths.filter((path) => changed.includes(path));
}

/**
 * Removes what `init` added (hooks, their lines in hook managers, the merge driver's git
 * config, the `.gitattributes` and `.gitignore` lines) and nothing else: flags, agents and
 * `.flagstore.yml` are the team's data and stay.
 */
export async function uninstallRepository(ws: Workspace): Promise<SetupReport> {
  const report = setupReport();
  await uninstallHooks(ws.root, report);
  await removeDriverConfig(ws, report);
  await removeAttributes(ws, report);
  await removeIgnore(ws, report);
  for (const kept of [CONFIG_FILE, `${ws.config.flags_dir}/`, `${ws.config.agents_dir}/`]) {
    if (existsSync(join(ws.root, kept))) report.unchanged.push(kept);
  }
  return report;
}

/** What `doctor` found: every check, and whether all passed. */
export interface DoctorReport {
  ok: boolean;
  checks: DoctorCheck[];
}

/** Checks the installation in this clone: hooks, managers, merge driver, attributes. */
export async function doctor(ws: Workspace): Promise<DoctorReport> {
  const checks = await hookChecks(ws.root, ws.gitDir);
  const driver = await gitConfig(ws.root, 'merge.flagstore.driver');
  checks.push({
    name: 'merge driver',
    ok: driver !== null,
    detail: driver === null ? 'git config merge.flagstore.driver is not set' : 'configured',
    fix: driver === null ? 'flagstore init' : null,
  });
  const missing = missingAttributes(ws);
  checks.push({
    name: '.gitattributes',
    ok: missing.length === 0,
    detail:
      missing.length === 0
        ? 'flag files merge field by field, LF endings'
        : `missing: ${missing.join('; ')}`,
    fix: missing.length === 0 ? null : 'flagstore init',
  });
  checks.push(await tempFilesIgnored(ws));
  checks.push(await attributesInEffect(ws), configKeysCheck(ws.root));
  checks.push(indexLockCheck(ws), ledgerLockCheck(ws), await hiddenEditsCheck(ws));
  return { ok: checks.every((c) => c.ok), checks };
}

/** Keys of .flagstore.yml this version does not read (a typo would fall back to a default). */
function configKeysCheck(root: string): DoctorCheck {
  const unknown = unknownConfigKeys(root);
  if (unknown.length === 0) {
    return { name: 'config', ok: true, detail: `${CONFIG_FILE} keys all read`, fix: null };
  }
  const keys = unknown.map(({ key, known }) => {
    const section = key.includes('.') ? `${key.split('.')[0]} keys` : 'keys';
    return `unknown key ${key} (${section}: ${known.join(', ')})`;
  });
  return {
    name: 'config',
    ok: false,
    detail: `${CONFIG_FILE}: ${keys.join(', ')}, read as nothing`,
    fix: `rename or remove it in ${CONFIG_FILE} (docs/gates.md describes every key)`,
  };
}
