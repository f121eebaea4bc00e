/**
 * Flags for property tests: `flagArb`, valid flags as `create` makes them, and `anyFlagArb`,
 * flags in any state with unicode, quotes and YAML's special characters in every field kind
 * (scalars, lists, JSON, multi-line sections).
 */
import fc from 'fast-check';
import { FLAG_TYPES, IMPACT_LEVELS, STATUSES, type Flag } from '../src/core/types.js';
import { validateFlag } from '../src/core/validate.js';
import { canonicalText } from '../src/store/sections.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const idArb = fc.string({
  unit: fc.constantFrom(...CROCKFORD),
  minLength: 26,
  maxLength: 26,
});
const segment = fc.stringMatching(/^[a-z0-9]{1,8}$/);
export const handleArb = fc.tuple(segment, segment).map(([a, b]) => `@${a}.${b}`);
export const isoArb = fc
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
export const textArb = (min: number) =>
  fc
    .array(lineArb, { minLength: 1, maxLength: 8 })
    .map((lines) => canonicalText(lines.join('\n')))
    .map((t) => (t.length >= min ? t : `${t}${'x'.repeat(min - t.length)}`));
const jsonArb = fc.option(
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.parse(JSON.stringify(v)) as Flag['context']),
  { nil: null },
);

export const flagArb: fc.Arbitrary<Flag> = fc
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
    legacy_id: fc.option(fc.nat({ max: 2 ** 40 }), { nil: null }),
    unlocked_at: fc.option(isoArb, { nil: null }),
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

/** One character YAML or a naive parser may stumble on, or any unicode grapheme. */
const oddChar = fc.oneof(
  fc.constantFrom('"', "'", ':', '#', '@', '-', ' ', '\\', '{', '[', ',', '&', '*', '!', '|', '>'),
  fc.constantFrom('%', '`', '\t', 'é', '日本', '😀', '\u00a0', '\u200b', 'Ω'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
);
/** One line of odd text (no line break), ending in any character, unicode white space included. */
export const oddLineArb = fc
  .string({ unit: oddChar, maxLength: 14 })
  .map((s) => s.replace(/[\r\n\u0085\u2028\u2029]/g, ' '));
/** A section's text: several lines of prose, headings and odd text. */
const oddTextArb = (min: number) =>
  fc
    .array(fc.oneof(lineArb, oddLineArb), { minLength: 1, maxLength: 6 })
    .map((lines) => canonicalText(lines.join('\n')))
    .map((t) => (t.trim().length >= min ? t : `${t}${'x'.repeat(min)}`));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

/** A flag in any state, with odd text in every field kind (not necessarily valid). */
export const anyFlagArb: fc.Arbitrary<Flag> = fc.record({
  id: idArb,
  flag_type: fc.constantFrom(...FLAG_TYPES),
  source_agent: handleArb,
  target_agent: maybe(handleArb),
  impact_level: fc.constantFrom(...IMPACT_LEVELS),
  status: fc.constantFrom(...STATUSES),
  locked: fc.boolean(),
  locked_by: maybe(handleArb),
  locked_at: maybe(isoArb),
  lock_expires_at: maybe(isoArb),
  related_files: fc.array(fc.oneof(oddLineArb, fc.stringMatching(/^[a-z][a-z0-9_./-]{0,12}$/)), {
    maxLength: 3,
  }),
  code_location: maybe(fc.oneof(oddLineArb, fc.constant('src/a.ts:12'))),
  chain_origin_id: maybe(idArb),
  context: maybe(
    fc
      .jsonValue({ maxDepth: 2, stringUnit: 'grapheme' })
      .map((v) => JSON.parse(JSON.stringify(v)) as Flag['context']),
  ),
  created_at: isoArb,
  completed_at: maybe(isoArb),
  completed_by: maybe(handleArb),
  legacy_id: maybe(fc.nat({ max: 2 ** 40 })),
  unlocked_at: maybe(isoArb),
  change_description: oddTextArb(1),
  action_required: oddTextArb(1),
  example_usage: maybe(oddTextArb(1)),
  notes: maybe(oddTextArb(1)),
});
