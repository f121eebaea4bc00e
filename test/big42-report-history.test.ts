/**
 * `report --html`'s histories in one walk (big42): the histories read from one `git log` of the
 * flags folder and one `cat-file --batch` are the ones `flagstore log` reads a flag at a time, on
 * a history with merges (one changing a flag itself, one taking a side whole), a flag edited
 * many times, deletes, renames into and out of the folder, skewed commit dates, a branch whose
 * commits are newer than main's older ones (git's date order) and a work-tree change; and the
 * report starts one `git log`, not one per flag.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportData } from '../src/board/report.js';
import { flagLog } from '../src/review/log.js';
import { flagLogs } from '../src/review/log-walk.js';
import { flagView, loadBoard } from '../src/services/board-data.js';
import { openWorkspace } from '../src/services/workspace.js';
import { newFlagId } from '../src/store/ids.js';
import { counted } from './git-count.js';
import { flagText, git, makeRepo } from './helpers.js';
import { copyOfOnce } from './template-copy.js';

let clock = 1_790_000_000;

/** Commits everything staged and not, at a chosen time (`skew` seconds from the running clock). */
function commit(repo: string, message: string, skew = 0): void {
  clock += 60;
  const date = `@${clock + skew} +0000`;
  const env = { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
  execFileSync('git', ['add', '-A'], { cwd: repo });
  execFileSync('git', ['commit', '-q', '--no-verify', '--allow-empty', '-m', message], {
    cwd: repo,
    env,
  });
}

/** Rewrites one line of a flag file. */
function edit(repo: string, id: string, from: string | RegExp, to: string): void {
  const path = join(repo, 'flags', `${id}.md`);
  writeFileSync(path, readFileSync(path, 'utf8').replace(from, to));
}

/** Merges a branch at a chosen time, with `during` run before the merge commit. */
function merge(repo: string, branch: string, during: () => void = () => undefined): void {
  git(repo, 'merge', '-q', '--no-ff', '--no-commit', branch);
  during();
  commit(repo, `merge ${branch}`);
}

/**
 * A flag edited on main (A), then twice on a branch (C, D) and once more on main (B), merged:
 * git lists C before A, as it walks by date, where a walk in first-in-first-out order reaches
 * A (B's parent) before C (D's parent).
 */
function diamond(repo: string, id: string): void {
  edit(repo, id, 'gained a preferences', 'gained a settings');
  commit(repo, `${id} described again on main (A)`);
  git(repo, 'checkout', '-q', '-b', 'diamond');
  edit(repo, id, /target_agent: "@\w+\.\w+"/, 'target_agent: "@c.three"');
  commit(repo, `${id} retargeted on a branch (C)`);
  edit(repo, id, 'target_agent: "@c.three"', 'target_agent: "@d.four"');
  commit(repo, `${id} retargeted again (D)`);
  git(repo, 'checkout', '-q', 'main');
  edit(repo, id, 'Update the loaders', 'Update the readers');
  commit(repo, `${id} asked again on main (B)`);
  merge(repo, 'diamond');
}

/** The messy history, built once per file; each call a copy of its own. */
function messyRepo(): Promise<{ repo: string; ids: string[] }> {
  return copyOfOnce('messy', buildMessyRepo);
}

async function buildMessyRepo(): Promise<{ repo: string; ids: string[] }> {
  const repo = await makeRepo();
  const ids = Array.from({ length: 8 }, () => newFlagId(new Date()));
  const [a = '', b = '', c = '', d = '', e = '', f = '', g = '', h = ''] = ids;
  for (const id of [a, b, c, d, e, f]) writeFileSync(join(repo, 'flags', `${id}.md`), flagText(id));
  commit(repo, 'six flags');
  for (const level of ['high', 'low', 'critical', 'medium', 'high']) {
    edit(repo, a, /impact_level: \w+/, `impact_level: ${level}`);
    commit(repo, `a ${level}`);
  }
  writeFileSync(join(repo, 'flags', `${a}.md`), flagText(a).replace('medium', 'high'));
  commit(repo, 'a high again');
  git(repo, 'checkout', '-q', '-b', 'side');
  edit(repo, b, 'impact_level: medium', 'impact_level: low');
  commit(repo, 'b low, committed an hour early', -3600);
  rmSync(join(repo, 'flags', `${d}.md`));
  commit(repo, 'd deleted on side');
  edit(repo, c, 'impact_level: medium', 'impact_level: high');
  commit(repo, 'c high on side, at the time of g drafted', 120);
  git(repo, 'checkout', '-q', 'main');
  edit(repo, c, 'target_agent: "@b.two"', 'target_agent: "@c.three"');
  commit(repo, 'c retargeted on main');
  mkdirSync(join(repo, 'drafts'));
  writeFileSync(join(repo, 'drafts', `${g}.md`), flagText(g));
  renameSync(join(repo, 'flags', `${e}.md`), join(repo, 'drafts', `${e}.md`));
  commit(repo, 'g drafted, e moved out');
  edit(repo, c, 'impact_level: medium', 'impact_level: low');
  commit(repo, 'c low on main, committed at the same second', -60);
  merge(repo, 'side', () => edit(repo, f, 'impact_level: medium', 'impact_level: high'));
  renameSync(join(repo, 'drafts', `${g}.md`), join(repo, 'flags', `${g}.md`));
  renameSync(join(repo, 'drafts', `${e}.md`), join(repo, 'flags', `${e}.md`));
  commit(repo, 'g and e moved in');
  git(repo, 'checkout', '-q', '-b', 'late', 'HEAD~4');
  writeFileSync(join(repo, 'flags', `${d}.md`), flagText(d).replace('medium', 'low'));
  commit(repo, 'd again on a branch from before the merge', -600);
  git(repo, 'checkout', '-q', 'main');
  merge(repo, 'late');
  writeFileSync(join(repo, 'flags', `${d}.md`), flagText(d).replace('medium', 'high'));
  commit(repo, 'd restored');
  diamond(repo, b);
  edit(repo, a, 'impact_level: high', 'impact_level: low');
  writeFileSync(join(repo, 'flags', `${h}.md`), flagText(h));
  return { repo, ids };
}

describe('report histories in one walk', () => {
  it('gives each flag the history flagstore log gives it, entry for entry', async () => {
    const { repo, ids } = await messyRepo();
    const ws = await openWorkspace(repo);
    const walked = await flagLogs(ws, ids);
    for (const id of ids) {
      const alone = await flagLog(ws, id).catch((error: unknown) => error as Error);
      expect(walked.get(id), id).toEqual(alone);
    }
    // Past 1,000 files the walk takes the whole folder, not the files by name: its answers must
    // be the same. (At this size the names would still fit on a command line, so this checks the
    // folder walk is right, not that the switch happens.)
    const absent = Array.from({ length: 1000 }, () => newFlagId(new Date()));
    const wide = await flagLogs(ws, [...ids, ...absent]);
    for (const id of ids) expect(wide.get(id), id).toEqual(walked.get(id));
    // The history has something to show: a flag edited many times, merges among them.
    const first = walked.get(ids[0] ?? '');
    expect(first instanceof Error ? 0 : first?.entries.length).toBeGreaterThan(5);
  });

  it('writes the report data the flag-at-a-time views wrote', async () => {
    const { repo } = await messyRepo();
    const ws = await openWorkspace(repo);
    const now = new Date('2026-12-01T00:00:00Z');
    const data = await reportData(ws, { historyLimit: 200, now });
    const snapshot = await loadBoard(ws, { now, token: data.board.token });
    const views: Record<string, unknown> = {};
    for (const row of snapshot.data.rows)
      views[row.id] = await flagView(ws, snapshot, { id: row.id, history: true });
    expect(Object.keys(views)).toHaveLength(8);
    expect(JSON.stringify({ board: snapshot.data, flags: views })).toBe(JSON.stringify(data));
  });

  it('starts one git log and one cat-file for every history, not two processes a flag', async () => {
    const { repo } = await messyRepo();
    const { gits } = await counted(repo, ['report', '--html', '--history', '200']);
    expect(gits.filter((g) => g === 'log')).toHaveLength(1);
    expect(gits.filter((g) => g === 'cat-file').length).toBeLessThanOrEqual(2);
    // No history asked for, no walk.
    const none = await counted(repo, ['report', '--html', '--history', '0']);
    expect(none.gits.filter((g) => g === 'log')).toEqual([]);
  });
});
