/**
 * `doctor`: whether git ignores flagstore's temp files in the flags folder, as `git check-ignore`
 * reads every ignore file. `init` appends the rule to `.gitignore` since round mend48; a
 * repository set up before then lacks it until `init` runs again, and `git status` then shows a
 * stalled writer's temp file, which `git add -A` stages and the flags gate refuses.
 */
import type { DoctorCheck } from '../gates/doctor.js';
import { parseCheckIgnore, type IgnoreMatch } from '../core/git-records.js';
import { gitFailure } from '../git/git-failure.js';
import { gitRun } from '../git/git-input.js';
import { tempPathFor } from '../store/atomic.js';
import type { Workspace } from './workspace.js';

const NAME = '.gitignore';

/** A temp file name of the flags folder, as a write names it, for a flag no one has. */
function sampleTemp(ws: Workspace): string {
  return tempPathFor(`${ws.config.flags_dir}/01AAAAAAAAAAAAAAAAAAAAAAAA.md`);
}

/** The ignore file line that decides the sample, or a failed check when git cannot say. */
async function decidingLine(ws: Workspace, sample: string): Promise<IgnoreMatch | DoctorCheck> {
  // --no-index: the sample is never tracked, and a corrupt index fails the attributes check.
  const args = ['check-ignore', '--no-index', '-v', '-n', '-z', '--stdin'];
  const run = await gitRun(ws.root, { args, input: `${sample}\0` });
  // 1: nothing ignores it, which -n still describes.
  const [match] = run.code === 0 || run.code === 1 ? parseCheckIgnore(run.stdout) : [];
  if (match !== undefined) return match;
  const failure = gitFailure(run.spawnError ?? { stderr: run.stderr || `exit ${run.code}` }, {
    cwd: ws.root,
    command: 'check-ignore',
  });
  return { name: NAME, ok: false, detail: failure.message, fix: failure.fix ?? null };
}

/**
 * The check: ok when an ignore file's pattern covers the temp files, and when a `!` pattern keeps
 * them in sight (said on purpose: a rule taken out leaves no trace, a negation does); else
 * failed, with `flagstore init`, which appends the rule.
 */
export async function tempFilesIgnored(ws: Workspace): Promise<DoctorCheck> {
  const found = await decidingLine(ws, sampleTemp(ws));
  if (!('pattern' in found)) return found;
  const where = `${found.source}:${found.line}: ${found.pattern}`;
  if (found.pattern.startsWith('!')) {
    return {
      name: NAME,
      ok: true,
      detail: `flagstore's temp files kept in sight on purpose (${where})`,
      fix: null,
    };
  }
  if (found.pattern !== '') {
    return { name: NAME, ok: true, detail: `flagstore's temp files ignored (${where})`, fix: null };
  }
  return {
    name: NAME,
    ok: false,
    detail: `nothing ignores flagstore's temp files (${ws.config.flags_dir}/.<id>.md.<pid>.<hex>.tmp): git status shows one a stalled writer holds, and git add -A stages it for the flags gate to refuse; init appends the rule to .gitignore (or ignore them in .git/info/exclude; a !-line there keeps them in sight on purpose)`,
    fix: 'flagstore init',
  };
}
