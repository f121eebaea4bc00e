/**
 * The reader thread of a cold read (src/store/read-ahead.ts) gives what the read without it
 * gives, file for file: on every outcome a flag file can have, and when the thread fails to
 * start, dies, or hangs (stand-ins given through its `thread` option, nothing of fs mocked).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FlagStore, type ReadScope } from '../src/store/flag-store.js';
import {
  aheadOfUnknown,
  readAheadFromEnv,
  useReadAhead,
  type AheadOptions,
} from '../src/store/read-ahead.js';
import { readWorkMarks } from '../src/store/work-read.js';
import { makeRepo } from './helpers.js';
import { flagText, writeFlags } from './mcp-helpers.js';

/** A thread small enough that a dozen files fill several batches and reuse every slot. */
const SMALL: AheadOptions = { minFiles: 0, batch: 3, slots: 2, room: 4096, threadReadsAll: true };

afterEach(() => useReadAhead(null));

/**
 * A repository whose flags folder holds every outcome readChecked has: valid flags (one with CR
 * LF line ends, one larger than a slot), a symlink to a flag, a dangling symlink, a folder, a
 * FIFO, an empty file, a file over the size limit, an invalid flag, one whose id is not its name,
 * and one that is not UTF-8.
 */
async function outcomes(): Promise<{ repo: string; store: FlagStore; ids: string[] }> {
  const repo = await makeRepo();
  const ids = writeFlags(repo, 24);
  const path = (i: number): string => join(repo, 'flags', `${ids[i]}.md`);
  const replace = (i: number, make: (p: string) => void): void => {
    rmSync(path(i));
    make(path(i));
  };
  replace(1, (p) => symlinkSync(`${ids[0]}.md`, p));
  replace(2, (p) => symlinkSync('nowhere.md', p));
  replace(3, (p) => mkdirSync(p));
  replace(4, (p) => execFileSync('mkfifo', [p]));
  replace(5, (p) => writeFileSync(p, ''));
  writeFileSync(path(6), `${readFileSync(path(6), 'utf8')}${'x'.repeat(1024 * 1024)}\n`);
  writeFileSync(path(7), readFileSync(path(7), 'utf8').replaceAll('\n', '\r\n'));
  writeFileSync(path(8), '---\nflag_type: [unclosed\n---\nbody\n');
  writeFileSync(path(9), readFileSync(path(10)));
  writeFileSync(path(11), Buffer.concat([readFileSync(path(11)), Buffer.from([0xff, 0xfe, 10])]));
  writeFileSync(path(12), flagText({ id: ids[12]!, action: `'${'y'.repeat(6000)}'` }));
  const store = new FlagStore({
    dir: join(repo, 'flags'),
    stateDir: join(repo, '.git', 'fs-test'),
  });
  return { repo, store, ids };
}

/** The files of a folder with their bytes (the parse cache as a read left it). */
function folderBytes(dir: string): Record<string, string> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) =>
    e.isFile(),
  );
  return Object.fromEntries(
    files.map((e) => [join(e.parentPath, e.name), readFileSync(join(e.parentPath, e.name), 'hex')]),
  );
}

/** A cold readWork (no parse cache) with these read-ahead options, and the cache it left. */
async function coldRead(store: FlagStore, scope: ReadScope, options: AheadOptions | null) {
  rmSync(store.location.stateDir, { recursive: true, force: true });
  useReadAhead(options);
  try {
    const read = await store.readWork(scope);
    return { ...read, skipped: read.ids.filter((id) => read.skipped.has(id)) };
  } finally {
    useReadAhead(null);
  }
}

/** A cold readWorkMarks over `ids` with these read-ahead options. */
async function coldMarks(store: FlagStore, ids: string[], options: AheadOptions | null) {
  rmSync(store.location.stateDir, { recursive: true, force: true });
  useReadAhead(options);
  try {
    const { stateDir } = store.location;
    const scope = { ids, pathOf: (id: string) => store.pathOf(id), stateDir, hashed: () => true };
    const read = await readWorkMarks(scope);
    return { marked: [...read.marked], invalid: read.invalid, ids: read.ids };
  } finally {
    useReadAhead(null);
  }
}

/** Options that count the files the thread's reads served into `served`. */
function counted(options: AheadOptions, served: number[]): AheadOptions {
  return { ...options, report: (n) => served.push(n) };
}

describe.skipIf(process.platform !== 'linux')('a cold read with the reader thread', () => {
  it('gives every outcome as the read without it does, the thread serving every file it can', async () => {
    const { store } = await outcomes();
    for (const scope of [{}, { target: '@b.two' }, { target: '@a.one' }]) {
      const plain = await coldRead(store, scope, null);
      const cache = folderBytes(store.location.stateDir);
      const served: number[] = [];
      const ahead = await coldRead(store, scope, counted(SMALL, served));
      expect(ahead).toEqual(plain);
      expect(folderBytes(store.location.stateDir)).toEqual(cache);
      // 24 files: not the five that are no regular non-empty file, nor the two larger than a slot.
      expect(served).toEqual([17]);
    }
  });

  it('gives the narrow read the same marks, and the same failure for a file gone', async () => {
    const { store, ids } = await outcomes();
    const served: number[] = [];
    const plain = await coldMarks(store, ids, null);
    expect(await coldMarks(store, ids, counted(SMALL, served))).toEqual(plain);
    expect(served).toEqual([17]);
    const gone = [...ids.slice(0, 10), '01KZZZZZZZZZZZZZZZZZZZZZZZ', ...ids.slice(10)];
    const failure = await coldMarks(store, gone, null).catch((e: Error) => e.message);
    expect(failure).toContain('ENOENT');
    expect(await coldMarks(store, gone, SMALL).catch((e: Error) => e.message)).toBe(failure);
  });

  it('starts no thread below its threshold, nor on a warm read', async () => {
    const { store } = await outcomes();
    const served: number[] = [];
    await coldRead(store, {}, counted({ ...SMALL, minFiles: 25 }, served));
    expect(served).toEqual([]);
    await coldRead(store, {}, counted({ ...SMALL, minFiles: 24 }, served));
    expect(served).toEqual([17]);
    // Warm: the cache knows every file, so there is nothing to read ahead.
    useReadAhead(counted(SMALL, served));
    await store.readWork({});
    expect(served).toEqual([17]);
  });
});

/** Stand-ins for the reader thread, each run as its eval'd source is (threadSource). */
const STAND_INS: Record<string, AheadOptions['thread']> = {
  'ends at once': () => undefined,
  'fails as it starts': () => {
    throw new Error('no reader');
  },
  'dies in the batch it claimed': (req) => {
    const { workerData } = req('node:worker_threads') as { workerData: { control: Int32Array } };
    Atomics.add(workerData.control, 0, 1);
    throw new Error('reader died');
  },
  'exits in the batch it claimed': (req) => {
    const { workerData } = req('node:worker_threads') as { workerData: { control: Int32Array } };
    Atomics.add(workerData.control, 0, 1);
    process.exit(1);
  },
};

describe.skipIf(process.platform !== 'linux')('a reader thread that fails', () => {
  for (const [what, thread] of Object.entries(STAND_INS)) {
    it(`${what}: the parser reads every file itself, with the same outcome`, async () => {
      const { store } = await outcomes();
      const plain = await coldRead(store, {}, null);
      const served: number[] = [];
      // A thread gone without a word is waited for 0.2 s a batch; one that ends says so: were it
      // waited for too, eight batches of 10 s would fail the test's time limit.
      const patience = what.startsWith('exits') ? 200 : 10_000;
      const options = counted({ ...SMALL, thread, patience }, served);
      expect(await coldRead(store, {}, options)).toEqual(plain);
      expect(served).toEqual([0]);
    }, 30_000);
  }

  it('that cannot be made: the read runs without one', async () => {
    const { store } = await outcomes();
    const plain = await coldRead(store, {}, null);
    const served: number[] = [];
    expect(await coldRead(store, {}, counted({ ...SMALL, slots: -1 }, served))).toEqual(plain);
    expect(served).toEqual([]);
  });

  it('whose source does not compile: the parser reads every file itself', async () => {
    const { store } = await outcomes();
    const plain = await coldRead(store, {}, null);
    // A method's source is no expression: the worker fails before any code of it runs.
    const thread = { reader(): void {} }.reader;
    const served: number[] = [];
    const options = counted({ ...SMALL, thread, patience: 200 }, served);
    expect(await coldRead(store, {}, options)).toEqual(plain);
    expect(served).toEqual([0]);
  });
});

describe('a read where no thread is wanted', () => {
  it('looks up no id in the cache: without a thread to start, the filter is pure cost', () => {
    let lookups = 0;
    const cache = { has: (): boolean => (lookups++, false) };
    const ids = ['01KAAAAAAAAAAAAAAAAAAAAAAA', '01KBBBBBBBBBBBBBBBBBBBBBBB'];
    const pathOf = (id: string): string => `/nowhere/${id}.md`;
    expect(aheadOfUnknown(cache, ids, pathOf)).toBeUndefined();
    useReadAhead({ minFiles: 3 });
    expect(aheadOfUnknown(cache, ids, pathOf)).toBeUndefined();
    expect(lookups).toBe(0);
  });
});

describe('FLAGSTORE_READ_AHEAD', () => {
  it('takes digits as the least number of files, off as none, anything else as unset', () => {
    expect(readAheadFromEnv('0')).toEqual({ minFiles: 0 });
    expect(readAheadFromEnv('12000')).toEqual({ minFiles: 12000 });
    expect(readAheadFromEnv('off')).toBeNull();
    // A blank is no number: Number(' ') is 0, which would start a thread on every cold read.
    for (const value of [undefined, '', ' ', '-1', '2.5', 'on']) {
      expect(readAheadFromEnv(value)).toEqual({});
    }
  });
});
