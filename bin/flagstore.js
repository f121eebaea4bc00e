#!/usr/bin/env node
// Entry point of the flagstore CLI: runs the bundled program from dist/bundle/.
// `flagstore gate pre-commit` (what the git hook runs) takes a light entry that skips loading
// every other command, since a hook's start-up time is paid on every commit.
import module from 'node:module';

// Node 22 and later keep compiled code between runs (start-up is paid on every agent call and
// every commit); Node 20 has no such cache and skips this.
module.enableCompileCache?.();
const args = process.argv.slice(2);
const hook = args.length === 2 && args[0] === 'gate' && args[1] === 'pre-commit';
// The reads an agent runs all day (docs/performance.md) take a lighter entry still; hot-args.js
// (which imports nothing) says which command lines those are.
const candidate = !hook && ['get-agent-flags', 'list', 'brief', '--json'].includes(args[0]);
// Their answers to a pipe or a file come from the answer cache while nothing they read changed
// (src/cli/answer.ts, which also holds hot-args); FLAGSTORE_NO_ANSWER_CACHE=1 turns it off.
const piped = candidate && !process.stdout.isTTY && !process.env.FLAGSTORE_NO_ANSWER_CACHE;
const front = candidate && (await import(`../dist/bundle/${piped ? 'answer' : 'hot-args'}.js`));
const hot = front && front.hotCommand(args) !== null;
// The write commands take an entry with only their own commands (src/cli/write.ts).
const write = ['create', 'lock', 'unlock', 'complete'].includes(args[0]);
if (hot && piped) {
  process.exitCode = await front.answer(args);
} else {
  const entry = hook ? 'hook' : hot ? 'hot' : write ? 'write' : 'main';
  const { run } = await import(`../dist/bundle/${entry}.js`);
  process.exitCode = await run(args);
}
