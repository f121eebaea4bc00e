#!/usr/bin/env node
// Entry point of the flagstore CLI: runs the compiled program from dist/.
import { run } from '../dist/bundle/main.js';

process.exitCode = await run(process.argv.slice(2));
