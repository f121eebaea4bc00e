/**
 * The one parser of git's objects and listings (src/core/git-records.ts): what git writes reads
 * back exactly, for names with spaces, tabs, newlines and any unicode, every mode, and SHA-1
 * and SHA-256 ids; then the same against real git output in both object formats.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  commitCommitterEmail,
  parseBatch,
  parseCheckAttr,
  parseCheckIgnore,
  parseIndexListing,
  parseLsTree,
  parseRawDiff,
  parseTreeObject,
  treeItemId,
} from '../src/core/git-records.js';
import { git, tempDir } from './helpers.js';
import { codePointArb } from './unicode-arb.js';

/** Characters that break naive parsers, and any unicode. */
const nameChar = fc.oneof(
  fc.constantFrom(' ', '\t', '\n', '"', '\\', ':', 'é', '日', '😀', '\u00a0', 'a', 'Z', '0'),
  codePointArb(),
);
/** A tree entry's name: no NUL, no slash, not empty. */
const nameArb = fc
  .string({ unit: nameChar, minLength: 1, maxLength: 12 })
  .filter((s) => !s.includes('\0') && !s.includes('/'));
/** A repository path: names joined by slashes. */
const pathArb = fc.array(nameArb, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/'));
const idLength = fc.constantFrom(40, 64);
const hexId = (length: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });
/** Modes as a tree object writes them, with the type ls-tree names. */
const kinds = [
  ['100644', 'blob'],
  ['100755', 'blob'],
  ['120000', 'blob'],
  ['40000', 'tree'],
  ['160000', 'commit'],
] as const;
const kindArb = fc.constantFrom(...kinds);

function rawTree(items: { mode: string; name: string; oid: string }[]): Buffer {
  return Buffer.concat(
    items.flatMap((i) => [Buffer.from(`${i.mode} ${i.name}\0`, 'utf8'), Buffer.from(i.oid, 'hex')]),
  );
}

describe('git records, as git writes them', () => {
  it('raw tree objects: every entry, and each name finds its own id', () => {
    fc.assert(
      fc.property(
        idLength.chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.uniqueArray(fc.record({ kind: kindArb, name: nameArb, oid: hexId(n) }), {
              maxLength: 8,
              selector: (e) => e.name,
            }),
          ),
        ),
        nameArb,
        ([n, entries], other) => {
          const items = entries.map((e) => ({ mode: e.kind[0], name: e.name, oid: e.oid }));
          const body = rawTree(items);
          expect(parseTreeObject(body, n / 2)).toEqual(items);
          for (const item of items) expect(treeItemId(body, n / 2, item.name)).toBe(item.oid);
          const absent = items.some((i) => i.name === other);
          if (!absent) expect(treeItemId(body, n / 2, other)).toBeNull();
        },
      ),
      { numRuns: 400 },
    );
  });

  it('ls-tree -z, ls-files -s -z and diff --raw -z records', () => {
    const entry = idLength.chain((n) =>
      fc.record({ kind: kindArb, path: pathArb, oid: hexId(n), old: hexId(n) }),
    );
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 6 }), fc.nat(3), (entries, stage) => {
        const mode = (e: (typeof entries)[number]) =>
          e.kind[0] === '40000' ? '040000' : e.kind[0];
        const lsTree = entries.map((e) => `${mode(e)} ${e.kind[1]} ${e.oid}\t${e.path}\0`);
        expect(parseLsTree(lsTree.join(''))).toEqual(
          entries.map((e) => ({ mode: mode(e), type: e.kind[1], oid: e.oid, path: e.path })),
        );
        const lsFiles = entries.map((e) => `${e.kind[0]} ${e.oid} ${stage}\t${e.path}\0`);
        expect(parseIndexListing(lsFiles.join(''))).toEqual(
          entries.map((e) => ({
            mode: e.kind[0],
            blob: e.oid,
            stage: String(stage),
            path: e.path,
          })),
        );
        const raw = entries.map((e) => `:100644 ${e.kind[0]} ${e.old} ${e.oid} M\0${e.path}\0`);
        expect(parseRawDiff(raw.join(''))).toEqual(
          entries.map((e) => ({
            status: 'M',
            path: e.path,
            mode: e.kind[0],
            blob: e.oid,
            from: e.old,
          })),
        );
      }),
      { numRuns: 400 },
    );
  });

  it('cat-file --batch: contents of any bytes, and missing names with spaces skipped', () => {
    const record = idLength.chain((n) =>
      fc.oneof(
        fc.record({
          found: fc.constant(true as const),
          sha: hexId(n),
          type: fc.constantFrom('blob', 'tree', 'commit', 'tag'),
          content: fc.uint8Array({ maxLength: 40 }),
        }),
        fc.record({
          found: fc.constant(false as const),
          how: fc.constantFrom('missing', 'ambiguous'),
        }),
      ),
    );
    const named = fc.uniqueArray(
      fc.tuple(
        nameArb.filter((s) => !s.includes('\n')),
        record,
      ),
      {
        maxLength: 6,
        selector: ([name]) => name,
      },
    );
    fc.assert(
      fc.property(named, (records) => {
        const out = Buffer.concat(
          records.map(([name, r]) =>
            r.found
              ? Buffer.concat([
                  Buffer.from(`${r.sha} ${r.type} ${r.content.length}\n`),
                  r.content,
                  Buffer.from('\n'),
                ])
              : Buffer.from(`${name} ${r.how}\n`, 'utf8'),
          ),
        );
        const parsed = parseBatch(
          records.map(([name]) => name),
          out,
        );
        const expected = records.flatMap(([name, r]) =>
          r.found ? [[name, { sha: r.sha, type: r.type, content: Buffer.from(r.content) }]] : [],
        );
        expect([...parsed]).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it('reads check-attr -z rows back exactly', () => {
    const row = fc.record({
      path: pathArb,
      attr: fc.constantFrom('filter', 'merge', 'diff', 'text'),
      value: fc.oneof(fc.constantFrom('unspecified', 'set', 'unset'), nameArb),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 6 }), (rows) => {
        const out = rows.map((r) => `${r.path}\0${r.attr}\0${r.value}\0`).join('');
        expect(parseCheckAttr(out)).toEqual(rows);
      }),
      { numRuns: 400 },
    );
  });

  it('reads check-ignore -v -n -z rows back exactly, a path no pattern matches included', () => {
    const matched = fc.record({
      source: pathArb,
      line: fc.integer({ min: 1, max: 999 }).map(String),
      pattern: fc.oneof(
        pathArb,
        pathArb.map((p) => `!${p}`),
      ),
      path: pathArb,
    });
    const none = pathArb.map((path) => ({ source: '', line: '', pattern: '', path }));
    fc.assert(
      fc.property(fc.array(fc.oneof(matched, none), { maxLength: 6 }), (rows) => {
        const out = rows.map((r) => `${r.source}\0${r.line}\0${r.pattern}\0${r.path}\0`).join('');
        expect(parseCheckIgnore(out)).toEqual(rows);
      }),
      { numRuns: 400 },
    );
  });

  it("a commit's committer address, never one in a signature's or the message's lines", () => {
    const ident = fc.string({ unit: nameChar, maxLength: 12 }).map((t) => t.replace(/[<>\n]/g, ''));
    fc.assert(
      fc.property(ident, ident, (name, email) => {
        const body = [
          `tree ${'a'.repeat(40)}`,
          `author x <author@x> 1700000000 +0000`,
          `committer ${name} <${email}> 1700000000 -0130`,
          'gpgsig -----BEGIN PGP SIGNATURE-----',
          ' committer y <sig@x> 1 +0000',
          '',
          'committer z <message@x> 1 +0000',
        ].join('\n');
        expect(commitCommitterEmail(Buffer.from(body))).toBe(email);
      }),
      { numRuns: 200 },
    );
  });
});

/** A repository holding every kind of entry, under awkward names; its root tree's id. */
function awkwardRepo(format: 'sha1' | 'sha256'): { dir: string; tree: string } {
  const dir = tempDir();
  git(dir, 'init', '-q', '-b', 'main', `--object-format=${format}`);
  const names = ['a b.md', 'tab\there', 'new\nline', '日本語 é.md', '"quoted"', 'sub dir/x.md'];
  for (const name of names) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), `${name}\n`);
  }
  writeFileSync(join(dir, 'run.sh'), '#!/bin/sh\n');
  chmodSync(join(dir, 'run.sh'), 0o755);
  symlinkSync('a b.md', join(dir, 'link'));
  git(dir, 'add', '-A');
  const commit = git(dir, 'hash-object', '-w', '/dev/null').trim();
  git(dir, 'update-index', '--add', '--cacheinfo', `160000,${commit},module`);
  return { dir, tree: git(dir, 'write-tree').trim() };
}

function batch(dir: string, names: string[]): Buffer {
  return execFileSync('git', ['cat-file', '--batch'], { cwd: dir, input: `${names.join('\n')}\n` });
}

describe('git records, from real git', () => {
  for (const format of ['sha1', 'sha256'] as const) {
    it(`reads ${format} listings and objects as git wrote them`, () => {
      const { dir, tree } = awkwardRepo(format);
      const names = [tree, `${tree}:a b.md`, 'no such name', `${tree}:nope x`];
      const objects = parseBatch(names, batch(dir, names));
      expect([...objects.keys()]).toEqual([tree, `${tree}:a b.md`]);
      expect(objects.get(`${tree}:a b.md`)?.content.toString()).toBe('a b.md\n');
      const root = objects.get(tree);
      expect(root?.type).toBe('tree');
      const items = parseTreeObject(root?.content ?? Buffer.alloc(0), tree.length / 2);
      const listed = parseLsTree(git(dir, 'ls-tree', '-z', tree));
      expect(
        listed.map((l) => ({ mode: l.mode.replace(/^0/, ''), name: l.path, oid: l.oid })),
      ).toEqual(items);
      expect(new Set(listed.map((l) => l.mode))).toEqual(
        new Set(['100644', '100755', '120000', '040000', '160000']),
      );
      for (const item of items)
        expect(treeItemId(root?.content as Buffer, tree.length / 2, item.name)).toBe(item.oid);
      const index = parseIndexListing(git(dir, 'ls-files', '-s', '-z'));
      const recursive = parseLsTree(git(dir, 'ls-tree', '-r', '-z', tree));
      expect(index.map((i) => [i.mode, i.blob, i.path])).toEqual(
        recursive.map((r) => [r.mode, r.oid, r.path]),
      );
      const diff = parseRawDiff(
        git(
          dir,
          'diff',
          '--cached',
          '--raw',
          '-z',
          '--no-renames',
          '--no-abbrev',
          git(dir, 'hash-object', '-t', 'tree', '/dev/null').trim(),
        ),
      );
      expect(diff.map((d) => [d.status, d.mode, d.blob, d.path])).toEqual(
        recursive.map((r) => ['A', r.mode, r.oid, r.path]),
      );
      writeFileSync(join(dir, '.gitattributes'), '*.md filter=lfs\n');
      const attrs = ['a b.md', 'new\nline', 'run.sh'];
      const checked = git(dir, 'check-attr', '-z', 'filter', '--', ...attrs);
      expect(parseCheckAttr(checked).map((r) => [r.path, r.value])).toEqual([
        ['a b.md', 'lfs'],
        ['new\nline', 'unspecified'],
        ['run.sh', 'unspecified'],
      ]);
    });
  }
});
