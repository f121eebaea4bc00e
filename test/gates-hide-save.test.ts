import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { git, makeRepo } from './helpers.js';
import { stateOf } from './stall-helpers.js';
import { configureGates, PASSING_GATE, read, stageUnderEdit, write } from './gate-helpers.js';

// Found in the field trial: with thousands of unstaged edits the hook takes seconds to back
// them up, then wrote the staged versions over every file, and at the end put the backup back
// wherever a file still held the staged version. A file the user saved after its backup was
// taken and before it was written over lost that save: both writes came from the hook.

/** Every process below `root`, read from /proc. */
function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // the process ended meanwhile
    }
  }
  const found: number[] = [];
  const walk = (pid: number): void => {
    for (const [child, ppid] of parent) {
      if (ppid !== pid) continue;
      found.push(child);
      walk(child);
    }
  };
  walk(root);
  return found;
}

describe('a file saved while the hook hides unstaged edits', () => {
  it('saved between its backup and the staged write: the save stays, nothing is lost', async () => {
    const repo = await makeRepo();
    configureGates(repo, PASSING_GATE);
    stageUnderEdit(repo, 'a.ts', 'staged\n', 'staged\nunstaged work\n');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NO_COLOR: '1',
      FLAGSTORE_TEST_STALL_BEFORE_HIDE: '1',
    };
    delete env.FLAGSTORE_SKIP;
    const child = spawn('git', ['commit', '-m', 'during the save'], { cwd: repo, env });
    let output = '';
    const done = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
    await new Promise<void>((resolve) => {
      const listen = (chunk: Buffer): void => {
        output += chunk.toString();
        if (output.includes('stalled before hiding')) resolve();
      };
      child.stdout.on('data', listen);
      child.stderr.on('data', listen);
    });
    while (!descendants(child.pid as number).some((pid) => stateOf(pid) === 'T'))
      await new Promise((resolve) => setTimeout(resolve, 5));
    write(repo, 'a.ts', 'staged\nunstaged work\nsaved by the user meanwhile\n');
    for (const pid of descendants(child.pid as number)) process.kill(pid, 'SIGCONT');
    expect(await done, output).toBe(0);
    expect(read(repo, 'a.ts')).toBe('staged\nunstaged work\nsaved by the user meanwhile\n');
    expect(git(repo, 'show', 'HEAD:a.ts')).toBe('staged\n');
    expect(git(repo, 'stash', 'list')).toBe('');
  });
});
