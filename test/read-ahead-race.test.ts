/**
 * The reader thread of a cold read (src/store/read-ahead.ts) against a real writer process, and
 * V8's young-generation setting (src/cli/heap-growth.ts) once the thread has started.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { blobId } from '../src/core/object-id.js';
import { checkIdentity } from '../src/store/flag-read.js';
import { parseFlagFile } from '../src/store/flag-file.js';
import { FlagStore } from '../src/store/flag-store.js';
import { useReadAhead } from '../src/store/read-ahead.js';
import { makeRepo, tempDir } from './helpers.js';
import { flagText, writeFlags } from './mcp-helpers.js';

/**
 * Rewrites each flag file given over and over as flagstore writes (a temporary file renamed over
 * it), between a short and a long version; the last one it removes and writes again. Says `go`
 * after its first round.
 */
const WRITER = `
const { renameSync, unlinkSync, writeFileSync } = require('node:fs');
const [dir, scratch, versions] = process.argv.slice(1);
const files = JSON.parse(versions);
for (let round = 0; ; round++) {
  files.forEach(([id, short, long], i) => {
    const tmp = scratch + '/' + id;
    writeFileSync(tmp, (round + i) % 2 ? long : short);
    if (i === files.length - 1) try { unlinkSync(dir + '/' + id + '.md'); } catch {}
    renameSync(tmp, dir + '/' + id + '.md');
  });
  if (round === 0) process.stdout.write('go');
}`;

describe.skipIf(process.platform !== 'linux')('a cold read beside a writer', () => {
  it('reads each file as one version or another, never a mix, nor another file', async () => {
    const repo = await makeRepo();
    const dir = join(repo, 'flags');
    const ids = writeFlags(repo, 40);
    const versions = ids.map((id) => {
      const short = flagText({ id });
      return [id, short, short.replace('## Action required', `${'More words. '.repeat(40)}\n\n$&`)];
    });
    const expected = new Map(
      versions.map(([id, ...texts]) => [
        id,
        texts.map((text) => ({ oid: blobId(Buffer.from(text!)), ...parse(id!, text!) })),
      ]),
    );
    const scratch = join(repo, 'scratch');
    mkdirSync(scratch);
    const writer = spawn(process.execPath, ['-e', WRITER, dir, scratch, JSON.stringify(versions)]);
    await new Promise((go) => writer.stdout.once('data', go));
    const store = new FlagStore({ dir, stateDir: join(repo, '.git', 'fs-test') });
    const served: number[] = [];
    let failed = 0;
    try {
      for (let round = 0; round < 40; round++) {
        rmSync(store.location.stateDir, { recursive: true, force: true });
        useReadAhead({
          minFiles: 0,
          batch: 2,
          slots: 2,
          threadReadsAll: true,
          report: (n) => served.push(n),
        });
        const read = await store.readWork({}).catch((error: NodeJS.ErrnoException) => {
          // The file removed between the listing and its read: the read without the thread
          // fails so too (readChecked keys a file it could not open by lstat).
          expect(error.code).toBe('ENOENT');
          failed++;
          return { stored: [] };
        });
        for (const { id, flag, problems, oid } of read.stored) {
          expect(expected.get(id)).toContainEqual({ oid, flag, problems });
        }
      }
    } finally {
      useReadAhead(null);
      writer.kill();
    }
    expect(failed).toBeLessThan(40);
    expect(served.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  }, 60_000);
});

function parse(
  id: string,
  text: string,
): Pick<ReturnType<typeof parseFlagFile>, 'flag' | 'problems'> {
  const { flag, problems } = checkIdentity(id, parseFlagFile(text));
  return { flag, problems };
}

const DIST = resolve(import.meta.dirname, '..', 'dist');

/**
 * Keeps the heap small (keepHeapSmall), reads ahead a folder of flag files with a thread, and
 * prints the young generation's size (MB) after keeping 300,000 small objects: 2 MB while the
 * setting holds, 32 MB once V8's default is back. `claimed`: measured while the thread reads (it
 * has claimed a batch); `idle`: after a thread that never claims has exited.
 */
const HEAP = `
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { getHeapSpaceStatistics } from 'node:v8';
const [dist, dir, when] = process.argv.slice(2);
const { keepHeapSmall } = await import(dist + '/cli/heap-growth.js');
const { ReadAhead } = await import(dist + '/store/read-ahead.js');
keepHeapSmall();
const ids = readdirSync(dir).map((name) => name.slice(0, -3)).sort();
const files = { ids, pathOf: (id) => join(dir, id + '.md') };
const young = () => {
  const kept = [];
  for (let i = 0; i < 300000; i++) kept.push({ i, s: 'x' + i });
  return getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 1048576;
};
let size;
if (when === 'claimed') {
  const ahead = ReadAhead.of(files, { minFiles: 0, batch: 1, slots: 2, threadReadsAll: true });
  ahead.take({ id: ids[0], path: files.pathOf(ids[0]) });
  size = young();
  await ahead.stop();
} else {
  const ahead = ReadAhead.of(files, { minFiles: 0, thread: () => undefined });
  await ahead.stop();
  size = young();
}
process.stdout.write(String(size));
`;

describe.skipIf(process.platform !== 'linux')('the reader thread and keepHeapSmall', () => {
  for (const when of ['claimed', 'idle']) {
    it(`keeps the young generation small (${when})`, async () => {
      const repo = await makeRepo();
      writeFlags(repo, 8);
      const dist = pathToFileURL(DIST).href;
      // A script file, as the CLI is one.
      const script = join(tempDir(), 'heap.mjs');
      writeFileSync(script, HEAP);
      const args = [script, dist, join(repo, 'flags'), when];
      const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(Number(run.stdout)).toBeLessThanOrEqual(4);
    });
  }
});
