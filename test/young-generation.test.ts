/**
 * A hot read keeps V8's young generation at its first size (src/cli/heap-growth.ts): read
 * over a thousand flags, which it keeps, the semi-spaces would otherwise double up to their
 * largest (tens of MB of resident memory, never given back). Real processes; the size of the
 * young generation is read by a preloaded module as the process exits.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { newFlagId } from '../src/store/ids.js';
import { AGENT, writeFlag } from './answer-helpers.js';
import { BIN, makeRepo, tempDir } from './helpers.js';

const PRELOAD = `import { writeFileSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';
process.on('exit', () => {
  const young = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  writeFileSync(process.env.YOUNG_FILE, String(young.space_size));
});
`;

/** The young generation's size (bytes) at the end of one CLI run, and its output. */
function youngSize(repo: string, args: string[]): { size: number; stdout: string } {
  const dir = tempDir();
  const preload = join(dir, 'young.mjs');
  writeFileSync(preload, PRELOAD);
  const file = join(dir, 'size');
  const run = spawnSync(process.execPath, ['--import', pathToFileURL(preload).href, BIN, ...args], {
    cwd: repo,
    env: { ...process.env, NO_COLOR: '1', YOUNG_FILE: file, FLAGSTORE_NO_ANSWER_CACHE: '1' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  expect(run.status).toBe(0);
  return { size: Number(readFileSync(file, 'utf8')), stdout: run.stdout };
}

/**
 * Flags in the repository. Without the setting every run here grew its young generation at 1,000
 * flags (8 MB, twice the bound; 16 MB at 2,000, 32 MB at 4,000), so more flags only cost time.
 */
const FLAGS = 1000;

describe('the young generation of a hot read', () => {
  it('stays at its first size, cold and after a cold read', async () => {
    const repo = await makeRepo();
    const start = Date.parse('2026-01-01T00:00:00Z');
    for (let i = 0; i < FLAGS; i++) {
      const at = new Date(start + i * 1000);
      writeFlag(repo, newFlagId(at), { created_at: at.toISOString() });
    }
    for (const args of [
      ['get-agent-flags', AGENT],
      ['list', '--for', AGENT, '--json'],
    ]) {
      rmSync(join(repo, '.git', 'flagstore'), { recursive: true, force: true });
      const cold = youngSize(repo, args);
      const next = youngSize(repo, args);
      expect(next.stdout).toBe(cold.stdout);
      expect(JSON.stringify(cold.stdout).length).toBeGreaterThan(FLAGS * 100);
      // Two semi-spaces of 1 MB on Node 20 (4 MB here); doubled at least once without the setting.
      expect(cold.size).toBeLessThanOrEqual(4 * 1024 * 1024);
      expect(next.size).toBeLessThanOrEqual(4 * 1024 * 1024);
    }
  }, 120_000);
});
