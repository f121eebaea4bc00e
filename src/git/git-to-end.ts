/** Running a git that goes on to its end when flagstore is interrupted or killed. */
import { childProcess } from './child-process.js';
import { closeSync, fstatSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnFailure } from './git-failure.js';

/**
 * Runs git with its output going to files, not pipes, in its own process group: when this
 * process is killed, git goes on to the end instead of dying on a closed pipe half-way, and a
 * terminal's Ctrl-C (sent to flagstore's group) does not stop it. Returns what git printed on
 * its standard output; throws an error whose `stderr` is what git printed on its error output.
 */
export async function gitToEnd(
  root: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'flagstore-git-'));
  const [out, err] = ['output', 'errors'].map((name) => openSync(join(dir, name), 'w+'));
  // Gone at once where the system allows it (the open files live on): a kill leaves nothing.
  const removeDir = (): void => rmSync(dir, { recursive: true, force: true });
  tryTo(removeDir);
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = childProcess().spawn('git', args, {
        cwd: root,
        env,
        stdio: ['ignore', out, err],
        detached: process.platform !== 'win32',
      });
      child.on('error', (error) => reject(spawnFailure(error, root) ?? error));
      child.on('close', resolve);
    });
    if (code === 0) return readAll(out!);
    throw Object.assign(new Error(`git ${args[0]} exited with ${code}`), {
      stderr: readAll(err!),
    });
  } finally {
    closeSync(out!);
    closeSync(err!);
    tryTo(removeDir);
  }
}

function readAll(fd: number): string {
  const text = Buffer.alloc(fstatSync(fd).size);
  readSync(fd, text, 0, text.length, 0);
  return text.toString('utf8');
}

function tryTo(action: () => void): void {
  try {
    action();
  } catch {
    // Windows keeps an open file: the second try, once it is closed, removes it.
  }
}
