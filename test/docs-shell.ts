/**
 * `flagstore` in a docs example's shell, run in this process: a bash function sends the
 * command's folder, arguments and exported environment to a server in the test worker, which
 * runs it with `cli()` (the same `runCommand()` the binary calls) and hands back its output and
 * exit code. A node process costs 0.1-0.3 s of CPU; the examples call flagstore some fifty times.
 * What only a process shows stays a process: the hooks the examples' commits run find the built
 * binary on PATH (`sh` does not see a bash function).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { cli, tempDir } from './helpers.js';

/** A running server: the bash function that calls it, and how to stop it. */
export interface DocsShell {
  /** Bash source defining `flagstore` as a call to this worker. */
  prelude: string;
  close: () => Promise<void>;
}

/** One call as the function sends it: token, folder, argument count, arguments, `NAME=value`s, "". */
interface Call {
  cwd: string;
  args: string[];
  env: Record<string, string>;
}

/** The call once every field has arrived (NUL-terminated fields, the last one empty). */
function parse(fields: string[]): Call | null {
  const [, cwd, count, ...rest] = fields;
  if (cwd === undefined || count === undefined) return null;
  const args = rest.slice(0, Number(count));
  const vars = rest.slice(args.length);
  const end = vars.indexOf('');
  if (args.length < Number(count) || end === -1) return null;
  const env = Object.fromEntries(
    vars.slice(0, end).map((v) => [v.slice(0, v.indexOf('=')), v.slice(v.indexOf('=') + 1)]),
  );
  return { cwd, args, env };
}

function answer(socket: Socket, at: { dir: string; token: string }): void {
  const { dir, token } = at;
  let text = '';
  let done = false;
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    text += chunk;
    // The port is open to every local process: only the prelude's function knows the token.
    if (text.includes('\0') && text.slice(0, text.indexOf('\0')) !== token) {
      socket.destroy();
      return;
    }
    const call = done ? null : parse(text.split('\0').slice(0, -1));
    if (call === null) return;
    done = true;
    // A test error (never a command's: cli() returns those) fails the example with its text.
    const failed = (error: unknown) => ({ code: 70, stdout: '', stderr: `docs-shell: ${error}` });
    void cli(call.cwd, call.args, call.env)
      .catch(failed)
      .then((res) => {
        const out = mkdtempSync(join(dir, 'call-'));
        writeFileSync(join(out, 'stdout'), res.stdout);
        writeFileSync(join(out, 'stderr'), res.stderr);
        socket.end(`${res.code} ${out}\n`);
      });
  });
}

/** The function: `read -d ''` keeps the output byte for byte (no process, unlike `cat`). */
function prelude(port: number, token: string): string {
  return `flagstore() {
  local fd code out name text
  exec {fd}<>/dev/tcp/127.0.0.1/${port}
  printf '%s\\0' ${token} "$PWD" "$#" "$@" >&"$fd"
  for name in $(compgen -e); do printf '%s=%s\\0' "$name" "\${!name-}" >&"$fd"; done
  printf '\\0' >&"$fd"
  read -r code out <&"$fd"
  exec {fd}>&-
  text=''; IFS= read -r -d '' text <"$out/stdout" || true; printf '%s' "$text"
  text=''; IFS= read -r -d '' text <"$out/stderr" || true; printf '%s' "$text" >&2
  return "$code"
}
`;
}

/** Starts the server on a local port. */
export async function docsShell(): Promise<DocsShell> {
  const dir = tempDir('flagstore-docs-calls-');
  const token = randomBytes(16).toString('hex');
  const server: Server = createServer((socket) => answer(socket, { dir, token }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    prelude: prelude(address.port, token),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
