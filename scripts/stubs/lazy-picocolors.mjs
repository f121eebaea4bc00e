// Stand-in for `picocolors` in the bundles. The package decides whether colour is supported as
// it loads, by reading `process.stdout.isTTY`, which creates node's stream for standard output
// (loading `net` and the stream modules for a pipe): a few milliseconds of every command, most
// of which never colour anything (src/cli/output.ts asks only when standard output is a
// terminal). The package is loaded on first use; each property forwards to it.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let pc;

function load() {
  pc ??= require('picocolors');
  return pc;
}

export default {
  get isColorSupported() {
    return load().isColorSupported;
  },
  createColors: (enabled) => load().createColors(enabled),
};
