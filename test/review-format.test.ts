import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { annotation } from '../src/review/findings.js';
import { cell } from '../src/review/markdown.js';
import { diffSnapshots } from '../src/review/changes.js';
import { versionOf } from '../src/review/snapshot.js';
import { renderFlagFile } from '../src/store/flag-file.js';
import type { Flag } from '../src/core/types.js';

const FLAG: Flag = {
  id: '01JD3ZQ8X5K2M4N6P8R0T2V4W6',
  flag_type: 'change',
  source_agent: '@a.one',
  target_agent: '@b.two',
  impact_level: 'medium',
  status: 'pending',
  locked: false,
  locked_by: null,
  locked_at: null,
  lock_expires_at: null,
  related_files: [],
  code_location: null,
  chain_origin_id: null,
  context: null,
  created_at: '2026-01-01T00:00:00.000Z',
  completed_at: null,
  completed_by: null,
  legacy_id: null,
  unlocked_at: null,
  change_description: 'The users table gained a preferences JSON column for personalisation.',
  action_required:
    'Update the loaders in api/users.ts and the serializers in api/serialize.ts to read and return the preferences column; add tests.',
  example_usage: null,
  notes: null,
};

describe('review formats', () => {
  it('a markdown cell never holds raw HTML, an unescaped pipe or a line break (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const out = cell(text);
        expect(out).not.toMatch(/[<>\n\r]/);
        expect(out.replace(/\\\\/g, '').replace(/\\\|/g, '')).not.toContain('|');
      }),
    );
  });

  it('a GitHub annotation is always one workflow-command line (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.nat(), (path, message, line) => {
        const out = annotation({ path, message, line, kind: 'invalid', severity: 'error' });
        expect(out).not.toMatch(/[\r\n]/);
        expect(out.startsWith('::error file=')).toBe(true);
        expect(out.slice(2).indexOf('::')).toBeGreaterThan(out.indexOf(',line='));
      }),
    );
  });

  it('identity rewrites are illegal and reported per field (property)', () => {
    const fields = fc.subarray(['flag_type', 'source_agent', 'created_at'] as const, {
      minLength: 1,
    });
    fc.assert(
      fc.property(fields, (rewritten) => {
        const after: Flag = { ...FLAG };
        if (rewritten.includes('flag_type')) after.flag_type = 'refactor';
        if (rewritten.includes('source_agent')) after.source_agent = '@z.zed';
        if (rewritten.includes('created_at')) after.created_at = '2026-02-02T00:00:00.000Z';
        const path = `flags/${FLAG.id}.md`;
        const base = new Map([[FLAG.id, versionOf(FLAG.id, path, renderFlagFile(FLAG))]]);
        const head = new Map([[FLAG.id, versionOf(FLAG.id, path, renderFlagFile(after))]]);
        const [change] = diffSnapshots(base, head);
        expect(change?.illegal.map((m) => m.split(' ')[0])).toEqual([...rewritten]);
      }),
      { numRuns: 30 },
    );
  });
});
