/**
 * `doctor`: whether git ignores flagstore's temp files in the flags folder and in each catalog
 * folder, as `git check-ignore` reads every ignore file. `init` appends the flags folder's rule
 * to `.gitignore` since round mend48, the catalog folders' since mend51; a repository set up
 * before then lacks them until `init` runs again, and `git status` then shows a stalled writer's
 * temp file, which `git add -A` stages (and the flags gate refuses one in the flags folder).
 */
import type { DoctorCheck } from '../gates/doctor.js';
import { parseCheckIgnore, type IgnoreMatch } from '../core/git-records.js';
import { gitFailure } from '../git/git-failure.js';
import { gitRun } from '../git/git-input.js';
import { tempPathFor } from '../store/atomic.js';
import { foldersOf, SAMPLE_ID } from './attributes-check.js';
import type { Workspace } from './workspace.js';

const NAME = '.gitignore';

/** A folder flagstore writes files in, and a temp file name there as a write names it. */
interface Sample {
  folder: string;
  path: string;
}

/** A temp file name in each folder flagstore writes in, as a write of a new file names it. */
function samples(ws: Workspace): Sample[] {
  return foldersOf(ws).map((folder) => ({
    folder,
    path: tempPathFor(`${folder}/${SAMPLE_ID}.md`),
  }));
}

/** The ignore file line that decides each sample, or a failed check when git cannot say. */
async function decidingLines(ws: Workspace, paths: string[]): Promise<IgnoreMatch[] | DoctorCheck> {
  // --no-index: the samples are never tracked, and a corrupt index fails the attributes check.
  const args = ['check-ignore', '--no-index', '-v', '-n', '-z', '--stdin'];
  const run = await gitRun(ws.root, { args, input: paths.map((p) => `${p}\0`).join('') });
  // 1: nothing ignores them, which -n still describes.
  const found = run.code === 0 || run.code === 1 ? parseCheckIgnore(run.stdout) : [];
  if (found.length === paths.length) return found;
  const failure = gitFailure(run.spawnError ?? { stderr: run.stderr || `exit ${run.code}` }, {
    cwd: ws.root,
    command: 'check-ignore',
  });
  return { name: NAME, ok: false, detail: failure.message, fix: failure.fix ?? null };
}

/** `source:line: pattern` of the lines that decide, each once. */
function where(found: IgnoreMatch[]): string {
  return [...new Set(found.map((m) => `${m.source}:${m.line}: ${m.pattern}`))].join('; ');
}

/** The check passed: which lines ignore the temp files, and which keep them in sight. */
function passed(found: IgnoreMatch[]): DoctorCheck {
  const meant = found.filter((m) => m.pattern.startsWith('!'));
  const ignored = found.filter((m) => !m.pattern.startsWith('!'));
  const said = [
    ignored.length > 0 ? `flagstore's temp files ignored (${where(ignored)})` : '',
    meant.length > 0 ? `flagstore's temp files kept in sight on purpose (${where(meant)})` : '',
  ];
  return { name: NAME, ok: true, detail: said.filter((s) => s !== '').join('; '), fix: null };
}

/**
 * The check: ok when an ignore file's pattern covers the temp files of every folder flagstore
 * writes in, or a `!` pattern keeps them in sight (said on purpose: a rule taken out leaves no
 * trace, a negation does); else failed, naming the folders, with `flagstore init`, which appends
 * the rules.
 */
export async function tempFilesIgnored(ws: Workspace): Promise<DoctorCheck> {
  const wanted = samples(ws);
  const found = await decidingLines(
    ws,
    wanted.map((s) => s.path),
  );
  if (!Array.isArray(found)) return found;
  const bare = wanted.filter((_, i) => found[i]?.pattern === '').map((s) => `${s.folder}/`);
  if (bare.length === 0) return passed(found);
  return {
    name: NAME,
    ok: false,
    detail: `nothing ignores flagstore's temp files in ${bare.join(', ')} (.<name>.md.<pid>.<hex>.tmp): git status shows one a stalled writer holds, and git add -A stages it (the flags gate refuses one in the flags folder); init appends the rules to .gitignore (or ignore them in .git/info/exclude; a !-line there keeps them in sight on purpose)`,
    fix: 'flagstore init',
  };
}
