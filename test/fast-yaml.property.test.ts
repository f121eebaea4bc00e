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
agents_dir: agents
`;

function full(text: string): unknown {
  return YAML.parse(text) ?? {};
}

describe('fast YAML mapping reader', () => {
  it('reads the configuration init writes without the YAML parser', () => {
    expect(fastYamlMapping(INIT_CONFIG)).toEqual({ flags_dir: 'flags', agents_dir: 'agents' });
    expect(fastYamlMapping('')).toEqual({});
    // What init writes since the agent catalog reads .claude/agents too.
    const withFlowList = `${INIT_CONFIG.replace('agents_dir: agents', 'agents_dir: [agents, .claude/agents]')}`;
    expect(fastYamlMapping(withFlowList)).toEqual({
      flags_dir: 'flags',
      agents_dir: ['agents', '.claude/agents'],
    });
    expect(fastYamlMapping(withFlowList)).toEqual(full(withFlowList));
  });

  it('agrees with the YAML parser whenever it answers', () => {
    const item = fc.oneof(
      fc.constantFrom('agents', '.claude/agents', '.inf', '.NaN', '..x', '.5', 'a:b', 'a: b'),
      fc.constantFrom(
        'true',
        'null',
        '~',
        '12',
        '1e3',
        'a #b',
        '#x',
        ' x ',
        '',
        '-x',
        '"q"',
        'a b',
      ),
      fc.string({ maxLength: 6 }).map((s) => s.replace(/\n/g, ' ')),
    );
    const flowList = fc
      .tuple(fc.array(item, { maxLength: 4 }), fc.constantFrom(', ', ',', ' , '))
      .map(([items, comma]) => `[${items.join(comma)}]`);
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
        '{"a": 1}',
        'x: y',
        'a\tb',
        '',
        ' ',
      ),
      fc.string({ maxLength: 12 }).map((s) => s.replace(/\n/g, ' ')),
      flowList,
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
  it('reads a word that starts with a digit as the YAML parser does (a mistyped flag id)', () => {
    const word = fc.oneof(
      fc.stringMatching(/^[0-9][0-9A-Za-z]{0,8}$/),
      fc.constantFrom('0o17', '0o18', '0x1F', '0xZ', '1e3', '1E3', '12e', '0123', '0b101'),
      fc.constantFrom('01KDVDNAEX27K7B0H3NRS6TGR', '01KDVDNA04P7QZ5ZM9D5KTD9D1X', '9', '1st'),
    );
    let strings = 0;
    fc.assert(
      fc.property(word, fc.boolean(), (w, listed) => {
        const text = listed ? `related_files:\n  - ${w}\n` : `id: ${w}\n`;
        const fast = fastYamlMapping(text);
        if (fast === undefined) return;
        if (
          Object.values(fast)
            .flat()
            .every((v) => typeof v === 'string')
        )
          strings++;
        expect(fast).toEqual(full(text));
      }),
      { numRuns: 2000 },
    );
    // Most such words are strings to YAML, and the fast reader now answers them itself.
    expect(strings).toBeGreaterThan(1000);
  });

  it('leaves to the YAML parser a key any object has, and lines a regular expression would not match', () => {
    // The fast reader tells a repeated key by the value already read: a key the prototype holds
    // must not pass for one (nor be missed), so such a mapping is the parser's to read.
    for (const key of ['constructor', 'toString', '__proto__', 'valueOf']) {
      const text = `${key}: x\nflags_dir: flags\n`;
      expect(fastYamlMapping(text)).toBeUndefined();
    }
    expect(fastYamlMapping('flags_dir: a\nflags_dir: b\n')).toBeUndefined();
    // `.` in `key: (.*)` does not match these: the parser decides.
    for (const odd of ['\r', '\u2028', '\u2029']) {
      expect(fastYamlMapping(`flags_dir: a${odd}b\n`)).toBeUndefined();
    }
    expect(fastYamlMapping('flags_dir:flags\n')).toBeUndefined();
    expect(fastYamlMapping('Flags_dir: flags\n')).toBeUndefined();
    expect(fastYamlMapping('flags_dir: \'flags\'\nagents_dir: "agents"\n')).toEqual({
      flags_dir: 'flags',
      agents_dir: 'agents',
    });
  });
});
