/**
 * A loose object written while `git gc` prunes (src/git/loose.ts): prune removes every empty
 * `objects/xx` folder, and one removed between the writer's mkdir and its write is made again,
 * as git's own writer does, instead of failing the write with ENOENT.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { objectId } from '../src/core/object-id.js';
import { looseStore, readLoose, writeLoose } from '../src/git/loose.js';
import { makeRepo } from './helpers.js';

/**
 * A node process that removes the folder whenever it is empty, as each prune run's rmdir does,
 * a run every millisecond, until killed.
 */
const PRUNER = `
const { rmdirSync } = require('node:fs');
const pause = new Int32Array(new SharedArrayBuffer(4));
process.stdout.write('ready\\n');
for (;;) { try { rmdirSync(process.argv[1]); } catch {} Atomics.wait(pause, 0, 0, 1); }`;

describe('a loose object written while prune removes empty folders', () => {
  it('is written, the folder made again when prune removed it', async () => {
    const root = await makeRepo();
    const store = looseStore(root)!;
    // Blobs whose ids share one folder, emptied first: each write finds it empty or gone.
    // About 1 write in 60 loses its folder to the pruner (15-33 of 1,500 in four runs): with
    // no retry, 500 writes failed 20 runs of 20, as did 300.
    const bodies: Buffer[] = [];
    for (let i = 0; bodies.length < 500; i++) {
      const body = Buffer.from(`blob ${i}\n`);
      if (objectId('blob', body).startsWith('fe')) bodies.push(body);
    }
    const dir = join(store.objects, 'fe');
    rmSync(dir, { recursive: true, force: true });
    const pruner = spawn(process.execPath, ['-e', PRUNER, dir]);
    await new Promise((ready) => pruner.stdout.once('data', ready));
    try {
      for (const body of bodies) {
        const oid = writeLoose(store, 'blob', body);
        expect(readLoose(store, oid)?.body).toEqual(body);
        // Empty again, for the pruner to take.
        rmSync(join(dir, oid.slice(2)));
      }
    } finally {
      pruner.kill();
    }
  });
});
