import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolvePrefix, shortIds } from '../src/core/ids.js';
import { FLAG_TYPES, IMPACT_LEVELS, type Flag } from '../src/core/types.js';
import { validateFlag } from '../src/core/validate.js';
import { applyEdit, parseFlagFile, renderFlagFile } from '../src/store/flag-file.js';
import { canonicalText, parseSections, renderSection } from '../src/store/sections.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const idArb = fc.string({ unit: fc.constantFrom(...CROCKFORD), minLength: 26, maxLength: 26 });
const segment = fc.stringMatching(/^[a-z0-9]{1,8}$/);
const handleArb = fc.tuple(segment, segment).map(([a, b]) => `@${a}.${b}`);
const isoArb = fc
  .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString());
/** Prose including markdown headings, our own section titles and backslashes. */
const lineArb = fc.oneof(
  fc.string({ maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, ' ')),
  fc.constantFrom(
    '## Notes',
    '## Action required',
    '\\## Notes',
    '\\\\## Change description',
    '## Other heading',
    '---',
    '```',
    '',
  ),
);
const textArb = (min: number) =>
  fc
    .array(lineArb, { minLength: 1, maxLength: 8 })
    .map((lines) => canonicalText(lines.join('\n')))
    .map((t) => (t.length >= min ? t : `${t}${'x'.repeat(min - t.length)}`));
const jsonArb = fc.option(
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.parse(JSON.stringify(v)) as Flag['context']),
  { nil: null },
);

const flagArb: fc.Arbitrary<Flag> = fc
  .record({
    id: idArb,
    flag_type: fc.constantFrom(...FLAG_TYPES),
    source_agent: handleArb,
    target_agent: handleArb,
    impact_level: fc.constantFrom(...IMPACT_LEVELS),
    status: fc.constant('pending' as const),
    locked: fc.constant(false),
    locked_by: fc.constant(null),
    locked_at: fc.constant(null),
    lock_expires_at: fc.constant(null),
    related_files: fc.array(fc.stringMatching(/^[a-z][a-z0-9_./-]{0,20}$/), { maxLength: 4 }),
    code_location: fc.option(
      fc
        .tuple(fc.stringMatching(/^[a-z][a-z0-9_./]{0,15}$/), fc.nat(9999))
        .map(([f, n]) => `${f}:${n}`),
      { nil: null },
    ),
    chain_origin_id: fc.option(idArb, { nil: null }),
    context: jsonArb,
    created_at: isoArb,
    completed_at: fc.constant(null),
    completed_by: fc.constant(null),
    change_description: textArb(50),
    action_required: textArb(100),
    example_usage: fc.option(textArb(1), { nil: null }),
    notes: fc.option(textArb(1), { nil: null }),
  })
  .filter((flag) =>
    validateFlag({ ...flag }, {}).problems.every(
      (p) => !['impact_level', 'target_agent'].includes(p.field),
    ),
  );

describe('flag files round-trip', () => {
  it('render then parse gives back the same flag', () => {
    fc.assert(
      fc.property(flagArb, (flag) => {
        const parsed = parseFlagFile(renderFlagFile(flag));
        expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
        expect(parsed.flag).toEqual(flag);
      }),
      { numRuns: 300 },
    );
  });

  it('a transition changes only the lines of the fields it sets', () => {
    fc.assert(
      fc.property(flagArb, handleArb, isoArb, (flag, agent, at) => {
        const before = renderFlagFile(flag);
        const after = applyEdit(before, {
          fields: { locked: true, locked_by: agent, locked_at: at },
        });
        const a = before.split('\n');
        const b = after.split('\n');
        expect(b.length).toBe(a.length);
        const changed = a.flatMap((line, i) => (line === b[i] ? [] : [line.split(':')[0]]));
        expect(changed.sort()).toEqual(['locked', 'locked_at', 'locked_by']);
        expect(parseFlagFile(after).flag).toEqual({
          ...flag,
          locked: true,
          locked_by: agent,
          locked_at: at,
        });
      }),
      { numRuns: 200 },
    );
  });

  it('appending notes keeps earlier notes and every other section', () => {
    fc.assert(
      fc.property(flagArb, textArb(1), (flag, extra) => {
        const after = parseFlagFile(
          applyEdit(renderFlagFile(flag), { fields: {}, appendNotes: extra }),
        ).flag;
        expect(after?.notes).toBe(flag.notes === null ? extra : `${flag.notes}\n\n${extra}`);
        expect(after?.action_required).toBe(flag.action_required);
        expect(after?.example_usage).toBe(flag.example_usage);
      }),
      { numRuns: 200 },
    );
  });

  it('section text survives escaping, whatever headings it contains', () => {
    fc.assert(
      fc.property(textArb(0), (text) => {
        expect(parseSections(renderSection('notes', text)).notes).toBe(text);
      }),
    );
  });
});

describe('id prefixes', () => {
  it('every short id resolves to its own id, and every id prefix of a unique id resolves', () => {
    fc.assert(
      fc.property(fc.uniqueArray(idArb, { minLength: 1, maxLength: 30 }), (ids) => {
        for (const [id, short] of shortIds(ids, 4)) {
          const resolved = resolvePrefix(short.toLowerCase(), ids);
          expect(resolved.ok && resolved.value).toBe(id);
        }
      }),
    );
  });

  it('never accepts path-like input', () => {
    fc.assert(
      fc.property(fc.string(), (raw) => {
        const result = resolvePrefix(raw, []);
        if (/[/\\.]/.test(raw)) expect(result.ok).toBe(false);
      }),
    );
  });
});
