/**
 * `doctor`'s check of unstaged edits a killed gate run left hidden: the work tree shows their
 * staged versions until the next commit or `flagstore gate restore` puts them back, and git
 * itself said only that the hook died of a signal (field trial 41).
 */
import { existsSync } from 'node:fs';
import type { DoctorCheck } from '../gates/doctor.js';
import { backupDir, readBackup } from '../gates/hide-restore.js';
import { ownerRuns } from '../git/process-alive.js';
import type { Workspace } from './workspace.js';

const NAME = 'hidden edits';

/**
 * None, or a gate run hiding edits right now (ok), or a backup whose run is gone, or runs
 * where this machine cannot look (another host or PID namespace), or whose manifest is unreadable.
 */
export async function hiddenEditsCheck(ws: Workspace): Promise<DoctorCheck> {
  const dir = backupDir(ws.gitDir);
  if (!existsSync(dir)) {
    return { name: NAME, ok: true, detail: 'no unstaged edits hidden by a gate run', fix: null };
  }
  const backup = await readBackup(dir, ws.root);
  const files = backup === null ? 'some files' : `${backup.entries.length} file(s)`;
  const runs = backup === null ? false : ownerRuns(backup);
  if (runs === true) {
    const detail = `a gate run (pid ${backup?.pid}) hides unstaged edits of ${files} while its gates run`;
    return { name: NAME, ok: true, detail, fix: null };
  }
  const who =
    runs === false
      ? 'a gate run that was killed'
      : 'a gate run on another host or in another PID namespace';
  return {
    name: NAME,
    ok: false,
    detail: `${who} left unstaged edits of ${files} hidden in ${dir}: the work tree shows their staged versions; the next commit restores them first`,
    fix:
      runs === false
        ? 'flagstore gate restore'
        : 'make sure that run is gone, then: flagstore gate restore',
  };
}
