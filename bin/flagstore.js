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
// The reads an agent runs all day take the hot entry, which hands anything else to main.js.
const hot = ['get-agent-flags', 'list', 'brief', '--json'].includes(args[0]);
const entry = hook ? 'hook' : hot ? 'hot' : 'main';
const { run } = await import(`../dist/bundle/${entry}.js`);

process.exitCode = await run(args);
