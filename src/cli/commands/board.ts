/** `flagstore board` (the live board in a browser) and `flagstore report --html` (a static one). */
import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { FlagstoreError } from '../../core/errors.js';
import { userPath } from '../../services/workspace.js';
import { action, workspace } from '../context.js';
import { printNative, say, writeRaw } from '../output.js';

function parsePort(raw: string | undefined): number {
  if (raw === undefined) return 0;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new FlagstoreError('usage', `--port must be a number from 1 to 65535 (got "${raw}")`, {
      fix: 'pass a free port, for example --port 8080, or leave --port out to get a free one',
    });
  return port;
}

/** Opens a URL in the desktop's browser; the URL is an argument, never shell text. */
function openBrowser(url: string): void {
  const opener =
    process.platform === 'darwin'
      ? ['open']
      : process.platform === 'win32'
        ? ['explorer']
        : ['xdg-open'];
  const child = spawn(opener[0] as string, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => say(`could not open a browser: open ${url} yourself`));
  child.unref();
}

function waitForInterrupt(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

function registerBoardCommand(program: Command): void {
  program
    .command('board')
    .description('serve a read-only board of the flags on 127.0.0.1 until Ctrl-C')
    .option('--port <port>', 'port to listen on (default: a free one)')
    .option('--open', 'open the board in the default browser')
    .action(
      action('native', async (ctx, o: { port?: string; open?: boolean }) => {
        const ws = await workspace(ctx);
        const { startBoard } = await import('../../board/server.js');
        const board = await startBoard(ws, { port: parsePort(o.port) });
        if (ctx.json) printNative({ url: board.url, port: board.port });
        else say(`flagstore board: ${board.url}  (read-only; Ctrl-C to stop)`);
        if (o.open) openBrowser(board.url);
        await waitForInterrupt();
        await board.close();
      }),
    );
}

interface ReportOptions {
  html?: boolean;
  output?: string;
  history: string;
}

function registerReport(program: Command): void {
  program
    .command('report')
    .description('write the board as one self-contained static HTML file (for CI artifacts)')
    .option('--html', 'HTML output (the only format)')
    .option('-o, --output <file>', 'write to this file (default: standard output)')
    .option('--history <n>', 'include the git history of the n most urgent flags', '200')
    .action(
      action('native', async (ctx, o: ReportOptions) => {
        if (!o.html)
          throw new FlagstoreError('usage', 'report needs a format: --html', {
            fix: 'flagstore report --html -o flagstore-report.html',
          });
        const historyLimit = Number(o.history);
        if (!Number.isInteger(historyLimit) || historyLimit < 0)
          throw new FlagstoreError(
            'usage',
            `--history must be a whole number (got "${o.history}")`,
          );
        const ws = await workspace(ctx);
        const { reportPieces, writeReport } = await import('../../board/report.js');
        if (o.output === undefined) {
          for (const piece of await reportPieces(ws, { historyLimit })) writeRaw('stdout', piece);
          return;
        }
        const path = userPath(ctx.cwd, o.output);
        const bytes = await writeReport(ws, path, { historyLimit });
        if (ctx.json) printNative({ path, bytes });
        else say(`report written: ${path} (${Math.ceil(bytes / 1024)} KiB)`);
      }),
    );
}

/** Registers `board` and `report`. */
export function registerBoard(program: Command): void {
  registerBoardCommand(program);
  registerReport(program);
}
