/**
 * Hiding unstaged edits while external tools judge the staged content, without ever losing them.
 * Order: full backup of every affected working-tree file (written, synced, then renamed into
 * place as one step), then the staged versions are written over them, then on every path
 * (pass, fail, crash, timeout, signal) each file is put back compare-and-swap (see
 * `hide-restore.ts`), and the backup is dropped last. Paths under a symlinked folder, and
 * paths where a folder now stands, are never hidden: nothing is written through a symlink.
 */
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { FlagstoreError } from '../core/errors.js';
import { thisProcess } from '../git/process-alive.js';
import { stallForTests } from '../git/stall.js';
import {
  indexEntries,
  readBlobs,
  readCheckedOut,
  unmergedPaths,
  unstagedChanges,
} from './staged.js';
import {
  backupDir,
  pathBlocked,
  recover,
  sha256,
  stillBackedUp,
  writeManifest,
  type Backup,
  type BackupEntry,
} from './hide-restore.js';
import { tempBackupDir } from './backup-temp.js';

export { backupDir, recover, restore, type Backup } from './hide-restore.js';

/** The topmost folder on a path's way that does not exist, or null. */
async function missingFolder(root: string, path: string): Promise<string | null> {
  const parts = path.split('/').slice(0, -1);
  for (let i = 1; i <= parts.length; i++) {
    const dir = parts.slice(0, i).join('/');
    if ((await fs.lstat(join(root, dir)).catch(() => null)) === null) return dir;
  }
  return null;
}

async function saveOriginal(
  root: string,
  dir: string,
  path: string,
  n: number,
): Promise<BackupEntry | null> {
  if ((await pathBlocked(root, path)) !== null) return null;
  const full = join(root, path);
  const copy = `files/${n}`;
  const stats = await fs.lstat(full).catch(() => null);
  const none = { path, mode: 0, copy, link: null, written: null };
  if (stats === null) {
    return { ...none, kind: 'absent', taken: null, missing: await missingFolder(root, path) };
  }
  if (stats.isSymbolicLink()) {
    const link = await fs.readlink(full);
    return { ...none, kind: 'symlink', link, taken: sha256(link) };
  }
  if (!stats.isFile()) return null;
  // Read once and hashed here, so telling a later save apart reads the file only, not its copy.
  const content = await fs.readFile(full);
  await fs.writeFile(join(dir, copy), content);
  return { ...none, kind: 'file', mode: stats.mode & 0o777, taken: sha256(content) };
}

async function takeBackup(root: string, gitDir: string, paths: string[]): Promise<Backup> {
  const final = backupDir(gitDir);
  const temp = tempBackupDir(final);
  await fs.rm(temp, { recursive: true, force: true });
  try {
    await fs.mkdir(join(temp, 'files'), { recursive: true });
    const entries: BackupEntry[] = [];
    for (const [n, path] of paths.entries()) {
      const entry = await saveOriginal(root, temp, path, n);
      if (entry !== null) entries.push(entry);
    }
    const backup = { dir: temp, root, ...thisProcess(), entries };
    await writeManifest(backup);
    stallForTests('BACKUP');
    await fs.rename(temp, final);
    await checkCopies({ ...backup, dir: final });
    return { ...backup, dir: final };
  } catch (error) {
    await fs.rm(temp, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Refuses a backup that lost a copy before it was renamed into place (a sweep of another
 * place's, or an older flagstore's, took the half-made folder for a killed run's): nothing has
 * been written over the working tree yet, so dropping it and refusing loses nothing, where going
 * on would write the staged versions over edits with no copy to put back.
 */
async function checkCopies(backup: Backup): Promise<void> {
  for (const entry of backup.entries) {
    if (entry.kind !== 'file') continue;
    if ((await fs.lstat(join(backup.dir, entry.copy)).catch(() => null)) !== null) continue;
    await fs.rm(backup.dir, { recursive: true, force: true });
    throw new FlagstoreError(
      'conflict',
      `the backup of unstaged edits lost its copy of ${entry.path} while it was taken (another process removed part of it); nothing was hidden or changed`,
      { fix: 'run the commit again' },
    );
  }
}

/**
 * Writes what will be committed over each backed-up file: nothing for an intent-to-add file
 * (`unborn`), which the commit leaves out, and for a submodule.
 */
async function writeStaged(
  root: string,
  gitDir: string,
  o: { backup: Backup; unborn: Set<string> },
): Promise<void> {
  const { backup } = o;
  const paths = backup.entries.map((e) => e.path);
  const index = new Map((await indexEntries(root, paths)).map((e) => [e.path, e]));
  for (const path of o.unborn) index.delete(path);
  const usable = [...index.values()].filter((e) => e.mode !== '160000');
  // As a checkout writes them (CR LF, smudge filters): what the tools would see after one. A
  // path git did not write (a failing filter) gets the stored bytes, read for those paths only.
  const files = await readCheckedOut(root, {
    gitDir,
    scratch: join(backup.dir, 'checkout'),
    paths: usable.map((e) => e.path),
  });
  const unwritten = usable.filter((e) => !files.has(e.path)).map((e) => e.blob);
  const blobs = await readBlobs(root, unwritten);
  const plan = backup.entries.map((entry) => {
    const staged = index.get(entry.path);
    const usableEntry = staged !== undefined && staged.mode !== '160000';
    const content = usableEntry
      ? (files.get(entry.path) ?? blobs.get(staged.blob) ?? Buffer.alloc(0))
      : null;
    entry.written = content === null ? null : sha256(content);
    return { entry, mode: staged?.mode ?? '', content };
  });
  await writeManifest(backup);
  stallForTests('HIDE');
  // A file the user saved since its backup was taken (a backup of thousands of files takes
  // seconds) keeps the user's version and is not hidden: writing over it would lose that save.
  const saved = new Set<BackupEntry>();
  for (const { entry, mode, content } of plan) {
    if ((await pathBlocked(root, entry.path)) !== null) continue;
    if (await stillBackedUp(backup, entry)) await writeOne(join(root, entry.path), mode, content);
    else saved.add(entry);
  }
  if (saved.size === 0) return;
  backup.entries = backup.entries.filter((entry) => !saved.has(entry));
  await writeManifest(backup);
}

async function writeOne(full: string, mode: string, content: Buffer | null): Promise<void> {
  await fs.rm(full, { force: true });
  if (content === null) return;
  await fs.mkdir(dirname(full), { recursive: true });
  if (mode === '120000') await fs.symlink(content.toString('utf8'), full);
  else await fs.writeFile(full, content, { mode: mode === '100755' ? 0o755 : 0o644 });
}

/** Refuses to start while a merge is unresolved. */
export async function assertSafeToHide(root: string): Promise<void> {
  const unmerged = await unmergedPaths(root);
  if (unmerged.length > 0) {
    throw new FlagstoreError('conflict', `unmerged paths: ${unmerged.join(', ')}`, {
      fix: 'resolve the conflicts and git add the files first',
    });
  }
}

/** Backs up and hides unstaged edits of tracked files; null when there are none. */
export async function hideUnstaged(root: string, gitDir: string): Promise<Backup | null> {
  await assertSafeToHide(root);
  // Another run hiding edits right now is waited for by nobody: refused (its backup stays).
  await recover(root, gitDir, 'refuse');
  const changes = await unstagedChanges(root);
  if (changes.length === 0) return null;
  const backup = await takeBackup(
    root,
    gitDir,
    changes.map((c) => c.path),
  );
  if (backup.entries.length === 0) {
    await fs.rm(backup.dir, { recursive: true, force: true });
    return null;
  }
  const unborn = new Set(changes.filter((c) => c.status === 'A').map((c) => c.path));
  await writeStaged(root, gitDir, { backup, unborn });
  return backup;
}
