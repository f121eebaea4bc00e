/**
 * `doctor`: the attributes git applies to flag and agent files, as `git check-attr` reads every
 * `.gitattributes` (later lines win). A `filter` on them (`git lfs track '*.md'`) makes git
 * store a pointer instead of the text, and a later `merge=` line takes the merge driver away.
 */
import type { DoctorCheck } from '../gates/doctor.js';
import { parseCheckAttr } from '../core/git-records.js';
import { gitFailure } from '../git/git-failure.js';
import { git } from '../git/repo.js';
import { attributesPattern } from '../sync/install.js';
import type { Workspace } from './workspace.js';

/** A name no real flag has, to ask git about a file of each folder (attributes, ignore rules). */
export const SAMPLE_ID = '01AAAAAAAAAAAAAAAAAAAAAAAA';

const NOT_SET = new Set(['unspecified', 'unset']);

/** The flags folder, then every agent catalog folder: the folders flagstore writes files in. */
export function foldersOf(ws: Workspace): string[] {
  return [ws.config.flags_dir, ...ws.config.agents_dirs];
}

/** The problems of the attributes in effect for a flag file and an agent file of each folder. */
async function attributeProblems(ws: Workspace): Promise<string[]> {
  const samples = foldersOf(ws).map((folder) => `${folder}/${SAMPLE_ID}.md`);
  const out = await git(ws.root, ['check-attr', '-z', 'filter', 'merge', '--', ...samples]);
  return parseCheckAttr(out).flatMap(({ path, attr, value }) => {
    const folder = path.slice(0, -`/${SAMPLE_ID}.md`.length);
    if (attr === 'filter' && !NOT_SET.has(value)) {
      return [
        `${folder}/*.md goes through the "${value}" filter: git stores what it outputs (git-lfs: a pointer), not the text`,
      ];
    }
    if (attr === 'merge' && path === samples[0] && value !== 'flagstore') {
      return [`a later .gitattributes line sets merge=${value} for ${folder}/*.md`];
    }
    return [];
  });
}

/**
 * The check when git cannot say which attributes apply (`git check-attr` fails, as on a corrupt
 * index): git's own words, and a fix only where git's message shows one.
 */
function unreadable(ws: Workspace, error: unknown): DoctorCheck {
  const failure = gitFailure(error, { cwd: ws.root, command: 'check-attr' });
  return { name: 'attributes', ok: false, detail: failure.message, fix: failure.fix ?? null };
}

/**
 * The doctor's check of the attributes in effect; the fix is a last `.gitattributes` line
 * that gives flag and agent files back their own (or `git lfs untrack` of the pattern).
 */
export async function attributesInEffect(ws: Workspace): Promise<DoctorCheck> {
  let problems: string[];
  try {
    problems = await attributeProblems(ws);
  } catch (error) {
    return unreadable(ws, error);
  }
  const ok = problems.length === 0;
  const flags = attributesPattern(ws.config.flags_dir, '*.md');
  const agents = ws.config.agents_dirs.map(
    (dir) => `${attributesPattern(dir, '**/*.md')} !filter !diff text eol=lf`,
  );
  return {
    name: 'attributes',
    ok,
    detail: ok ? 'no filter on flag and agent files' : problems.join('; '),
    fix: ok
      ? null
      : `git lfs untrack the pattern that matches them, or end .gitattributes with: ` +
        `${flags} !filter !diff merge=flagstore text eol=lf` +
        ` and ${agents.join(' and ')}; then, for files already committed as` +
        ` pointers: git add --renormalize -- ${foldersOf(ws).join(' ')}`,
  };
}
