/**
 * On an answer-cache miss, the places the answer cache asked for (readPlaces) are handed to the
 * command that runs right after in the same process: its openWorkspace does not find the
 * repository and read the configuration a second time. The hand-over is taken once, and only
 * by the same folder.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkspace, readPlaces } from '../src/services/workspace.js';
import { makeRepo } from './helpers.js';

function moveFlags(repo: string, dir: string): void {
  const path = join(repo, '.flagstore.yml');
  const text = readFileSync(path, 'utf8').replace(/^flags_dir: .*$/m, `flags_dir: ${dir}`);
  writeFileSync(path, text);
}

describe('workspace hand-over', () => {
  it('hands what readPlaces found to the next openWorkspace of the folder, once', async () => {
    const repo = await makeRepo();
    expect((await readPlaces(repo)).flagsDir).toBe('flags');
    // Changed in between: the command still reads what the answer cache keyed on.
    moveFlags(repo, 'moved');
    expect((await openWorkspace(repo)).config.flags_dir).toBe('flags');
    expect((await openWorkspace(repo)).config.flags_dir).toBe('moved');
  });

  it('is not taken by another folder, and is dropped by it', async () => {
    const repo = await makeRepo();
    const sub = join(repo, 'sub');
    mkdirSync(sub);
    await readPlaces(repo);
    moveFlags(repo, 'moved');
    expect((await openWorkspace(sub)).config.flags_dir).toBe('moved');
    expect((await openWorkspace(repo)).config.flags_dir).toBe('moved');
  });
});
