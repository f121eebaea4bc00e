/**
 * The flag store with its ledger: reads merge the ledger branch with the work tree's flag
 * files by id; writes are recorded in the ledger (compare-and-swap, re-decided on a lost race)
 * and then, when this work tree holds the flag's file, written there too.
 */
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { FlagstoreError, unwrap, type Result } from '../core/errors.js';
import { messageId, typedFullId } from '../core/ids.js';
import type { Flag, FlagEdit } from '../core/types.js';
import { differingFields } from '../core/lifecycle.js';
import { blobId } from '../core/object-id.js';
import { readBlobsHere, readTip, type LedgerTip } from '../git/ledger-read.js';
import { refIs } from '../git/loose.js';
import { writeCopyAtomic } from '../store/atomic.js';
import { keepBytes } from '../store/keep-bytes.js';
import { editedText, parseFlagFile } from '../store/flag-file.js';
import {
  checkIdentity,
  FlagStore,
  flagText,
  invalidFile,
  refuseBrokenCopy,
  type ReadScope,
  type StoreLocation,
  type StoredFlag,
  type Transition,
} from '../store/flag-store.js';
import { filesAt, ledgerFiles, ledgerText, mergedListing, type Listing } from './ledger-view.js';
import { writeLedger, type LedgerWriter, type Proposal, type Publisher } from './ledger-write.js';
import { mergeCopies } from './merge-two.js';

/** One flag's copies: the merged text, and the two copies it came from. */
export interface Copies {
  text: string;
  ledger: string | null;
  work: string | null;
}

/** How a write is described in the ledger and where it is published. */
export interface WriteMeta {
  agent: string | null;
  action: string;
  subject: (flag: Flag) => string;
  /** Where the commit goes (default: the local ledger ref). */
  publisher?: Publisher | undefined;
  /** Write the work tree's copy even where this branch has none (for `--commit`). */
  addFile?: boolean;
}

/** A flag as read, with where its copies differ (`file`: the `invalid` one, the other shown). */
export type ReadFlag = StoredFlag & Compared & { flag: Flag; text: string };
type Compared = { differs: string[]; invalid?: 'work' | 'ledger' };

/**
 * The work tree's copy of a flag file, or null when absent. Something other than a regular file
 * there (a symlink, a folder) is an error, never followed.
 */
function workText(path: string): string | null {
  return lstatSync(path, { throwIfNoEntry: false }) === undefined ? null : flagText(path);
}

/** The work tree's copy, or null when absent or not a regular file (for sweeps). */
function workBytesOrNull(path: string): Buffer | null {
  return existsSync(path) && lstatSync(path).isFile() ? readFileSync(path) : null;
}

/** Reads and writes flags through the ledger. */
export class LedgerStore extends FlagStore {
  private readonly writer: LedgerWriter;
  /** The tip the last listing of ids was read at (a short id's resolution lists them). */
  private listedTip: LedgerTip | null | undefined;

  constructor(location: StoreLocation, place: Omit<LedgerWriter, 'workIds'>) {
    super(location);
    this.writer = { ...place, workIds: () => this.workIds() };
  }

  /** The ledger's ref and flags folder. */
  get ledger(): LedgerWriter {
    return this.writer;
  }

  override ids(): string[] {
    const ledger = ledgerFiles(this.writer);
    this.listedTip = ledger?.tip ?? null;
    const work = this.workIds();
    if (ledger === null) return work;
    return [...new Set([...work, ...ledger.files.keys()])].sort();
  }

  override async readAll(scope: ReadScope = {}): Promise<StoredFlag[]> {
    return (await this.readListing(scope)).stored;
  }

  /**
   * The merged flags (see {@link readAll}) and every id known, from one read of each side, with
   * the work tree's own parses (`work`): a merged entry keeps its file's blob id, a work parse is
   * the parse of that blob.
   */
  async readListing(scope: ReadScope = {}): Promise<Listing & { work: StoredFlag[] }> {
    const work = await this.readWork(scope);
    const listing = await mergedListing(this.writer, work, {
      target: scope.target,
      pathOf: (id) => this.pathOf(id),
    });
    return { ...listing, work: work.stored };
  }

  /** Only the work tree's files, as they are on disk (for reviews of uncommitted changes). */
  async readWorkTree(scope: ReadScope = {}): Promise<StoredFlag[]> {
    return (await this.readWork(scope)).stored;
  }

  /** One flag's copies at a ledger tip; null when neither the ledger nor the work tree has it. */
  copies(id: string, tip: LedgerTip | null): Copies | null {
    const work = workText(this.pathOf(id));
    const ledger = tip === null ? null : ledgerText(this.writer, { ...tip, id, likely: work });
    const text = mergeCopies(ledger, work);
    return text === null ? null : { text, ledger, work };
  }

  override read(prefix: string): ReadFlag {
    this.listedTip = undefined;
    const id = this.resolve(prefix);
    const path = this.pathOf(id);
    // A short id was resolved against a listing of the ledger: its tip is read once.
    const tip = this.listedTip ?? readTip(this.writer.root, this.writer.ref);
    this.listedTip = undefined;
    const copies = this.copies(id, tip);
    if (copies === null) throw notFound(id);
    const parsed = checkIdentity(id, parseFlagFile(copies.text));
    if (parsed.flag === null) throw invalidFile(path, parsed);
    return { id, path, text: copies.text, ...parsed, flag: parsed.flag, ...compare(copies) };
  }

  /** Writes a new flag file only (a bulk import records them all at the end). */
  async createFile(flag: Flag): Promise<string> {
    return super.create(flag);
  }

  /**
   * Records a new flag in the ledger (published by `publisher` when given), then writes its
   * file. The ledger goes first, so a write that fails (git refusing, a lost push) leaves no
   * file that reads would take for a hand-written flag; a file that cannot be written after
   * the ledger took the flag leaves it in the ledger only, where every read finds it.
   */
  override async create(flag: Flag, publisher?: Publisher): Promise<string> {
    const text = this.newFileText(flag);
    const path = this.pathOf(flag.id);
    this.refuseTaken(flag.id);
    const p: Proposal = {
      changes: [{ id: flag.id, text }],
      subject: `flag ${messageId(flag.id)}: create`,
      agent: flag.source_agent,
      action: 'create',
    };
    const { commit } = await writeLedger(
      this.writer,
      () => ({ proposal: p, value: null }),
      publisher,
    );
    this.createRecorded(flag.id, text);
    this.followLedger(flag.id, commit);
    return path;
  }

  /** Records the work tree's copies the ledger lacks or holds otherwise; null when none. */
  async recordWorkTree(publisher?: Publisher): Promise<string | null> {
    const { value: base, commit } = await writeLedger(
      this.writer,
      (tip) => {
        const [changes, base] = [this.workChanges(tip), tip?.commit ?? null];
        if (changes.length === 0) return { proposal: null, value: base };
        const subject = `flags: record ${changes.length} work-tree change(s)`;
        return { proposal: { changes, subject, agent: null, action: 'record' }, value: base };
      },
      publisher,
    );
    return commit === base ? null : commit; // a write of nothing returns the tip it began on
  }

  /** Merged texts of the work tree's valid flag files whose copy differs from the ledger's. */
  private workChanges(tip: LedgerTip | null): { id: string; text: string | Uint8Array }[] {
    const files = tip === null ? new Map<string, string>() : filesAt(this.writer, tip);
    const differing = this.workIds().flatMap((id) => {
      const bytes = workBytesOrNull(this.pathOf(id));
      if (bytes === null || blobId(bytes) === files.get(id)) return [];
      return [{ id, bytes, work: bytes.toString('utf8') }];
    });
    const oids = differing.flatMap((d) => files.get(d.id) ?? []);
    const ledger = readBlobsHere(this.writer.root, oids);
    return differing.flatMap(({ id, bytes, work }) => {
      const oid = files.get(id);
      const text = mergeCopies(oid === undefined ? null : (ledger.get(oid) ?? null), work);
      if (text === null || parseFlagFile(text).flag === null) return [];
      // Lines the merge left as the file has them keep their bytes, invalid UTF-8 included.
      return [{ id, text: keepBytes(text, [bytes]) }];
    });
  }

  /**
   * Applies a transition: decided against the ledger's tip, re-decided on every lost race. A full
   * id (idForWrite's) is not resolved again: for a flag with no `<id>.md` here that listed the
   * flags folder and the ledger twice (one neither copy holds is not found at the tip anyway).
   */
  async update(
    prefix: string,
    decide: (flag: Flag) => Result<FlagEdit>,
    m: WriteMeta,
  ): Promise<Transition> {
    const id = typedFullId(prefix) ?? this.resolve(prefix);
    const path = this.pathOf(id);
    const { value, commit } = await writeLedger(
      this.writer,
      (tip) => {
        const copies = this.copies(id, tip);
        if (copies === null) throw notFound(id);
        const parsed = parseFlagFile(copies.text);
        // The work tree's copy is most often the merged text itself: parsed once then.
        refuseBrokenCopy(path, copies.work === copies.text ? parsed : copies.work);
        const before = checkIdentity(id, parsed);
        if (before.flag === null) throw invalidFile(path, before);
        const next = editedText(copies.text, unwrap(decide(before.flag)));
        const after = parseFlagFile(next);
        if (after.flag === null) throw invalidFile(path, after);
        const p: Proposal = {
          changes: [{ id, text: next }],
          subject: m.subject(after.flag),
          agent: m.agent,
          action: m.action,
        };
        return { proposal: p, value: { before: before.flag, after: after.flag, path, next } };
      },
      m.publisher,
    );
    this.writeCopy({ id, text: value.next, commit, addFile: m.addFile ?? false });
    return { before: value.before, after: value.after, path };
  }

  /**
   * Writes the work tree's copy after a ledger write, only when this branch has the file (or
   * it is asked for), and only while the ledger still holds this write: a writer that stalled
   * after publishing never puts an older state over a newer one.
   */
  private writeCopy(w: {
    id: string;
    text: string;
    commit: string | null;
    addFile: boolean;
  }): void {
    const path = this.pathOf(w.id);
    if (!w.addFile && !existsSync(path)) return;
    const original = existsSync(path) ? [readFileSync(path)] : [];
    writeCopyAtomic(path, keepBytes(w.text, original));
    this.followLedger(w.id, w.commit);
  }

  /**
   * After a flag's copy was written for the ledger commit `commit`: another writer may have
   * published (and written its copy) meanwhile, so the copy follows the ledger's newer state
   * until the tip holds still. Only the ref is read while it has not moved.
   */
  private followLedger(id: string, commit: string | null): void {
    if (commit === null) return;
    const path = this.pathOf(id);
    let seen = commit;
    for (let tip = movedTip(this.writer, seen); tip !== null; tip = movedTip(this.writer, seen)) {
      const copies = this.copies(id, tip);
      if (copies !== null) writeCopyAtomic(path, copies.ledger ?? copies.text);
      seen = tip.commit;
    }
  }
}

/** The ledger's tip when its ref no longer points at `seen` (null: it does, or no ledger). */
function movedTip(w: LedgerWriter, seen: string): LedgerTip | null {
  if (refIs(w.root, w.ref, seen)) return null;
  const tip = readTip(w.root, w.ref);
  return tip === null || tip.commit === seen ? null : tip;
}

function notFound(id: string): FlagstoreError {
  return new FlagstoreError('not_found', `no flag with id ${id}`, { fix: 'flagstore list --all' });
}

function compare(copies: Copies): Compared {
  const { ledger, work } = copies;
  if (ledger === null || work === null || ledger === work) return { differs: [] };
  const [l, w] = [parseFlagFile(ledger).flag, parseFlagFile(work).flag];
  if (w === null) return { differs: ['file'], invalid: 'work' };
  return l === null ? { differs: ['file'], invalid: 'ledger' } : { differs: differingFields(l, w) };
}
