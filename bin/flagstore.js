#!/usr/bin/env node
// Entry point of the flagstore CLI: runs the bundled program from dist/bundle/. A CommonJS file
// (bin/package.json), so a cached answer is printed without starting node's ES module loader.
'use strict';
const { enableCompileCache } = require('node:module');

// Node 22 and later keep compiled code between runs (start-up is paid on every agent call and
// every commit); Node 20 has no such cache and skips this.
enableCompileCache?.();
const args = process.argv.slice(2);
// Which entry runs the command line (src/cli/route.ts): the git hook's, the answer cache's for
// the reads an agent runs all day when they print to a pipe or a file (src/cli/answer.ts, off
// with FLAGSTORE_NO_ANSWER_CACHE=1), the hot reads', the writes' or the full CLI's.
// Whether standard output is a terminal is told without node:tty (src/cli/std-fd.ts).
const { entryFor, isTerminal } = require('../dist/bundle/route.cjs');
const entry = entryFor(args, {
  piped: !isTerminal(1),
  cache: !process.env.FLAGSTORE_NO_ANSWER_CACHE,
});

async function load() {
  if (entry === 'answer') return require('../dist/bundle/answer.cjs');
  // Node 20 has no compile cache: its entries go through flagstore's own (src/cli/code-cache.ts,
  // which knows the entries built for it and falls back to import() where it is off).
  return enableCompileCache
    ? import(`../dist/bundle/${entry}.js`)
    : require('../dist/bundle/code-cache.cjs').importModule(`./${entry}.js`);
}

async function run() {
  const loaded = await load();
  const code = await (entry === 'answer' ? loaded.answer(args) : loaded.run(args));
  // An entry that says its command is finished (src/cli/write.ts) ends the process at once:
  // node's teardown of a finished process is time an agent waits for.
  if (loaded.finished?.()) process.exit(code);
  return code;
}

run().then((code) => {
  process.exitCode = code;
});
