/**
 * Hiding unstaged edits while external tools judge the staged content, without ever losing them.
 * Order: full backup of every affected working-tree file (written, synced, then renamed into
 * place as one step), then the staged versions are written over them, then on every path
 * (pass, fail, crash, timeout, signal) the backup is copied back, and the backup is dropped last.
 * If the process is killed outright, the backup stays in `<gitdir>/flagstore/backup` and
 * `flagstore gate restore` puts the edits back; gates refuse to run until it has.
 */
import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { FlagstoreError } from '../core/errors.js';
import { indexEntries, readBlobs, unmergedPaths, unstagedPaths } from './staged.js';

/** One hidden file: what the working tree had and what was written in its place. */
interface BackupEntry {
  path: string;
  /** What the working tree had: a file (copied to `copy`), a symlink, or nothing. */
  kind: 'file' | 'symlink' | 'absent';
  mode: number;
  copy: string;
  link: string | null;
  /** sha256 of the staged content written over it, to tell later edits apart. */
  written: string | null;
}

/** A backup in place: its folder and entries. */
export interface Backup {
  dir: string;
  entries: BackupEntry[];
  /** Set once a restore has started, so a signal and the normal path never restore twice. */
  restoring?: boolean;
}

/** The folder of the (single) backup of a repository. */
export function backupDir(gitDir: string): string {
  return join(gitDir, 'flagstore', 'backup');
}

function sha256(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}

async function saveOriginal(
  root: string,
  dir: string,
  path: string,
  n: number,
): Promise<BackupEntry> {
  const full = join(root, path);
  const copy = `files/${n}`;
  const stats = await fs.lstat(full).catch(() => null);
  if (stats === null) return { path, kind: 'absent', mode: 0, copy, link: null, written: null };
  if (stats.isSymbolicLink()) {
    return { path, kind: 'symlink', mode: 0, copy, link: await fs.readlink(full), written: null };
  }
  await fs.copyFile(full, join(dir, copy));
  return { path, kind: 'file', mode: stats.mode & 0o777, copy, link: null, written: null };
}

async function syncFile(path: string, content: string): Promise<void> {
  const handle = await fs.open(path, 'w');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function takeBackup(root: string, gitDir: string, paths: string[]): Promise<Backup> {
  const final = backupDir(gitDir);
  const temp = `${final}.${process.pid}.tmp`;
  await fs.rm(temp, { recursive: true, force: true });
  await fs.mkdir(join(temp, 'files'), { recursive: true });
  const entries: BackupEntry[] = [];
  for (const [n, path] of paths.entries()) entries.push(await saveOriginal(root, temp, path, n));
  await syncFile(join(temp, 'manifest.json'), JSON.stringify({ version: 1, root, entries }));
  await fs.rename(temp, final);
  return { dir: final, entries };
}

async function writeStaged(root: string, backup: Backup): Promise<void> {
  const paths = backup.entries.map((e) => e.path);
  const index = new Map((await indexEntries(root, paths)).map((e) => [e.path, e]));
  const blobs = await readBlobs(
    root,
    [...index.values()].map((e) => e.blob),
  );
  const plan = backup.entries.map((entry) => {
    const staged = index.get(entry.path);
    const usable = staged !== undefined && staged.mode !== '160000';
    const content = usable ? (blobs.get(staged.blob) ?? Buffer.alloc(0)) : null;
    entry.written = content === null ? null : sha256(content);
    return { entry, mode: staged?.mode ?? '', content };
  });
  const manifest = { version: 1, root, entries: backup.entries };
  await syncFile(join(backup.dir, 'manifest.json'), JSON.stringify(manifest));
  for (const { entry, mode, content } of plan)
    await writeOne(join(root, entry.path), mode, content);
}

async function writeOne(full: string, mode: string, content: Buffer | null): Promise<void> {
  await fs.rm(full, { force: true });
  if (content === null) return;
  await fs.mkdir(dirname(full), { recursive: true });
  if (mode === '120000') await fs.symlink(content.toString('utf8'), full);
  else await fs.writeFile(full, content, { mode: mode === '100755' ? 0o755 : 0o644 });
}

/** Refuses to start while a merge is unresolved or an earlier backup was never restored. */
export async function assertSafeToHide(root: string, gitDir: string): Promise<void> {
  if (existsSync(backupDir(gitDir))) {
    throw new FlagstoreError(
      'conflict',
      `unstaged edits from an interrupted gate run are saved in ${backupDir(gitDir)} and not yet restored`,
      { fix: 'flagstore gate restore' },
    );
  }
  const unmerged = await unmergedPaths(root);
  if (unmerged.length > 0) {
    throw new FlagstoreError('conflict', `unmerged paths: ${unmerged.join(', ')}`, {
      fix: 'resolve the conflicts and git add the files first',
    });
  }
}

/** Backs up and hides unstaged edits of tracked files; null when there are none. */
export async function hideUnstaged(root: string, gitDir: string): Promise<Backup | null> {
  await assertSafeToHide(root, gitDir);
  const paths = await unstagedPaths(root);
  if (paths.length === 0) return null;
  const backup = await takeBackup(root, gitDir, paths);
  await writeStaged(root, backup);
  return backup;
}

async function putBack(root: string, backup: Backup, entry: BackupEntry): Promise<void> {
  const full = join(root, entry.path);
  await fs.rm(full, { force: true });
  if (entry.kind === 'absent') return;
  await fs.mkdir(dirname(full), { recursive: true });
  if (entry.kind === 'symlink') await fs.symlink(entry.link ?? '', full);
  else {
    await fs.copyFile(join(backup.dir, entry.copy), full);
    await fs.chmod(full, entry.mode);
  }
}

async function currentHash(full: string): Promise<string | null> {
  const stats = await fs.lstat(full).catch(() => null);
  if (stats === null) return null;
  return sha256(stats.isSymbolicLink() ? await fs.readlink(full) : await fs.readFile(full));
}

async function originalHash(backup: Backup, entry: BackupEntry): Promise<string | null> {
  if (entry.kind === 'absent') return null;
  if (entry.kind === 'symlink') return sha256(entry.link ?? '');
  return sha256(await fs.readFile(join(backup.dir, entry.copy)));
}

/** True when the file still holds what the hide wrote, or already holds the original. */
async function safeToPutBack(root: string, backup: Backup, entry: BackupEntry): Promise<boolean> {
  const now = await currentHash(join(root, entry.path));
  return now === entry.written || now === (await originalHash(backup, entry));
}

/** Restores every hidden edit, then drops the backup (last). */
export async function restore(root: string, backup: Backup): Promise<void> {
  if (backup.restoring) return;
  backup.restoring = true;
  for (const entry of backup.entries) await putBack(root, backup, entry);
  await fs.rm(backup.dir, { recursive: true, force: true });
}

/** What a later restore did: files put back, and files left alone because they changed since. */
export interface RecoveryReport {
  restored: string[];
  kept: { path: string; copy: string }[];
}

/** Restores a backup left by a killed run; files edited since are kept and their copy named. */
export async function recover(root: string, gitDir: string): Promise<RecoveryReport | null> {
  const dir = backupDir(gitDir);
  if (!existsSync(dir)) return null;
  const manifest = JSON.parse(await fs.readFile(join(dir, 'manifest.json'), 'utf8')) as {
    entries: BackupEntry[];
  };
  const backup = { dir, entries: manifest.entries };
  const report: RecoveryReport = { restored: [], kept: [] };
  for (const entry of backup.entries) {
    if (await safeToPutBack(root, backup, entry)) {
      await putBack(root, backup, entry);
      report.restored.push(entry.path);
    } else report.kept.push({ path: entry.path, copy: join(dir, entry.copy) });
  }
  if (report.kept.length === 0) await fs.rm(dir, { recursive: true, force: true });
  return report;
}
