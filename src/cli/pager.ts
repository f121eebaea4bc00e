/**
 * Paging long output the way git does: on a terminal, through FLAGSTORE_PAGER, else PAGER, else
 * `less`, with LESS=FRX unless LESS is set (quit when it fits one screen, keep colours, leave the
 * text on screen). Never when output is piped, and never with `--no-pager`.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import type { parse as Parse } from 'shell-quote';
import { clearProgress, say } from './output.js';

/** The pager's argument list from the environment, or null for no pager. */
export function pagerCommand(env: NodeJS.ProcessEnv = process.env): string[] | null {
  const raw = env.FLAGSTORE_PAGER ?? env.PAGER ?? 'less';
  if (raw.trim() === '' || raw.trim() === 'cat') return null;
  // Loaded only when a pager may run: piped output (agents, hooks) never needs it.
  const { parse } = createRequire(import.meta.url)('shell-quote') as { parse: typeof Parse };
  const words = parse(raw, (name) => env[name] ?? '');
  if (!words.every((w): w is string => typeof w === 'string') || words.length === 0) return null;
  return words;
}

/** Runs the pager with the text on its standard input; false when it could not start. */
function runPager(command: string[], text: string): Promise<boolean> {
  return new Promise((resolve) => {
    const [bin, ...args] = command as [string, ...string[]];
    const env = { ...process.env, LESS: process.env.LESS ?? 'FRX', LV: process.env.LV ?? '-c' };
    const child = spawn(bin, args, { stdio: ['pipe', 'inherit', 'inherit'], env });
    let started = true;
    child.on('error', () => {
      started = false;
      resolve(false);
    });
    child.stdin.on('error', () => undefined);
    child.on('close', () => {
      if (started) resolve(true);
    });
    child.stdin.end(text);
  });
}

/** Prints lines, through the pager on a terminal when paging is on and a pager is set. */
export async function printPaged(lines: string[], enabled: boolean): Promise<void> {
  clearProgress();
  const command = enabled && process.stdout.isTTY ? pagerCommand() : null;
  if (command === null) return lines.forEach((line) => say(line));
  const text = lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  if (!(await runPager(command, text))) lines.forEach((line) => say(line));
}
