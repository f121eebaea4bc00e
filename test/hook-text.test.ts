/** Pure hook logic, in-process: where our line goes in a hand-written hook; argument splitting. */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitArgv } from '../src/gates/argv.js';
import { HOOK_LINE, insertLine, onlyOurs, removeLines, SHIM } from '../src/gates/hook-text.js';

describe('insertLine', () => {
  it('goes before a top-level exit or exec, else at the end', () => {
    expect(insertLine('#!/bin/sh\necho a\nexit 0\n', 'L')).toBe('#!/bin/sh\necho a\nL\nexit 0\n');
    expect(insertLine('#!/bin/sh\nexec lint\n', 'L')).toBe('#!/bin/sh\nL\nexec lint\n');
    expect(insertLine('#!/bin/bash\nnpm test', 'L')).toBe('#!/bin/bash\nnpm test\nL\n');
    expect(insertLine('npx lint-staged\n', 'L')).toBe('npx lint-staged\nL\n');
    expect(insertLine('#!/bin/sh\nmake || exit 1\n', 'L')).toBe('#!/bin/sh\nmake || exit 1\nL\n');
  });

  it('refuses where an earlier exit could skip it, and non-shell hooks', () => {
    expect(insertLine('#!/bin/sh\nif [ -n "$X" ]; then\n  exit 0\nfi\n', 'L')).toBeNull();
    expect(insertLine('#!/bin/sh\n[ -n "$X" ] && exit 0\necho a\n', 'L')).toBeNull();
    expect(insertLine('#!/usr/bin/env python3\nprint(1)\n', 'L')).toBeNull();
  });

  it('takes out exactly what it put in (property)', () => {
    const line = fc.stringMatching(/^[a-z ]{0,12}$/);
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), (lines) => {
        const text = `#!/bin/sh\n${lines.join('\n')}\n`;
        const inserted = insertLine(text, HOOK_LINE);
        if (inserted === null) return;
        expect(removeLines(inserted).replace(/\n+$/, '')).toBe(text.replace(/\n+$/, ''));
      }),
    );
    expect(onlyOurs(SHIM)).toBe(true);
    expect(onlyOurs(`${HOOK_LINE}\n`)).toBe(true);
    expect(onlyOurs(`npm test\n${HOOK_LINE}\n`)).toBe(false);
  });
});

describe('splitArgv', () => {
  it('keeps every file exactly once, in order, each run within the budget (property)', () => {
    const name = fc.stringMatching(/^[a-z/._-]{1,40}$/);
    fc.assert(
      fc.property(
        fc.array(name, { maxLength: 200 }),
        fc.integer({ min: 200, max: 5000 }),
        (files, budget) => {
          const runs = splitArgv(['tool', '--check', '{f}', '--end'], '{f}', files, budget);
          const passed = runs.flatMap((argv) => argv.slice(2, -1));
          expect(passed).toEqual(files);
          for (const argv of runs) {
            expect(argv.slice(0, 2)).toEqual(['tool', '--check']);
            expect(argv.at(-1)).toBe('--end');
            const bytes = argv.reduce((sum, w) => sum + Buffer.byteLength(w) + 9, 0);
            expect(bytes <= budget || argv.length === 4).toBe(true);
          }
        },
      ),
    );
  });
});

describe("this repository's own test gate", () => {
  it('maps staged files to the tests that can break', async () => {
    const script = pathToFileURL(resolve(import.meta.dirname, '..', 'scripts', 'test-gate.mjs'));
    const { testsFor } = (await import(script.href)) as {
      testsFor: (staged: string[], tests: string[]) => string[] | 'all';
    };
    const tests = ['gates-run.test.ts', 'hook-text.test.ts', 'sync.test.ts', 'query.test.ts'];
    expect(testsFor(['src/gates/exec.ts'], tests)).toEqual([
      'gates-run.test.ts',
      'hook-text.test.ts',
    ]);
    expect(testsFor(['src/sync/sync.ts', 'test/query.test.ts'], tests)).toEqual([
      'query.test.ts',
      'sync.test.ts',
    ]);
    expect(testsFor(['src/store/config.ts'], tests)).toBe('all');
    expect(testsFor(['test/helpers.ts'], tests)).toBe('all');
    expect(testsFor(['docs/gates.md'], tests)).toEqual([]);
  });
});
