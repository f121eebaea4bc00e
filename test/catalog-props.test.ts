import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agentHandle, parseList } from '../src/catalog/agent.js';
import { parseAgentFile, renderAgentFile } from '../src/catalog/agent-file.js';
import { searchAgents } from '../src/catalog/search.js';
import { indexAgent } from '../src/catalog/search-index.js';
import { closestHandles } from '../src/catalog/suggest.js';
import { isFlagId } from '../src/core/ids.js';
import { importedId } from '../src/sql/import-rows.js';
import { storedInstants, storedTime } from '../src/sql/local-time.js';
import { editDistance } from '../src/core/validate.js';

const segment = fc.stringMatching(/^[a-z0-9]{1,8}(-[a-z0-9]{1,5})?$/);
const handle = fc.tuple(segment, segment).map(([a, b]) => `@${a}.${b}`);
const item = fc
  .string({ minLength: 1, maxLength: 30 })
  .filter((s) => s.trim() === s && !s.includes(',') && s !== '');

describe('catalog parsers (property tests)', () => {
  it('parses a list written as YAML list, JSON text or comma-separated text alike', () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 6 }), (items) => {
        expect(parseList(items)).toEqual(items);
        expect(parseList(JSON.stringify(items))).toEqual(items);
        if (!items.some((s) => s.startsWith('[')))
          expect(parseList(items.join(', '))).toEqual(items);
      }),
    );
  });

  it('round-trips rendered agent files through the parser', () => {
    fc.assert(
      fc.property(
        handle,
        fc.string({ maxLength: 80 }).map((s) => s.trim()),
        fc.array(item, { maxLength: 5 }),
        fc.string({ maxLength: 200 }),
        (h, description, tags, body) => {
          const text = renderAgentFile({ handle: h, description, fields: { tags }, body });
          const parsed = parseAgentFile(text);
          expect(parsed.agent?.handle).toBe(h);
          expect(parsed.agent?.description).toBe(description);
          expect(parsed.agent?.tags).toEqual(tags);
          expect(parsed.body.trim()).toBe(body.trim());
        },
      ),
    );
  });

  it('normalises names to handles: with or without @, any case, with or without a domain', () => {
    fc.assert(
      fc.property(handle, fc.boolean(), (h, at) => {
        const raw = (at ? h : h.slice(1)).toUpperCase();
        expect(agentHandle(raw)).toBe(h);
        const kebab = h.slice(1).split('.')[0] as string;
        expect(agentHandle(kebab)).toBe(`@${kebab}`);
        expect(agentHandle(`${kebab}!`)).toBeNull();
        expect(agentHandle(`${kebab}..x`)).toBeNull();
      }),
    );
  });

  it('never throws on arbitrary agent files', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const parsed = parseAgentFile(`---\n${text}\n---\nbody`);
        expect(parsed.agent !== null || parsed.problems.length > 0).toBe(true);
      }),
    );
  });
});

/** A time as the seed wrote it: 'YYYY-MM-DD HH:MM' on the wall clock of `tz`. */
function wallClock(ms: number, tz: string): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: tz,
    ...{ year: 'numeric', month: '2-digit', day: '2-digit' },
    ...{ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  }).format(new Date(ms));
}

describe('import mapping (property tests)', () => {
  const stamp = fc.date({
    min: new Date('2000-01-01'),
    max: new Date('2099-12-31'),
    noInvalidDate: true,
  });

  it("reads the seed's 'YYYY-MM-DD HH:MM' wall-clock times in the given zone", () => {
    const zones = fc.constantFrom('UTC', 'Europe/Madrid', 'America/New_York', 'Asia/Kolkata');
    fc.assert(
      fc.property(stamp, zones, (date, tz) => {
        const ms = Math.floor(date.getTime() / 60_000) * 60_000;
        const wall = wallClock(ms, tz);
        const back = storedTime(wall, tz) as number;
        const again = wallClock(back, tz);
        expect(again).toBe(wall);
        if (tz === 'UTC') expect(back).toBe(ms);
      }),
    );
  });

  it('reads a wall time around a clock change as every moment it names, earlier first', () => {
    // Every 5 minutes of three hours around a clock set back (a 30-minute change on Lord Howe).
    const windows: [string, string][] = [
      ['Europe/Madrid', '2025-10-26T00:00Z'],
      ['America/New_York', '2025-11-02T04:30Z'],
      ['Australia/Lord_Howe', '2025-04-05T14:00Z'],
    ];
    for (const [tz, from] of windows)
      for (let ms = Date.parse(from); ms < Date.parse(from) + 3 * 3_600_000; ms += 300_000) {
        const instants = storedInstants(wallClock(ms, tz), tz);
        expect(instants).toContain(ms);
        expect([...instants].sort((a, b) => a - b)).toEqual(instants);
        for (const other of instants) expect(wallClock(other, tz)).toBe(wallClock(ms, tz));
      }
    expect(storedInstants('2025-10-26 02:30', 'Europe/Madrid')).toHaveLength(2);
  });

  it('derives a valid, stable flag id from a row, ordered by creation time', () => {
    fc.assert(
      fc.property(fc.nat(), stamp, stamp, fc.string(), (id, a, b, text) => {
        const row = { id, created_at: 'x', source_agent: '@a.b', change_description: text };
        const first = importedId(row, a.getTime());
        expect(isFlagId(first)).toBe(true);
        expect(importedId({ ...row }, a.getTime())).toBe(first);
        expect(importedId({ ...row, id: id + 1 }, a.getTime())).not.toBe(first);
        const second = importedId(row, b.getTime());
        if (a.getTime() < b.getTime()) expect(first < second).toBe(true);
      }),
    );
  });
});

describe('search (property tests)', () => {
  const DESCRIPTIONS: Record<string, string> = {
    '@backend.api': 'REST and GraphQL API design, versioning and rate limits',
    '@database.postgres': 'PostgreSQL query tuning, indexes and replication',
    '@ops.git': 'git branching, rebases and release tags',
    '@ops.containers': 'Docker images, Kubernetes clusters and Helm charts',
    '@service.auth': 'OAuth2, JWT tokens, sessions and single sign-on',
  };
  const docs = Object.entries(DESCRIPTIONS).map(([h, description]) => {
    const agent = parseAgentFile(renderAgentFile({ handle: h, description, body: '' })).agent;
    if (agent === null) throw new Error('bad fixture');
    return { agent, terms: indexAgent(agent, '') };
  });
  const words = Object.values(DESCRIPTIONS).map((d) =>
    d.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 2),
  );
  const some = (i: number) =>
    fc.subarray(words[i % words.length] as string[], { minLength: 1, maxLength: 3 });
  // Queries mix words of two agents' descriptions with arbitrary text, so most of them match
  // several agents and the ranking has something to order.
  const query = fc
    .tuple(fc.nat(), fc.nat(), fc.string({ maxLength: 12 }))
    .chain(([i, j, noise]) =>
      fc.tuple(some(i), some(j)).map(([x, y]) => [...x, noise, ...y].join(' ')),
    );

  it('never throws, never exceeds the limit, and ranks by score', () => {
    let answered = 0;
    let runs = 0;
    fc.assert(
      fc.property(query, fc.integer({ min: 1, max: 5 }), (q, limit) => {
        runs++;
        const hits = searchAgents(docs, q, limit);
        if (hits.length > 1) answered++;
        expect(hits.length).toBeLessThanOrEqual(limit);
        hits.forEach((h, i) => {
          expect(h.confidence).toBeGreaterThanOrEqual(0);
          expect(h.confidence).toBeLessThanOrEqual(1);
          if (i > 0) expect(h.score).toBeLessThanOrEqual(hits[i - 1]?.score ?? Infinity);
        });
      }),
      { numRuns: 500 },
    );
    // The ranking checks only bite with two hits or more to compare: about an eighth of the
    // samples here (9% to 16% over 20 seeds; an agent must explain 42% of a query, and the
    // noise is an unknown word), against 2 in 2,000 with arbitrary strings as queries.
    expect(answered / runs).toBeGreaterThan(0.05);
  });

  it('suggests the intended handle first when one character of it is mistyped', () => {
    const typo = fc
      .tuple(fc.uniqueArray(handle, { minLength: 1, maxLength: 8 }), fc.nat(), fc.nat())
      .map(([handles, at, kind]) => {
        const target = handles[0] as string;
        const dot = target.indexOf('.');
        const i = dot + 1 + (at % (target.length - dot - 1));
        const edits = [
          target.slice(0, i) + target.slice(i + 1),
          `${target.slice(0, i)}q${target.slice(i)}`,
          `${target.slice(0, i)}${target[i] === 'z' ? 'y' : 'z'}${target.slice(i + 1)}`,
        ];
        return { handles, target, typed: edits[kind % 3] as string };
      });
    fc.assert(
      fc.property(typo, ({ handles, target, typed }) => {
        fc.pre(typed !== target && !handles.includes(typed) && /\.[a-z0-9]/.test(typed));
        // Another handle may be as close to the typo as the target; then either may come first.
        const best = closestHandles(typed, handles)[0];
        const tie = handles.filter(
          (h) => editDistance(typed, h) <= editDistance(typed, target) && h !== target,
        );
        if (tie.length === 0) expect(best).toBe(target);
        else expect([target, ...tie]).toContain(best);
      }),
    );
  });
});
