/** `gate pre-commit` as a service: built-in checks on the index, the block, external gates. */
import type { Progress } from '../core/progress.js';
import type { Config } from '../store/config.js';
import {
  checkAgents,
  checkFlags,
  checkMarkers,
  checkSize,
  isBinary,
  type StagedText,
} from './builtin.js';
import { clockMs } from './clock.js';
import { decideBlock, type BlockDecision } from './critical.js';
import { runExternal, type GateReport } from './external.js';
import { hideUnstaged, recover, restore, type Backup } from './hide.js';
import type { RecoveryReport } from './hide-restore.js';
import { killAll } from './exec.js';
import type { FlagSummary } from './staged-flags.js';
import { flagInputs } from './verdict.js';
import { flagRevisions, revisionFindings } from './flag-revisions.js';
import { commitTreeId, isRegularMode } from '../core/git-records.js';
import { isFlagFilePath } from '../core/ids.js';
import { ledgerRef } from '../git/ledger.js';
import { tipAfterMiss, type LedgerTip } from '../git/ledger-read.js';
import type { GitObject, ObjectReader } from '../git/objects.js';
import { localFirstReader } from '../git/objects-local.js';
import { baseName, parentTreeName, treeEntryId } from '../git/tree.js';
import { exitBySignal, guardSignals } from '../git/signal-guard.js';
import { stagedChanges, type StagedChange } from './staged.js';

/** Names of the built-in gates, usable in FLAGSTORE_SKIP. */
export const BUILTIN_GATES = ['flags', 'agents', 'markers', 'size', 'critical'] as const;

/** The repository the gates run in (a subset of a workspace, cheap to open in a hook). */
export interface GateRepo {
  root: string;
  gitDir: string;
  config: Config;
}

/** How the caller wants this run. */
export interface PreCommitOptions {
  ws: GateRepo;
  agent: string | null;
  /** Gate names to skip for this commit (FLAGSTORE_SKIP). */
  skip: string[];
  /** The emergency override of the critical block (FLAGSTORE_ALLOW_CRITICAL). */
  allowCritical: boolean;
  /** The staged changes, when the caller already read them (the hook reads them in parallel). */
  changes?: StagedChange[];
  /** A batch reader the caller started early, so its start-up overlapped other work. */
  objects?: ObjectReader;
  /** Told which external gates are running while they run. */
  progress?: Progress;
}

/** Everything `gate pre-commit` found. */
export interface PreCommitReport {
  ok: boolean;
  gates: GateReport[];
  block: BlockDecision;
  overridden: boolean;
  notices: { flag: FlagSummary; paths: string[] }[];
  /** Paths whose unstaged edits were hidden while external gates ran. */
  hidden: string[];
  /** Hidden edits that could not go back in place (saved while gates ran): where they are. */
  saved: RecoveryReport['kept'];
  /** What was restored first, from an earlier run that was killed (null when nothing). */
  recovered: RecoveryReport | null;
  unknownSkips: string[];
}

interface Staged {
  changes: StagedChange[];
  /** Tree id of the flags folder in HEAD ('' when absent). */
  flagsTree: string;
  /** The ledger's tip, read once for the run (null without a ledger). */
  ledger: LedgerTip | null;
  /** HEAD's commit as the batch read it (null: an unborn branch), for the external gates' watch. */
  head: string | null;
  all: string[];
  present: string[];
  texts: StagedText[];
  /** What the commit breaks of the transition rules: flag files it deletes or modifies. */
  breaches: string[];
}

async function readStaged(o: PreCommitOptions): Promise<Staged> {
  const { ws } = o;
  const changes = o.changes ?? (await stagedChanges(ws.root));
  const kept = changes.filter((c) => c.status !== 'D');
  const present = kept.map((c) => c.path);
  const entries = kept.filter((e) => isRegularMode(e.mode));
  // The flags folder's id is read from its parent tree (small, unlike the folder itself).
  const parent = parentTreeName('HEAD', ws.config.flags_dir);
  // The ledger's tip commit, read once: every later read of the ledger names it by its id.
  const ledger = ledgerRef(ws.config.ledger.branch);
  const reader = o.objects ?? localFirstReader(ws.root);
  // The HEAD copies of modified and deleted flag files join the batch: no process of their own.
  const revisions = flagRevisions(changes, ws.config.flags_dir);
  const wanted = [...entries.map((e) => e.blob), ...revisions.map((r) => r.from)];
  const objects = await reader.read([parent, ledger, HEAD, ...wanted]);
  const texts = entries.flatMap((e) => {
    const content = objects.get(e.blob)?.content;
    return content === undefined || isBinary(content)
      ? []
      : [{ path: e.path, text: content.toString('utf8') }];
  });
  const folder = objects.get(parent);
  const name = baseName(ws.config.flags_dir);
  const flagsTree =
    folder === undefined ? '' : (treeEntryId(folder.content, folder.sha, name) ?? '');
  // Not read as a commit: no ledger, or a ledger git cannot read (which must block, not pass).
  const tip = ledgerTip(objects.get(ledger)) ?? tipAfterMiss(ws.root, ledger);
  const headObject = objects.get(HEAD);
  const head = headObject?.type === 'commit' ? headObject.sha : null;
  const breaches = await revisionFindings(revisions, objects);
  const all = changes.map((c) => c.path);
  return { changes, flagsTree, ledger: tip, head, all, present, texts, breaches };
}

/** HEAD's commit, in the batch that reads the staged files (no `git rev-parse` of its own). */
const HEAD = 'HEAD^{commit}';

/** The ledger's tip from its commit object as the batch read it; null when there is none. */
function ledgerTip(commit: GitObject | undefined): LedgerTip | null {
  const tree = commit?.type === 'commit' ? commitTreeId(commit.content) : null;
  return commit === undefined || tree === null ? null : { commit: commit.sha, tree };
}

function builtin(name: string, findings: string[], start: number): GateReport {
  const ms = clockMs() - start;
  if (findings.length === 0) return { name, status: 'pass', ms, reason: null, output: '' };
  return {
    name,
    status: 'fail',
    ms,
    reason: `${findings.length} problem(s)`,
    output: findings.join('\n'),
  };
}

function skipped(name: string, reason: string): GateReport {
  return { name, status: 'skip', ms: 0, reason, output: '' };
}

function under(dir: string): (path: string) => boolean {
  return (path) => path.startsWith(`${dir}/`);
}

async function builtins(
  o: PreCommitOptions,
  staged: Staged,
): Promise<{
  reports: GateReport[];
  report: Pick<PreCommitReport, 'block' | 'overridden' | 'notices'>;
}> {
  const { ws } = o;
  const gates = ws.config.gates;
  let start = clockMs();
  const { flags, pending, notices } = await flagInputs({
    repo: ws,
    agent: o.agent,
    changes: staged.changes,
    present: staged.present,
    headTree: staged.flagsTree,
    ledger: staged.ledger,
  });
  const found = checkFlags(flags, staged.present, ws.config.flags_dir);
  const reports = [builtin('flags', [...found, ...staged.breaches], start)];
  start = clockMs();
  reports.push(
    builtin(
      'agents',
      await checkAgents(
        staged.texts.filter((t) => ws.config.agents_dirs.some((d) => under(d)(t.path))),
      ),
      start,
    ),
  );
  start = clockMs();
  reports.push(builtin('markers', checkMarkers(staged.texts), start));
  start = clockMs();
  reports.push(
    gates.maxLines === null
      ? skipped('size', 'off (gates.max_lines)')
      : builtin(
          'size',
          checkSize(staged.texts, { maxLines: gates.maxLines, files: gates.maxLinesFiles }),
          start,
        ),
  );
  start = clockMs();
  const block = decideBlock({
    pending,
    staged: staged.all,
    flagsDir: ws.config.flags_dir,
    agent: o.agent,
    scope: gates.critical,
  });
  const overridden = block.blocking.length > 0 && (o.allowCritical || o.skip.includes('critical'));
  const critical = builtin('critical', [], start);
  if (block.blocking.length > 0 && !overridden) {
    critical.status = 'fail';
    critical.reason = `${block.blocking.length} unresolved critical flag(s)`;
  }
  reports.push(block.exempt !== null ? skipped('critical', block.exempt) : critical);
  return { reports, report: { block, overridden, notices } };
}

async function withHidden<T>(
  ws: GateRepo,
  run: () => Promise<T>,
): Promise<{ value: T; hidden: string[]; saved: RecoveryReport['kept'] }> {
  const backup = await hideUnstaged(ws.root, ws.gitDir);
  // A signal stops the gates and restores the hidden edits, then exits 128 + its number (130,
  // 143, 129); a second one exits at once (a later run restores what is left hidden).
  const guard = guardSignals({
    signals: ['SIGINT', 'SIGTERM', 'SIGHUP'],
    stop: exitBySignal,
    onSignal: (signal, again) => (again ? exitBySignal(signal) : void interrupted(backup, signal)),
  });
  let saved: RecoveryReport['kept'] = [];
  let value: T;
  try {
    value = await run();
  } finally {
    guard.release();
    if (backup !== null) saved = (await restore(backup)).kept;
  }
  return { value, hidden: backup?.entries.map((e) => e.path) ?? [], saved };
}

async function interrupted(backup: Backup | null, signal: NodeJS.Signals): Promise<void> {
  killAll();
  if (backup !== null) await restore(backup);
  exitBySignal(signal);
}

/** True when every staged path is a flag file: code gates have nothing to judge. */
function flagsOnly(o: PreCommitOptions, staged: Staged): boolean {
  const dir = o.ws.config.flags_dir;
  return staged.all.length > 0 && staged.all.every((p) => isFlagFilePath(p, dir));
}

/** Runs every gate against what will be committed; never loses unstaged work. */
export async function runPreCommit(o: PreCommitOptions): Promise<PreCommitReport> {
  const recovered = await recover(o.ws.root, o.ws.gitDir, 'leave');
  const staged = await readStaged(o);
  const names = [...BUILTIN_GATES, ...o.ws.config.gates.gates.map((g) => g.name)] as string[];
  const skip = new Set(o.skip);
  const { reports, report } = await builtins(o, staged);
  const gates = reports.map((r) =>
    skip.has(r.name) && r.name !== 'critical' ? skipped(r.name, 'FLAGSTORE_SKIP') : r,
  );
  const blocked = gates.some((r) => r.name === 'critical' && r.status === 'fail');
  const external = o.ws.config.gates.gates;
  let hidden: string[] = [];
  let saved: RecoveryReport['kept'] = [];
  if (blocked) gates.push(...external.map((g) => skipped(g.name, 'blocked by critical flags')));
  else if (flagsOnly(o, staged)) {
    gates.push(...external.map((g) => skipped(g.name, 'the commit changes only flag files')));
  } else if (external.some((g) => !skip.has(g.name))) {
    const result = await withHidden(o.ws, () =>
      runExternal({
        root: o.ws.root,
        gates: external,
        staged: staged.present,
        head: staged.head,
        skip,
        ...(o.progress && { progress: o.progress }),
      }),
    );
    gates.push(...result.value);
    hidden = result.hidden;
    saved = result.saved;
  }
  const listed = new Set(gates.map((g) => g.name));
  gates.push(
    ...external
      .filter((g) => skip.has(g.name) && !listed.has(g.name))
      .map((g) => skipped(g.name, 'FLAGSTORE_SKIP')),
  );
  const order = names;
  gates.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  return {
    ok: gates.every((g) => g.status !== 'fail'),
    gates,
    ...report,
    hidden,
    saved,
    recovered,
    unknownSkips: o.skip.filter((s) => !names.includes(s)),
  };
}
