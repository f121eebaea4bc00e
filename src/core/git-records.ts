/**
 * Git's objects and listings, parsed without I/O: raw tree objects, `git ls-tree -z`,
 * `git ls-files -s -z`, `git diff --raw -z` and `git cat-file --batch` output, for any file name
 * (spaces, tabs, newlines, unicode) and SHA-1 or SHA-256 ids. Readers of these in src/git and
 * src/gates parse through this module rather than by hand.
 */

/** One entry of a tree object. */
export interface TreeItem {
  /** As git writes it in a tree object: `100644`, `100755`, `120000`, `160000`, `40000`. */
  mode: string;
  name: string;
  oid: string;
}

/**
 * True for a regular file's mode (`100644`, `100755`): a symlink's (`120000`) blob is its
 * target's path and a submodule's (`160000`) a commit, neither a file's text.
 */
export function isRegularMode(mode: string): boolean {
  return mode.startsWith('100');
}

const SPACE = 0x20;

/** Where one entry of raw tree content lies: `<mode> <name>\0<id>`; null when it is cut short. */
function entrySpan(
  body: Buffer,
  at: number,
  idBytes: number,
): { space: number; nul: number; end: number } | null {
  const space = body.indexOf(SPACE, at);
  const nul = space < 0 ? -1 : body.indexOf(0, space + 1);
  const end = nul + 1 + idBytes;
  return nul < 0 || end > body.length ? null : { space, nul, end };
}

/**
 * The entries of a tree object's content, in its order. `idBytes` is 20 for SHA-1 and 32 for
 * SHA-256 repositories; content cut short ends the list.
 */
export function parseTreeObject(body: Buffer, idBytes = 20): TreeItem[] {
  const items: TreeItem[] = [];
  for (let at = 0, span = entrySpan(body, 0, idBytes); span !== null;) {
    items.push({
      mode: body.toString('latin1', at, span.space),
      name: body.toString('utf8', span.space + 1, span.nul),
      oid: body.toString('hex', span.nul + 1, span.end),
    });
    at = span.end;
    span = entrySpan(body, at, idBytes);
  }
  return items;
}

/** The id of the entry `name` in a tree object's content, or null (see parseTreeObject). */
export function treeItemId(body: Buffer, idBytes: number, name: string): string | null {
  const wanted = Buffer.from(name, 'utf8');
  for (let span = entrySpan(body, 0, idBytes); span !== null;) {
    if (body.subarray(span.space + 1, span.nul).equals(wanted)) {
      return body.toString('hex', span.nul + 1, span.end);
    }
    span = entrySpan(body, span.end, idBytes);
  }
  return null;
}

/** The records of NUL-terminated (`-z`) output, without the empty one after the last NUL. */
export function nulRecords(out: string): string[] {
  const records = out.split('\0');
  if (records[records.length - 1] === '') records.pop();
  return records;
}

/** `git check-attr -z` output: path NUL attribute NUL value NUL, one triple per attribute asked. */
export function parseCheckAttr(out: string): { path: string; attr: string; value: string }[] {
  const parts = nulRecords(out);
  const rows = [];
  for (let i = 0; i + 2 < parts.length; i += 3) {
    rows.push({ path: parts[i] ?? '', attr: parts[i + 1] ?? '', value: parts[i + 2] ?? '' });
  }
  return rows;
}

/** Which pattern of which ignore file decides a path, from `git check-ignore -v -n -z`. */
export interface IgnoreMatch {
  path: string;
  /** The ignore file (`.gitignore`, `.git/info/exclude`, ...); '' when no pattern matches. */
  source: string;
  line: string;
  /** The pattern, with its leading `!` when it un-ignores the path. */
  pattern: string;
}

/** `git check-ignore -v -n -z` output: source NUL line NUL pattern NUL path NUL, per path. */
export function parseCheckIgnore(out: string): IgnoreMatch[] {
  const parts = nulRecords(out);
  const rows = [];
  for (let i = 0; i + 3 < parts.length; i += 4) {
    const [source = '', line = '', pattern = '', path = ''] = parts.slice(i, i + 4);
    rows.push({ source, line, pattern, path });
  }
  return rows;
}

/** `<field> <field> ...\t<path>` records, each field named by its place in `keys`. */
function tabRecords<K extends string>(
  out: string,
  keys: readonly K[],
): Record<K | 'path', string>[] {
  return nulRecords(out).map((record) => {
    const tab = record.indexOf('\t');
    const fields = record.slice(0, tab).split(' ');
    const item: Record<string, string> = { path: record.slice(tab + 1) };
    keys.forEach((key, i) => (item[key] = fields[i] ?? ''));
    return item as Record<K | 'path', string>;
  });
}

/** One entry of `git ls-tree -z`: mode (`040000` for a tree), type, id and path. */
export interface ListedItem {
  mode: string;
  type: string;
  oid: string;
  path: string;
}

/** Parses `git ls-tree -z` output (`<mode> <type> <id>\t<path>` records). */
export function parseLsTree(out: string): ListedItem[] {
  return tabRecords(out, ['mode', 'type', 'oid']);
}

/** One entry of the index as `git ls-files -s -z` lists it. */
export interface IndexItem {
  mode: string;
  blob: string;
  /** 0, or 1 to 3 for the sides of a merge in conflict. */
  stage: string;
  path: string;
}

/** Parses `git ls-files -s -z` (or `-u -z`) output (`<mode> <id> <stage>\t<path>` records). */
export function parseIndexListing(out: string): IndexItem[] {
  return tabRecords(out, ['mode', 'blob', 'stage']);
}

/** One change of `git diff --raw -z --no-renames`: the new side's mode and id, and its status. */
export interface RawChange {
  /** A added, M modified, D deleted, T type changed, U unmerged, ... */
  status: string;
  path: string;
  mode: string;
  blob: string;
  /** The blob id before the change (zeros when added). */
  from: string;
}

/** Parses `git diff --raw -z --no-renames` output (`:<m> <m> <id> <id> <status>\0<path>\0`). */
export function parseRawDiff(out: string): RawChange[] {
  const records = nulRecords(out);
  const changes: RawChange[] = [];
  for (let i = 0; i + 1 < records.length; i += 2) {
    const [, , mode = '', from = '', blob = '', status = ''] = (records[i] as string).split(
      /[: ]+/,
    );
    changes.push({ status, path: records[i + 1] as string, mode, blob, from });
  }
  return changes;
}

/** One object of `git cat-file --batch` output. */
export interface BatchObject {
  sha: string;
  type: string;
  content: Buffer;
}

/** An object's header (`<id> <type> <size>`); a name git did not find has none. */
const HEADER = /^([0-9a-f]{40}|[0-9a-f]{64}) ([a-z]+) (\d+)$/;

/**
 * Splits `git cat-file --batch` output: one record per requested name, in order, either
 * `<id> <type> <size>\n<content>\n` or `<name> missing\n` (or `ambiguous`), which is left out.
 */
export function parseBatch(names: string[], out: Buffer): Map<string, BatchObject> {
  const objects = new Map<string, BatchObject>();
  let at = 0;
  for (const name of names) {
    const eol = out.indexOf(10, at);
    if (eol < 0) break;
    const header = HEADER.exec(out.toString('latin1', at, eol));
    at = eol + 1;
    if (header === null) continue;
    const end = at + Number(header[3]);
    objects.set(name, {
      sha: header[1] as string,
      type: header[2] as string,
      content: out.subarray(at, end),
    });
    at = end + 1;
  }
  return objects;
}

/** The tree id a commit object's body names on its first line (SHA-1 or SHA-256), or null. */
export function commitTreeId(body: Buffer): string | null {
  return /^tree ([0-9a-f]{40}|[0-9a-f]{64})\n/.exec(body.toString('latin1', 0, 70))?.[1] ?? null;
}

/**
 * The e-mail address (what `<...>` holds) on a commit object's `committer` header line, or
 * null when it has none; lines inside a signature or a merged tag start with a space and are
 * never taken for it.
 */
export function commitCommitterEmail(body: Buffer): string | null {
  const end = body.indexOf('\n\n');
  const header = body.toString('utf8', 0, end < 0 ? body.length : end);
  return /^committer [^\n]*<([^<>\n]*)> \d+ [-+]\d{4}$/m.exec(header)?.[1] ?? null;
}

/** The line of `packed-refs` text that names `ref` (`<id> <ref>`), or null when none does. */
export function packedRefLine(packed: string, ref: string): string | null {
  return packed.split('\n').find((line) => line.endsWith(` ${ref}`)) ?? null;
}
