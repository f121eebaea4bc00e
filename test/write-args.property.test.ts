// The write entry's fast path (src/cli/write-args.ts) against commander: whenever it reads a
// command line, commander reads the same command, argument and options from it, and never
// fails on it.
import type { Command } from 'commander';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { registerCreate } from '../src/cli/commands/create.js';
import { registerTransitions } from '../src/cli/commands/transitions.js';
import { buildProgramWith } from '../src/cli/program.js';
import { parseWriteArgs } from '../src/cli/write-args.js';

interface Read {
  command: string;
  argument: string;
  globals: Record<string, unknown>;
  options: Record<string, unknown>;
}

/** What commander reads from a command line (its handlers replaced), or its error code. */
function commanderRead(argv: string[]): Read | string {
  const program = buildProgramWith([registerCreate, registerTransitions]);
  let read: Read | null = null;
  for (const sub of program.commands) {
    sub.action((argument: string, options: Record<string, unknown>, command: Command) => {
      const globals = { ...program.opts() };
      // `--no-pager` is true unless given: the fast path leaves it out then.
      if (globals.pager === true) delete globals.pager;
      read = { command: command.name(), argument, globals, options };
    });
  }
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    return (error as { code?: string }).code ?? 'error';
  }
  return read ?? 'no action';
}

const COMMANDS = ['create', 'lock', 'unlock', 'complete'];
const OPTIONS = [
  '--by',
  '--json',
  '--no-pager',
  '-C',
  '--directory',
  '--commit',
  '--force',
  '--sync',
  '--ttl',
  '--notes',
  '--change',
  '--action',
  '--to',
  '--impact',
  '--files',
  '--bogus',
  '--by=@a.b',
  '--',
  '-',
  '-V',
];
const VALUES = ['@a.b', 'x', '30m', '', 'two words', '-x', '01KDVDNA9BZH55JBQ19CAVMZAH', 'change'];

describe('the write entry fast path', () => {
  it('reads the plain spellings', () => {
    expect(parseWriteArgs(['lock', 'ABC', '--by', '@a.b', '--ttl', '30m'])).toEqual({
      command: 'lock',
      argument: 'ABC',
      globals: { by: '@a.b' },
      options: { ttl: '30m' },
    });
    const create = ['create', 'change', '--change', 'c', '--action', 'a', '--no-pager'];
    expect(parseWriteArgs(create)).toMatchObject({
      globals: { pager: false },
      options: { change: 'c', action: 'a', impact: 'medium' },
    });
  });

  it('leaves everything else to commander', () => {
    for (const argv of [
      ['lock'],
      ['lock', 'A', 'B'],
      ['lock', 'A', '--by=@a.b'],
      ['lock', 'A', '--by'],
      ['lock', 'A', '--by', '-x'],
      ['lock', 'A', '--by', '@a.b', '--by', '@c.d'],
      ['lock', 'A', '-C', '.', '--directory', '.'],
      ['lock', 'A', '--notes', 'x'],
      ['lock', 'A', '--'],
      ['create', 'change', '--change', 'c'],
      ['list', 'A'],
    ]) {
      expect(parseWriteArgs(argv), argv.join(' ')).toBeNull();
    }
  });

  it('agrees with commander whenever it reads a command line', () => {
    const option = fc.constantFrom(...OPTIONS);
    const value = fc.constantFrom(...VALUES);
    // Mostly an option with a value after it, as plain spellings are made.
    const segment = fc.oneof(
      { arbitrary: fc.tuple(option, value), weight: 4 },
      { arbitrary: option.map((o) => [o]), weight: 1 },
      { arbitrary: value.map((v) => [v]), weight: 1 },
    );
    const words = fc.array(segment, { maxLength: 5 }).map((segments) => segments.flat());
    const read = new Map<string, number>();
    fc.assert(
      fc.property(fc.constantFrom(...COMMANDS), value, words, value, (c, first, rest, text) => {
        // A create names its two required options somewhere, as a real one does.
        const required = c === 'create' ? ['--change', text, '--action', text] : [];
        const argv = [c, first, ...rest, ...required];
        const fast = parseWriteArgs(argv);
        if (fast === null) return;
        read.set(c, (read.get(c) ?? 0) + 1);
        expect(commanderRead(argv)).toEqual(fast);
      }),
      { numRuns: 4000 },
    );
    // Every command's fast reading is compared, create (two required options) included.
    for (const c of COMMANDS) expect(read.get(c) ?? 0, c).toBeGreaterThan(10);
  });
});
