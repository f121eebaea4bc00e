/**
 * Putting hidden edits back, compare-and-swap: a file is restored only while it still holds
 * exactly what the hook wrote (or already holds the user's version). A file saved by the user
 * meanwhile, or a path that is now blocked (a folder became a file, a folder became a symlink),
 * keeps what is there, and the hidden edits are saved beside it (or, where that is impossible,
 * under `<gitdir>/flagstore/saved/`), and the report says where. Nothing is ever deleted and a
 * restore always finishes, so no later commit is refused because of an old backup.
 */
import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { FlagstoreError } from '../core/errors.js';
import { SAVED_EDITS_SUFFIX } from '../core/stray-files.js';
import { ownerPlace, ownerRuns } from '../git/process-alive.js';
import { dropDeadTemps } from './backup-temp.js';

/** One hidden file: what the working tree had and what was written in its place. */
export interface BackupEntry {
  path: string;
  /** What the working tree had: a file (copied to `copy`), a symlink, or nothing. */
  kind: 'file' | 'symlink' | 'absent';
  mode: number;
  copy: string;
  link: string | null;
  /** sha256 of the staged content written over it, to tell later edits apart. */
  written: string | null;
  /** sha256 of what the backup took (file content or link target; null: absent). */
  taken: string | null;
  /**
   * For an absent file, the topmost folder on its way that was absent too (the hide creates it
   * to write the staged file; the restore removes it again while empty).
   */
  missing?: string | null;
}

/** A backup in place: its folder, the work tree it belongs to, its owner and entries. */
export interface Backup {
  dir: string;
  root: string;
  /** The process that hid the edits (a live owner's backup is never touched). */
  pid: number;
  /** Its host and PID namespace (src/git/process-alive.ts); absent in older manifests. */
  host?: string | undefined;
  pidns?: string | undefined;
  entries: BackupEntry[];
  /** Set once a restore has started, so a signal and the normal path never restore twice. */
  restoring?: boolean;
}

/** What a restore did: files put back, and files whose hidden edits were saved elsewhere. */
export interface RecoveryReport {
  restored: string[];
  kept: { path: string; copy: string; why: string }[];
}

/** The folder of the (single) backup of a repository. */
export function backupDir(gitDir: string): string {
  return join(gitDir, 'flagstore', 'backup');
}

/** SHA-256 of a content, hex. */
export function sha256(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Writes the manifest whole or not at all (a kill mid-write leaves the previous one). */
export async function writeManifest(backup: Backup): Promise<void> {
  const path = join(backup.dir, 'manifest.json');
  const temp = `${path}.tmp`;
  const { root, pid, host, pidns, entries } = backup;
  const data = { root, pid, host, pidns, entries };
  const handle = await fs.open(temp, 'w');
  try {
    await handle.writeFile(JSON.stringify({ version: 2, ...data }));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(temp, path);
}

/**
 * Why a repository path cannot be written safely: a folder on its way is a symlink (writing
 * would land outside the repository) or not a folder. Null when it can.
 */
export async function pathBlocked(root: string, path: string): Promise<string | null> {
  const parts = path.split('/').slice(0, -1);
  for (let i = 1; i <= parts.length; i++) {
    const stats = await fs.lstat(join(root, ...parts.slice(0, i))).catch(() => null);
    if (stats === null) return null;
    if (stats.isSymbolicLink()) return `${parts.slice(0, i).join('/')} is a symlink`;
    if (!stats.isDirectory()) return `${parts.slice(0, i).join('/')} is not a folder`;
  }
  return null;
}

async function currentHash(full: string): Promise<string | null> {
  const stats = await fs.lstat(full).catch(() => null);
  if (stats === null) return null;
  if (stats.isSymbolicLink()) return sha256(await fs.readlink(full));
  return stats.isFile() ? sha256(await fs.readFile(full)) : 'not-a-file';
}

async function original(backup: Backup, entry: BackupEntry): Promise<Buffer | null> {
  if (entry.kind === 'absent') return null;
  if (entry.kind === 'symlink') return Buffer.from(entry.link ?? '');
  return fs.readFile(join(backup.dir, entry.copy));
}

/**
 * True while the file still holds what the backup took of it (the user has not saved it
 * since): only then may the staged version be written over it.
 */
export async function stillBackedUp(backup: Backup, entry: BackupEntry): Promise<boolean> {
  return (await currentHash(join(backup.root, entry.path))) === entry.taken;
}

async function putBack(root: string, backup: Backup, entry: BackupEntry): Promise<void> {
  const full = join(root, entry.path);
  await fs.rm(full, { force: true });
  if (entry.kind === 'absent') return removeMadeFolders(root, entry);
  await fs.mkdir(dirname(full), { recursive: true });
  if (entry.kind === 'symlink') await fs.symlink(entry.link ?? '', full);
  else {
    await fs.copyFile(join(backup.dir, entry.copy), full);
    await fs.chmod(full, entry.mode);
  }
}

/** Removes the folders the hide made for an absent file, innermost first, while empty. */
async function removeMadeFolders(root: string, entry: BackupEntry): Promise<void> {
  const top = entry.missing;
  if (top === undefined || top === null) return;
  for (let dir = dirname(entry.path); ; dir = dirname(dir)) {
    const removed = await fs.rmdir(join(root, dir)).then(
      () => true,
      () => false,
    );
    if (!removed || dir === top || dir === '.') return;
  }
}

async function freeName(base: string): Promise<string> {
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}.${n}`;
    if ((await fs.lstat(name).catch(() => null)) === null) return name;
  }
}

/** Saves hidden edits beside the file, or under `<gitdir>/flagstore/saved/` when blocked. */
async function saveAside(backup: Backup, entry: BackupEntry, content: Buffer): Promise<string> {
  const beside = `${entry.path}${SAVED_EDITS_SUFFIX}`;
  if (
    (await pathBlocked(backup.root, beside)) === null &&
    existsSync(dirname(join(backup.root, beside)))
  ) {
    const target = await freeName(join(backup.root, beside));
    await fs.writeFile(target, content, { flag: 'wx', mode: entry.mode || 0o644 });
    return target;
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = join(dirname(backup.dir), 'saved', stamp, entry.path);
  await fs.mkdir(dirname(target), { recursive: true });
  await fs.writeFile(target, content, { flag: 'wx' });
  return target;
}

/** The permission bits of a regular file, or null (absent, a symlink, not a file). */
async function fileMode(full: string): Promise<number | null> {
  const stats = await fs.lstat(full).catch(() => null);
  return stats?.isFile() === true ? stats.mode & 0o777 : null;
}

async function settle(backup: Backup, entry: BackupEntry, report: RecoveryReport): Promise<void> {
  const full = join(backup.root, entry.path);
  const now = await currentHash(full);
  const mine = await original(backup, entry);
  // A hidden change of mode alone (chmod +x, unstaged) leaves the content as it was: the
  // file is the user's only when its mode is theirs too.
  const sameMode = entry.kind !== 'file' || (await fileMode(full)) === entry.mode;
  const same = sameMode && now === (mine === null ? null : sha256(mine));
  const blocked = await pathBlocked(backup.root, entry.path);
  if (same) return void report.restored.push(entry.path);
  if (now === entry.written && blocked === null) {
    await putBack(backup.root, backup, entry);
    return void report.restored.push(entry.path);
  }
  const why = blocked ?? 'changed while the gates ran or since';
  if (mine === null)
    return void report.kept.push({ path: entry.path, copy: '(it had been deleted)', why });
  report.kept.push({ path: entry.path, copy: await saveAside(backup, entry, mine), why });
}

/** Restores every hidden edit compare-and-swap, then drops the backup (last). */
export async function restore(backup: Backup): Promise<RecoveryReport> {
  const report: RecoveryReport = { restored: [], kept: [] };
  if (backup.restoring) return report;
  backup.restoring = true;
  for (const entry of backup.entries) await settle(backup, entry, report);
  await fs.rm(backup.dir, { recursive: true, force: true });
  return report;
}

/** The backup in `dir`, as its manifest says; null when that cannot be read. */
export async function readBackup(dir: string, root: string): Promise<Backup | null> {
  try {
    const data = JSON.parse(await fs.readFile(join(dir, 'manifest.json'), 'utf8')) as Backup;
    return { ...data, dir, root: data.root ?? root, pid: data.pid ?? 0 };
  } catch {
    return null;
  }
}

/**
 * What {@link recover} does with a backup whose owner still runs (another gate run is hiding
 * edits right now): restore it anyway (`flagstore gate restore`), refuse, or leave it be (a
 * run that hides nothing itself, such as a commit of flag files only, need not wait for it).
 */
export type LiveBackup = 'restore' | 'refuse' | 'leave';

/**
 * Restores a backup left by a killed run; one whose owner still runs is handled as `live`
 * says. An unreadable backup is moved aside whole, never deleted.
 */
export async function recover(
  root: string,
  gitDir: string,
  live: LiveBackup = 'restore',
): Promise<RecoveryReport | null> {
  const dir = backupDir(gitDir);
  dropDeadTemps(dir);
  if (!existsSync(dir)) return null;
  const backup = await readBackup(dir, root);
  if (backup === null) {
    const target = join(dirname(dir), 'saved', `unreadable-${Date.now()}`);
    await fs.mkdir(dirname(target), { recursive: true });
    await fs.rename(dir, target);
    return {
      restored: [],
      kept: [{ path: '(unreadable backup)', copy: target, why: 'its manifest could not be read' }],
    };
  }
  const owned = live !== 'restore' && !ownBackup(backup) && ownerRuns(backup) !== false;
  if (owned && live === 'leave') return null;
  if (owned) {
    throw new FlagstoreError(
      'conflict',
      `another gate run (${ownerText(backup)}) is hiding unstaged edits right now`,
      {
        fix: 'wait for it to finish (or, if it is stuck: flagstore gate restore)',
      },
    );
  }
  return restore(backup);
}

/** True when this process hid the edits of a backup. */
function ownBackup(backup: Backup): boolean {
  return backup.pid === process.pid && ownerPlace(backup) === 'here';
}

/**
 * A backup's owner for a message: its id, and where it runs when that is not here (whether it
 * still runs cannot be checked there, so its backup is left alone as a live one's).
 */
function ownerText(backup: Backup): string {
  const place = ownerPlace(backup);
  if (place === 'here') return `pid ${backup.pid}`;
  const host = `on ${backup.host ?? 'another host'}`;
  const where = place === 'another host' ? host : `${host}, in ${place}`;
  return `pid ${backup.pid} ${where}: whether it still runs cannot be checked from here`;
}
