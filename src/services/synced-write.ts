/**
 * Where a write is published, and the full id it acts on. A synced write (`--sync`,
 * `sync: auto`) decides against the remote's ledger, so a flag only that ledger holds (made in
 * another clone) is found too: when the local ledger does not know the id, the remote's ledger
 * is fetched first.
 */
import { FlagstoreError } from '../core/errors.js';
import type { Publisher } from '../sync/ledger-write.js';
import type { LostLock } from '../sync/lost-locks.js';
import { remoteNames } from '../sync/remote-name.js';
import type { Workspace } from './workspace.js';

/** A synced write's publisher, and the local locks its catch-ups with the remote lost. */
export interface SyncedPublisher {
  publisher: Publisher;
  /** Filled as the write catches up (see lost-locks.ts); read once the write is done. */
  lost: LostLock[];
}

/**
 * Where a write is published: the remote when asked (or `sync: auto`), else (undefined) the
 * local ledger. The sync code is loaded only for a synced write: a local write does not pay for it.
 */
export async function publisherFor(
  ws: Workspace,
  options: { sync?: boolean | undefined; remote?: string | undefined },
): Promise<SyncedPublisher | undefined> {
  if (!(options.sync ?? false) && ws.config.sync !== 'auto') return undefined;
  const { remotePublisherFor } = await import('../sync/sync.js');
  const lost: LostLock[] = [];
  return { publisher: await remotePublisherFor(ws, { remote: options.remote, lost }), lost };
}

const SYNC_FIX =
  'flagstore sync (fetches flags made in other clones), then flagstore list --status all';
const LIST_FIX = 'flagstore list --status all';

/** The fix for an unknown id: `sync` only where a remote exists to sync with. */
async function notFoundFix(root: string): Promise<string> {
  const remotes = await remoteNames(root).catch(() => []);
  return remotes.length === 0 ? LIST_FIX : SYNC_FIX;
}

/** An unknown id's error with notFoundFix's fix; any other error as it is. */
async function localMiss(ws: Workspace, error: unknown): Promise<unknown> {
  if (!(error instanceof FlagstoreError) || error.code !== 'not_found') return error;
  // A part found inside known ids was mistyped, not made in another clone (core/ids.ts).
  if (error.details?.inside !== undefined) return error;
  return new FlagstoreError('not_found', error.message, {
    fix: await notFoundFix(ws.root),
    details: error.details,
  });
}

/**
 * One flag read by id (`show`, MCP's `show_flag`): a read fetches nothing, so an id made in
 * another clone is unknown here until a sync, and the error says so where a remote exists.
 */
export async function readById(
  ws: Workspace,
  raw: string,
): Promise<ReturnType<Workspace['flags']['read']>> {
  try {
    return ws.flags.read(raw);
  } catch (error) {
    throw await localMiss(ws, error);
  }
}

/** `raw` (a full id, prefix or suffix) resolved, after a fetch of the remote ledger if needed. */
export async function idForWrite(
  ws: Workspace,
  raw: string,
  publisher: Publisher | undefined,
): Promise<string> {
  const id = await resolveForWrite(ws, raw, publisher);
  refuseRenamed(ws, id);
  return id;
}

/** {@link idForWrite}'s resolution, with one fetch of the remote ledger for an unknown id. */
async function resolveForWrite(
  ws: Workspace,
  raw: string,
  publisher: Publisher | undefined,
): Promise<string> {
  try {
    return ws.flags.resolve(raw);
  } catch (error) {
    if (publisher === undefined) throw await localMiss(ws, error);
    if (!(error instanceof FlagstoreError) || error.code !== 'not_found') throw error;
    await publisher.base();
    return ws.flags.resolve(raw);
  }
}

/**
 * The file in the flags folder that holds flag `id` under another name than `<id>.md` (renamed
 * by hand), as a repository-relative path; null when `<id>.md` is there or no file holds it.
 */
export function renamedCopy(ws: Workspace, id: string): string | null {
  const name = ws.flags.renamedFile(id);
  return name === null ? null : `${ws.config.flags_dir}/${name}`;
}

/**
 * Refuses a write to a flag whose file was renamed by hand: the ledger would take the write
 * while the renamed file went on saying the old state, and no reader takes that file for the flag.
 */
function refuseRenamed(ws: Workspace, id: string): void {
  const path = renamedCopy(ws, id);
  if (path === null) return;
  throw new FlagstoreError(
    'invalid',
    `flag ${id}'s file was renamed by hand to ${path}, which is not read as a flag (its name must be ${id}.md): the write would leave that file as it is`,
    {
      fix: 'flagstore validate --fix (names the file <id>.md again), then run the command again',
      details: { path },
    },
  );
}
