/**
 * Runs git with bytes on its standard input. Light on purpose (no ledger, no object store):
 * the commit hook's bundle takes it for `checkout-index --stdin`, the ledger for its writes.
 */
import { childProcess } from './child-process.js';
import { gitFailure, spawnFailure } from './git-failure.js';

/** What a git run with input gave: its exit code, its output and its error text. */
export interface GitRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Set when git could not be started at all. */
  spawnError?: Error;
}

/** Runs git with `input` on stdin; never rejects, the outcome says how it went. */
export function gitRun(
  cwd: string,
  o: { args: string[]; input: string | Uint8Array; env?: NodeJS.ProcessEnv },
): Promise<GitRun> {
  return new Promise((done) => {
    const child = childProcess().spawn('git', o.args, { cwd, env: o.env ?? process.env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.stdin.on('error', () => undefined);
    child.on('error', (spawnError) => done({ code: null, stdout: '', stderr: '', spawnError }));
    child.on('close', (code) =>
      done({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8').trim(),
      }),
    );
    child.stdin.end(o.input);
  });
}

/** Runs git with text on its standard input; git's failure is an error with its message. */
export async function gitInput(
  root: string,
  args: string[],
  options: { input: string | Uint8Array; env?: NodeJS.ProcessEnv },
): Promise<string> {
  const run = await gitRun(root, { args, ...options });
  if (run.spawnError) throw spawnFailure(run.spawnError, root) ?? run.spawnError;
  if (run.code === 0) return run.stdout;
  throw gitFailure(
    { stderr: run.stderr || `exit ${run.code}` },
    { cwd: root, command: args[0] ?? '' },
  );
}
