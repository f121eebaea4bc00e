/**
 * Objects read from git's pack files in this process, for the pre-commit hook: HEAD's commit and
 * the trees above the flags folder are packed once `git gc` has run, and reading them here spares
 * the hook a `git cat-file` process. Only the common layout is read (version 2 `.idx` files,
 * SHA-1, whole objects and both kinds of delta); anything else, and any object whose sizes do not
 * add up (its inflated data, a delta's base and result), answers null, and the caller asks git.
 * Objects are not hashed again to check their ids: node's crypto would load in the hook for it,
 * about 9 ms, more than the process this spares (test/packs.test.ts holds every object of packed
 * repositories, deltas too, to git's own reading).
 */
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import type { GitObject, LooseStore } from './loose.js';

/** One pack: its index's object count and fan-out, and the open files. */
interface Pack {
  idx: number;
  pack: number;
  count: number;
  fanout: Uint32Array;
}

const TYPES = ['', 'commit', 'tree', 'blob', 'tag'];
const OFS_DELTA = 6;
const REF_DELTA = 7;
/** git's own limit is 50 (pack.depth); a deeper chain is refused rather than followed. */
const MAX_DEPTH = 100;
const IDX_V2 = 0xff744f63;

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const got = readSync(fd, buffer, 0, length, position);
  return buffer.subarray(0, got);
}

function openPack(folder: string, name: string): Pack | null {
  const idx = openSync(join(folder, name), 'r');
  const head = readAt(idx, 0, 8 + 256 * 4);
  if (head.length < 8 + 256 * 4 || head.readUInt32BE(0) !== IDX_V2 || head.readUInt32BE(4) !== 2) {
    closeSync(idx);
    return null;
  }
  const fanout = new Uint32Array(256);
  for (let i = 0; i < 256; i++) fanout[i] = head.readUInt32BE(8 + i * 4);
  const pack = openSync(join(folder, `${name.slice(0, -4)}.pack`), 'r');
  return { idx, pack, count: fanout[255] ?? 0, fanout };
}

/** The position of an object in a pack's index, or -1. */
function indexOf(pack: Pack, oid: Buffer): number {
  const first = oid[0] ?? 0;
  const lo = first === 0 ? 0 : (pack.fanout[first - 1] ?? 0);
  const hi = pack.fanout[first] ?? 0;
  const names = readAt(pack.idx, 8 + 1024 + lo * 20, (hi - lo) * 20);
  let [a, b] = [0, hi - lo];
  while (a < b) {
    const mid = (a + b) >>> 1;
    const order = names.compare(oid, 0, 20, mid * 20, mid * 20 + 20);
    if (order === 0) return lo + mid;
    if (order > 0) b = mid;
    else a = mid + 1;
  }
  return -1;
}

/** The pack offset of the object at `at` in the index (large offsets from their own table). */
function offsetOf(pack: Pack, at: number): number {
  const base = 8 + 1024 + pack.count * 24;
  const small = readAt(pack.idx, base + at * 4, 4).readUInt32BE(0);
  if ((small & 0x80000000) === 0) return small;
  const large = base + pack.count * 4 + (small & 0x7fffffff) * 8;
  return Number(readAt(pack.idx, large, 8).readBigUInt64BE(0));
}

/** An entry's header: type, inflated size, where its data starts, and its delta base. */
interface Entry {
  type: number;
  size: number;
  data: number;
  base: number | Buffer | null;
}

function entryAt(pack: Pack, offset: number): Entry {
  const head = readAt(pack.pack, offset, 32);
  let at = 0;
  let byte = head[at++] ?? 0;
  const type = (byte >> 4) & 7;
  let size = byte & 15;
  for (let shift = 4; byte & 0x80; shift += 7) {
    byte = head[at++] ?? 0;
    size += (byte & 0x7f) * 2 ** shift;
  }
  if (type === REF_DELTA)
    return { type, size, data: offset + at + 20, base: head.subarray(at, at + 20) };
  if (type !== OFS_DELTA) return { type, size, data: offset + at, base: null };
  byte = head[at++] ?? 0;
  let back = byte & 0x7f;
  while (byte & 0x80) {
    byte = head[at++] ?? 0;
    back = (back + 1) * 128 + (byte & 0x7f);
  }
  return { type, size, data: offset + at, base: offset - back };
}

/** An entry's data inflated; its compressed length is not stored, so a window a little larger is read. */
function inflated(pack: Pack, entry: Entry): Buffer | null {
  const raw = inflateSync(readAt(pack.pack, entry.data, entry.size + 64 + (entry.size >> 8)));
  return raw.length === entry.size ? raw : null;
}

/** A size of a delta's header (7 bits a byte, least significant first) and where it ends. */
function deltaSize(delta: Buffer, from: number): [number, number] {
  let [size, at, shift, byte] = [0, from, 0, 0x80];
  while (byte & 0x80 && at < delta.length) {
    byte = delta[at++] ?? 0;
    size += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  }
  return [size, at];
}

/** A copy instruction's offset and length (bits 0-3 and 4-6 say which bytes follow). */
function copyOp(delta: Buffer, op: number, from: number): [number, number, number] {
  let [offset, length, at] = [0, 0, from];
  for (let bit = 0; bit < 7; bit++) {
    if ((op & (1 << bit)) === 0) continue;
    const value = (delta[at++] ?? 0) * 2 ** (8 * (bit < 4 ? bit : bit - 4));
    if (bit < 4) offset += value;
    else length += value;
  }
  return [offset, length === 0 ? 0x10000 : length, at];
}

/** git's delta applied to its base; null when the delta does not fit the base. */
export function applyDelta(base: Buffer, delta: Buffer): Buffer | null {
  const [source, afterSource] = deltaSize(delta, 0);
  const [target, start] = deltaSize(delta, afterSource);
  if (source !== base.length) return null;
  const out = Buffer.alloc(target);
  let [at, written] = [start, 0];
  while (at < delta.length) {
    const op = delta[at++] ?? 0;
    if (op === 0) return null;
    let piece: Buffer;
    if (op & 0x80) {
      const [offset, length, next] = copyOp(delta, op, at);
      if (offset + length > base.length) return null;
      piece = base.subarray(offset, offset + length);
      at = next;
    } else {
      piece = delta.subarray(at, at + op);
      at += op;
    }
    if (written + piece.length > target) return null;
    written += piece.copy(out, written);
  }
  return written === target ? out : null;
}

/** The packs of a store, opened on first use; null when git must read (a pack it cannot). */
export interface PackReader {
  read(oid: string): GitObject | null;
  close(): void;
}

function objectAt(packs: Pack[], pack: Pack, offset: number, depth: number): GitObject | null {
  if (depth > MAX_DEPTH) return null;
  const entry = entryAt(pack, offset);
  const data = inflated(pack, entry);
  if (data === null) return null;
  if (entry.base === null) {
    const type = TYPES[entry.type];
    return type === undefined || type === '' ? null : { type, body: data };
  }
  const base =
    typeof entry.base === 'number'
      ? objectAt(packs, pack, entry.base, depth + 1)
      : findIn(packs, entry.base, depth + 1);
  const body = base === null ? null : applyDelta(base.body, data);
  return base === null || body === null ? null : { type: base.type, body };
}

function findIn(packs: Pack[], oid: Buffer, depth: number): GitObject | null {
  for (const pack of packs) {
    const at = indexOf(pack, oid);
    if (at >= 0) return objectAt(packs, pack, offsetOf(pack, at), depth);
  }
  return null;
}

function openPacks(store: LooseStore): Pack[] | null {
  const folder = join(store.objects, 'pack');
  const names = readdirSync(folder).filter((name) => name.endsWith('.idx'));
  const packs: Pack[] = [];
  for (const name of names) {
    const pack = openPack(folder, name);
    if (pack === null) {
      closePacks(packs);
      return null;
    }
    packs.push(pack);
  }
  return packs;
}

function closePacks(packs: Pack[]): void {
  for (const pack of packs) {
    closeSync(pack.idx);
    closeSync(pack.pack);
  }
}

/**
 * A reader of the store's packs. `read` answers an object, or null (not packed, a pack this
 * reader does not know, or any failure): then git must be asked.
 */
export function packReader(store: LooseStore): PackReader {
  let packs: Pack[] | null | undefined;
  const opened = (): Pack[] | null => {
    if (packs !== undefined) return packs;
    try {
      packs = openPacks(store);
    } catch {
      packs = null;
    }
    return packs;
  };
  return {
    read(oid) {
      const all = opened();
      if (all === null || !/^[0-9a-f]{40}$/.test(oid)) return null;
      try {
        return findIn(all, Buffer.from(oid, 'hex'), 0);
      } catch {
        return null;
      }
    },
    close() {
      if (packs) closePacks(packs);
      packs = null;
    },
  };
}
