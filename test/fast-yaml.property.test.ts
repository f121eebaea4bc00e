/**
 * The fast reader of whole YAML files (`.flagstore.yml`) agrees with the YAML parser the full
 * CLI uses on every file it accepts; anything else it leaves to that parser.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { fastYamlMapping } from '../src/store/fast-frontmatter.js';

const INIT_CONFIG = `# flagstore configuration (https://www.npmjs.com/package/flagstore)
# Folders are relative to the repository root.
flags_dir: flags
# Agent catalog folders, read in place; the first one receives new agent files.
agents_dir: [agents, .claude/agents]
`;

function full(text: string): unknown {
  return YAML.parse(text) ?? {};
}

describe('fast YAML mapping reader', () => {
  it('reads the configuration init writes without the YAML parser', () => {
    expect(fastYamlMapping(INIT_CONFIG)).toEqual({
      flags_dir: 'flags',
      agents_dir: ['agents', '.claude/agents'],
    });
    expect(fastYamlMapping('')).toEqual({});
  });

  it('agrees with the YAML parser whenever it answers', () => {
    const value = fc.oneof(
      fc.constantFrom(
        'flags',
        'a #b',
        'a # b',
        'true',
        'null',
        '~',
        '12',
        '0x1F',
        '"quoted"',
        "'single'",
        '[a, b]',
        '[agents, .claude/agents]',
        '[.5, x]',
        '[.inf]',
        '[.NaN, a]',
        '[a,b]',
        '[a, ]',
        '[null, true]',
        '[a-b, c_d/e.f]',
        '[-a]',
        '[0x1F]',
        '{"a": 1}',
        'x: y',
        'a\tb',
        '',
        ' ',
      ),
      fc.string({ maxLength: 12 }).map((s) => s.replace(/\n/g, ' ')),
      fc
        .array(fc.stringMatching(/^[A-Za-z0-9_./~-]{0,6}$/), { minLength: 1, maxLength: 3 })
        .map((items) => `[${items.join(', ')}]`),
    );
    const key = fc.constantFrom('flags_dir', 'agents_dir', 'gates', 'x_y', 'Key');
    const line = fc.oneof(
      fc.tuple(key, value).map(([k, v]) => `${k}: ${v}`),
      fc
        .tuple(key, fc.array(value, { maxLength: 3 }))
        .map(([k, items]) => [`${k}:`, ...items.map((i) => `  - ${i}`)].join('\n')),
      fc.constantFrom('# comment', '#', '', '  # indented comment', '  nested: x', '---', '...'),
    );
    let answered = 0;
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), fc.boolean(), (lines, crlf) => {
        const text = `${lines.join(crlf ? '\r\n' : '\n')}\n`;
        const fast = fastYamlMapping(text);
        if (fast === undefined) return;
        if (Object.keys(fast).length > 0) answered++;
        expect(fast).toEqual(full(text));
      }),
      { numRuns: 3000 },
    );
    // The comparison means something only if the fast reader answers a fair share of inputs
    // with real mappings (about 3% of these random ones: 83 in a 3,000-sample check).
    expect(answered).toBeGreaterThan(30);
  });
});
