/** `check` for CI: valid files, legal transitions since the base, no unresolved critical flag. */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FLAG_FILE_NAME_RULE } from '../core/ids.js';
import { strayFiles, strayPathspecs } from '../core/stray-files.js';
import { breachText, completeWords } from '../core/transition-rules.js';
import { problemText } from '../core/rules.js';
import { withProgress } from '../core/progress.js';
import { listTree } from '../git/objects.js';
import { gitOrFail } from '../git/repo.js';
import { userIndex } from '../git/index-lock.js';
import { nulRecords } from '../core/git-records.js';
import { misnamedFlagFiles } from '../store/ids.js';
import { refuseLeftOut } from '../services/sparse.js';
import type { Workspace } from '../services/workspace.js';
import { checkAgentFiles } from './agents-check.js';
import { readMarks } from '../sync/ledger-marks.js';
import { defaultBase, resolveRange, reviewRange, type Review } from './diff.js';
import { lineOfKey } from '../store/frontmatter.js';
import type { Finding } from './findings.js';
import { cell, reviewMarkdown } from './markdown.js';
import { workTreeSnapshot, type Snapshot, type FlagVersion } from './snapshot.js';

/** What `check` found, and the review of the range it checked. */
export interface CheckReport {
  ok: boolean;
  findings: Finding[];
  review: Review;
  /** Flag-folder files the range adds that no reader takes for a flag (not named `<id>.md`). */
  misnamed: string[];
}

function invalidFlags(snapshot: Snapshot): Finding[] {
  return [...snapshot.values()].flatMap((version) =>
    version.problems
      .filter((p) => p.severity === 'error')
      .map((p) => ({
        path: version.path,
        line: p.line,
        message: problemText(p),
        kind: 'invalid' as const,
        severity: 'error' as const,
      })),
  );
}

/** Markdown files in the flags folder that no reader takes for a flag: not named `<id>.md`. */
function misnamedFindings(ws: Workspace): Finding[] {
  return misnamedFlagFiles(ws.flagsDir).map((name) => ({
    path: `${ws.config.flags_dir}/${name}`,
    line: 1,
    message: `file: ${FLAG_FILE_NAME_RULE}`,
    kind: 'invalid' as const,
    severity: 'error' as const,
  }));
}

/**
 * flagstore's own files the index holds in the flags folder (temp files, saved hidden edits,
 * committed with `--no-verify`), in the commit gate's sentences and fixes. Readers skip them, so
 * the work tree's reads never see them; an untracked one is none of check's business.
 */
async function strayTracked(ws: Workspace): Promise<Finding[]> {
  const dir = ws.config.flags_dir;
  // No index yet (a new repository): nothing is tracked, and no git process is started.
  if (!existsSync(userIndex(ws.root, ws.gitDir))) return [];
  // Glob pathspecs, whatever the caller's environment says of them (GIT_LITERAL_PATHSPECS).
  const env = { ...process.env, GIT_LITERAL_PATHSPECS: '0' };
  const args = ['ls-files', '-z', '--', ...strayPathspecs(dir)];
  const paths = nulRecords(await gitOrFail(ws.root, args, env));
  return strayFiles(paths, dir).map(({ path, message }) => ({
    path,
    line: 1,
    message,
    kind: 'invalid' as const,
    severity: 'error' as const,
  }));
}

/** The misnamed files absent from the range's base: the ones this change adds. */
async function addedMisnamed(ws: Workspace, review: Review, found: Finding[]): Promise<string[]> {
  const base = review.range.base;
  if (found.length === 0 || base === null) return found.map((f) => f.path);
  const known = new Set((await listTree(ws.root, base, ws.config.flags_dir)).map((e) => e.path));
  return found.map((f) => f.path).filter((path) => !known.has(path));
}

/** Line of a front-matter field in a work-tree file; 1 when the file is gone. */
function lineIn(ws: Workspace, path: string, field: string): number {
  try {
    return lineOfKey(readFileSync(join(ws.root, path), 'utf8'), field);
  } catch {
    return 1;
  }
}

/**
 * The changes' broken rules, in the sentences and fixes the commit gate says them (the gate's
 * earlier copy is HEAD's, check's the base's).
 */
function illegalTransitions(ws: Workspace, review: Review): Finding[] {
  const from = review.range.base?.slice(0, 10) ?? 'the base';
  return review.changes.flatMap((change) =>
    change.breaches.map((breach) => ({
      path: change.path,
      line: lineIn(ws, change.path, breach.field === 'file' ? 'status' : breach.field),
      message: breachText(breach, {
        id: change.id,
        path: change.path,
        from,
        earlier: change.before,
      }),
      kind: 'illegal' as const,
      severity: 'error' as const,
    })),
  );
}

function pendingCritical(head: Snapshot): FlagVersion[] {
  return [...head.values()].filter(
    (v) => v.flag?.status === 'pending' && v.flag.impact_level === 'critical',
  );
}

/**
 * Who completed each flag that every reader (and the commit hook) takes as completed, the ledger's
 * copy included: a flag completed in another worktree or clone is done there, while this branch's
 * file may still say pending. Read only when a critical file is pending.
 */
async function completions(ws: Workspace, critical: FlagVersion[]): Promise<Map<string, string>> {
  if (critical.length === 0) return new Map();
  // The marks (state and who completed) are enough: the whole listing held 100,000 flags again.
  const { marks } = await readMarks(ws.flags);
  return new Map(
    marks.flatMap((m) => (m.status === 'completed' ? [[m.id, m.completed_by ?? '']] : [])),
  );
}

async function unresolvedCritical(
  ws: Workspace,
  head: Snapshot,
  fail: boolean,
): Promise<Finding[]> {
  const critical = pendingCritical(head);
  ws.progress(`checking ${critical.length} pending critical flags`);
  const done = await completions(ws, critical);
  return critical.flatMap(({ flag, path }) => {
    if (flag === null) return [];
    const by = done.get(flag.id);
    const at = { path, line: lineIn(ws, path, 'status'), kind: 'critical' as const };
    if (by !== undefined)
      return [{ ...at, severity: 'warning' as const, message: completedElsewhere(flag.id, by) }];
    return [
      {
        ...at,
        severity: fail ? ('error' as const) : ('warning' as const),
        message: `critical flag ${flag.id} for ${flag.target_agent ?? 'anyone'} is unresolved: complete it (${completeWords(flag.id, flag.target_agent).join(' ')}) or set fail_on_unresolved_critical: false`,
      },
    ];
  });
}

function completedElsewhere(id: string, by: string): string {
  return `critical flag ${id} was completed by ${by} in the ledger (in another worktree or clone); this branch's file says pending until the branch that completed it is merged (flagstore show ${id})`;
}

/** Runs every check of the work tree against a base ref (default: merge base with the default branch). */
export function runCheck(ws: Workspace, base: string | undefined): Promise<CheckReport> {
  return withProgress(ws.progress, () => checkAgainst(ws, base));
}

async function checkAgainst(ws: Workspace, base: string | undefined): Promise<CheckReport> {
  await refuseLeftOut(ws, "check (it reads the work tree's flag files)");
  const range =
    base === undefined
      ? { ...(await defaultBase(ws.root)), head: null }
      : {
          ...(await resolveRange(ws.root, `${base}...HEAD`)),
          head: null,
          label: `${base}...work tree`,
        };
  // One read of the work tree for the review and the findings: 100,000 versions held once.
  const head = await workTreeSnapshot(ws);
  const review = await reviewRange(ws, range, head);
  // After the reads, which report their own progress: at 100,000 flags several seconds more.
  ws.progress(`checking ${head.size} flag files`);
  const misnamed = misnamedFindings(ws);
  const findings = [
    ...invalidFlags(head),
    ...misnamed,
    ...(await strayTracked(ws)),
    ...checkAgentFiles(ws),
    ...illegalTransitions(ws, review),
    ...(await unresolvedCritical(ws, head, ws.config.fail_on_unresolved_critical)),
  ];
  const ok = !findings.some((f) => f.severity === 'error');
  const added = await addedMisnamed(ws, review, misnamed);
  return { ok, findings, review, misnamed: added };
}

/** The markdown a CI job publishes: the review, then the findings. */
export function checkMarkdown(report: CheckReport): string {
  const verdict = report.ok ? '✅ flagstore check passed' : '❌ flagstore check failed';
  const lines = [`# ${verdict}`, ''];
  if (report.findings.length > 0) {
    lines.push(
      ...report.findings.map(
        (f) => `- **${f.severity}** ${cell(f.path)}:${f.line} (${f.kind}): ${cell(f.message)}`,
      ),
      '',
    );
  }
  const { changes, range } = report.review;
  lines.push(reviewMarkdown(changes, range.label, report.misnamed));
  return lines.join('\n');
}

/** The artifact the workflow of `init --ci github` uploads: the board as one HTML file. */
export const REPORT_ARTIFACT = 'flagstore-report';

/** A markdown line linking the run's artifacts (where the HTML report is), or null outside Actions. */
export function reportLink(env: NodeJS.ProcessEnv): string | null {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run } = env;
  if (!server || !repo || !run) return null;
  const url = `${server}/${repo}/actions/runs/${encodeURIComponent(run)}#artifacts`;
  return `📋 The flag board of this run (\`flagstore report --html\`): the [${REPORT_ARTIFACT} artifact](${encodeURI(url)}).`;
}

/** Appends the check's markdown to a step summary file, with the report link when there is one. */
export function writeStepSummary(
  path: string,
  report: CheckReport,
  link: string | null = null,
): void {
  appendFileSync(path, `${checkMarkdown(report)}\n${link === null ? '' : `\n${link}\n`}`);
}
