/**
 * A read that fails after the parse cache index began spooling its new rows (src/store/
 * index-spool.ts) closes the scratch files: a long-running process, the MCP server, keeps no
 * descriptor of a failed read. Both cold reads are tried: every flag whole, and the marks.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listFlags } from '../src/services/flags.js';
import { openWorkspace } from '../src/services/workspace.js';
import { readMarks } from '../src/sync/ledger-marks.js';
import { makeRepo } from './helpers.js';
import { writeFlags } from './mcp-helpers.js';

const openDescriptors = (): number => readdirSync('/proc/self/fd').length;

/** A progress report that fails once the read is well past the spool's first batch (512 rows). */
function failingLate(): (what: string | null) => void {
  let reports = 0;
  return (what) => {
    if (what !== null && ++reports === 3) throw new Error('progress failed');
  };
}

describe.skipIf(process.platform !== 'linux')('a failed cold read', () => {
  it('leaves no scratch file open, reading flags whole or their marks', async () => {
    const repo = await makeRepo();
    writeFlags(repo, 1_200);
    const reads = [
      async () => listFlags(await openWorkspace(repo, failingLate()), { status: 'all' }),
      async () => readMarks((await openWorkspace(repo)).flags, failingLate()),
    ];
    for (const read of reads) {
      const before = openDescriptors();
      await expect(read()).rejects.toThrow('progress failed');
      expect(openDescriptors()).toBe(before);
    }
  });
});
