import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monotonicFactory } from 'ulid';
import { describe, expect, it } from 'vitest';
import { resolveId, shortIds } from '../src/core/ids.js';
import { legacyLookup, resolveTyped } from '../src/store/ids.js';
import { cli, createFlag, makeRepo, tempDir } from './helpers.js';

/** 10,000 ids: 20 made in one minute (one millisecond apart or less), the rest over a year. */
function tenThousandIds(): string[] {
  const next = monotonicFactory();
  const start = Date.parse('2026-01-01T00:00:00Z');
  const ids: string[] = [];
  for (let i = 0; i < 20; i++) ids.push(next(start + 3_000_000 + Math.floor(i / 4)));
  for (let i = 0; i < 9_980; i++) ids.push(next(start + i * 3_153_600));
  return ids.sort();
}

describe('ids people can type, at 10,000 flags', () => {
  const ids = tenThousandIds();
  const short = shortIds(ids);

  it('prints short forms of at most 7 characters for 99% of flags, 5 for most', () => {
    expect(short.size).toBe(ids.length);
    const lengths = [...short.values()].map((s) => s.length);
    const upTo7 = lengths.filter((n) => n <= 7).length / lengths.length;
    const five = lengths.filter((n) => n === 5).length / lengths.length;
    expect(upTo7).toBeGreaterThanOrEqual(0.99);
    expect(five).toBeGreaterThanOrEqual(0.95);
    const sameMinute = ids.filter((id) => id.startsWith(ids[0]?.slice(0, 8) ?? ''));
    expect(sameMinute.length).toBeGreaterThan(1);
  });

  it('prints forms no other id starts or ends with, and they resolve back to their flag', () => {
    const forms = new Map([...short].map(([id, form]) => [form, id]));
    expect(forms.size).toBe(ids.length);
    const seen = new Map<string, number>();
    for (const id of ids) {
      for (let len = 5; len <= 7; len++) {
        for (const part of new Set([id.slice(0, len), id.slice(-len)]))
          seen.set(part, (seen.get(part) ?? 0) + 1);
      }
    }
    for (const form of forms.keys()) if (form.length <= 7) expect(seen.get(form)).toBe(1);
    const sample = [...short].filter((_, i) => i % 10 === 0 || i < 40);
    for (const [id, form] of sample) {
      const back = resolveId(form.toLowerCase(), ids);
      expect(back.ok && back.value).toBe(id);
    }
  });

  it('gives a few shown rows the same forms as the whole table', () => {
    const shown = ids.filter((_, i) => i % 997 === 0 || i < 20);
    const part = shortIds(ids, { shown });
    expect(part.size).toBe(shown.length);
    for (const [id, form] of part) expect(form).toBe(short.get(id));
  });

  it('never prints an all-digit form, which would read as an original id', () => {
    for (const form of short.values()) expect(/^\d+$/.test(form)).toBe(false);
  });

  it('resolves #67 and 67 through legacy_id in flag files, and refuses unknown numbers', () => {
    const dir = join(tempDir(), 'flags');
    mkdirSync(dir);
    const some = ids.slice(0, 300);
    some.forEach((id, i) =>
      writeFileSync(join(dir, `${id}.md`), `---\nid: ${id}\nlegacy_id: ${i + 1}\n---\n\nbody\n`),
    );
    const wanted = some[66] as string;
    for (const typed of ['#67', '67', ' #67 ']) {
      const found = resolveTyped(dir, some, typed);
      expect(found.ok && found.value).toBe(wanted);
    }
    const missing = resolveTyped(dir, some, '#99999');
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.error.message).toContain('no imported flag had the original id');
    const typedShort = resolveTyped(dir, some, '00');
    expect(!typedShort.ok && typedShort.error.message).toContain(
      '"00" is read as one: a flag id needs 4',
    );
    expect(legacyLookup(dir, some)(300)).toBe(some[299]);
  });
});

describe('a part typed from the middle of ids', () => {
  it('names the first five ids that hold it and counts the rest, resolving to none', () => {
    const ids = Array.from({ length: 7 }, (_, i) => `01JD000QQQQQ${String(i).padStart(14, '0')}`);
    const res = resolveId('qqqqq', ids);
    if (res.ok) throw new Error(`resolved to ${res.value}`);
    expect(res.error.code).toBe('not_found');
    expect(res.error.message).toContain('7 ids hold it in its middle');
    expect(res.error.message).toContain(`${ids.slice(0, 5).join(', ')} and 2 more`);
    expect(res.error.details.inside).toEqual(ids);
  });
});

describe('printed ids typed back through the CLI', () => {
  it('list prints short forms unique among all flags, and show/lock accept them', async () => {
    const repo = await makeRepo();
    const made: string[] = [];
    for (let i = 0; i < 6; i++)
      made.push(await createFlag(repo, '@a.one', 'change', '--to', '@b.two'));
    await createFlag(repo, '@a.one', 'change', '--to', '@c.three');
    const table = (await cli(repo, ['list', '--for', '@c.three'])).stdout.split('\n');
    const form = table[1]?.split(/\s+/)[0] ?? '';
    expect(form.length).toBeGreaterThanOrEqual(5);
    expect(form.length).toBeLessThanOrEqual(7);
    const shown = await cli(repo, ['--json', 'show', form]);
    expect(shown.json<{ flag: { target_agent: string } }>().flag.target_agent).toBe('@c.three');
    // The header, the rows, then the count line.
    const all = (await cli(repo, ['list'])).stdout.trimEnd().split('\n').slice(1, -1);
    const forms = all.map((l) => l.split(/\s+/)[0] ?? '');
    expect(new Set(forms).size).toBe(7);
    const lock = await cli(repo, ['lock', forms[0] ?? '', '--by', '@b.two']);
    expect(lock.code).toBe(0);
    expect(made.length).toBe(6);
  });
});
