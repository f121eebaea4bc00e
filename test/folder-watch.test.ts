/**
 * The flags folder's watch (src/store/folder-watch.ts), in this process: a token holds while
 * nothing in the folder changes, moves on every kind of change, and is refused (then taken
 * afresh) when the folder or one above it is replaced, or removed and made again; a turn with
 * as many events as an overflow needs moves the generation and counts a reset.
 */
import { mkdirSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FolderWatch } from '../src/store/folder-watch.js';
import { tempDir } from './helpers.js';

let open: FolderWatch | null = null;

afterEach(() => {
  open?.close();
  open = null;
});

/** A watch of a new folder holding one file, `a.md`. */
function watched(overflowAt?: number): { watch: FolderWatch; folder: string } {
  const dir = tempDir('flagstore-folder-watch-');
  const folder = join(dir, 'flags');
  mkdirSync(folder);
  writeFileSync(join(folder, 'a.md'), 'a');
  open = new FolderWatch({ folder, cookies: join(dir, 'cookies'), overflowAt });
  return { watch: open, folder };
}

/** The watch refuses its next token, then gives a new one that moves on a file created. */
async function refusedThenWatched(watch: FolderWatch, folder: string, before: string | null) {
  expect(await watch.token()).toBeNull();
  const fresh = await watch.token();
  expect(fresh).not.toBeNull();
  expect(fresh).not.toBe(before);
  writeFileSync(join(folder, 'new.md'), 'n');
  expect(await watch.token()).not.toBe(fresh);
}

describe('a folder watch', () => {
  it('holds its token while nothing changes and moves it on an edit, a create, a delete, a rename, a touch', async () => {
    const { watch, folder } = watched();
    const changes = [
      () => writeFileSync(join(folder, 'a.md'), 'b'),
      () => writeFileSync(join(folder, 'b.md'), 'b'),
      () => renameSync(join(folder, 'b.md'), join(folder, 'c.md')),
      () => rmSync(join(folder, 'c.md')),
      () => utimesSync(join(folder, 'a.md'), 1, 1),
    ];
    for (const change of changes) {
      const before = await watch.token();
      expect(before).not.toBeNull();
      expect(await watch.token()).toBe(before);
      change();
      const after = await watch.token();
      expect(after).not.toBeNull();
      expect(after).not.toBe(before);
    }
    expect(watch.counts.resets).toBe(0);
  });

  it('refuses a token for a folder replaced, then watches the new one', async () => {
    const { watch, folder } = watched();
    const before = await watch.token();
    renameSync(folder, `${folder}.old`);
    mkdirSync(folder);
    await refusedThenWatched(watch, folder, before);
  });

  it('refuses a token when a folder above is replaced (no event of the folder tells)', async () => {
    const dir = tempDir('flagstore-folder-watch-');
    const folder = join(dir, 'repo', 'flags');
    mkdirSync(folder, { recursive: true });
    open = new FolderWatch({ folder, cookies: join(dir, 'cookies') });
    const before = await open.token();
    renameSync(join(dir, 'repo'), join(dir, 'repo.old'));
    mkdirSync(folder, { recursive: true });
    await refusedThenWatched(open, folder, before);
  });

  it('watches afresh a folder removed and made again, though the new one has the old inode', async () => {
    const { watch, folder } = watched();
    const before = await watch.token();
    // On ext4 the new folder takes the freed inode: only the old folder's own event tells.
    rmSync(folder, { recursive: true });
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.md'), 'a');
    await refusedThenWatched(watch, folder, before);
  });

  it('watches afresh when its cookie folder is removed, leaving no watcher open', async () => {
    const { watch, folder } = watched();
    // Counted once the handles closed before have gone (at the loop's next turn).
    const watchers = async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return process.getActiveResourcesInfo().filter((name) => name === 'FSEventWrap').length;
    };
    const open = await watchers();
    const before = await watch.token();
    rmSync(join(folder, '..', 'cookies'), { recursive: true });
    expect(await watch.token()).toBeNull();
    const fresh = await watch.token();
    expect(fresh).not.toBeNull();
    expect(fresh).not.toBe(before);
    expect(await watchers()).toBe(open);
  });

  it('counts a turn of events as large as an overflow as a reset, and vouches for nothing before it', async () => {
    const { watch, folder } = watched(50);
    await watch.token();
    // Written in one turn of the event loop: their events are all delivered in the next one.
    for (let i = 0; i < 60; i++) writeFileSync(join(folder, `f${i}.md`), String(i));
    expect(await watch.token()).toBeNull();
    expect(await watch.token()).not.toBeNull();
    expect(watch.counts.resets).toBe(1);
  });
});
