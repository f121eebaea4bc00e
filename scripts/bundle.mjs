// Bundles the CLI into dist/bundle/ so a command loads a few files instead of hundreds:
// process start-up dominates every agent call and every git hook. Heavy modules that only
// some commands need (simple-git) stay in lazily loaded chunks.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const outdir = join(root, 'dist', 'bundle');
rmSync(outdir, { recursive: true, force: true });

await build({
  // Named entries keep the output names flat; the query worker is loaded by a worker thread.
  entryPoints: {
    main: join(root, 'dist', 'cli', 'main.js'),
    hook: join(root, 'dist', 'cli', 'hook.js'),
    'query-worker': join(root, 'dist', 'sql', 'query-worker.js'),
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['@modelcontextprotocol/sdk', 'zod', 'sql.js'],
  alias: { 'js-yaml': join(root, 'scripts', 'stubs', 'js-yaml.cjs') },
  banner: {
    js: "import { createRequire as __flagstoreRequire } from 'node:module'; const require = __flagstoreRequire(import.meta.url);",
  },
  logLevel: 'warning',
  legalComments: 'none',
});

// The board page: its script (with the dagre graph layout) and style, built for the browser so
// the page works offline and `report --html` can inline them.
const board = {
  bundle: true,
  minify: true,
  logLevel: 'warning',
  legalComments: 'none',
  banner: {
    js: '/* flagstore board. Includes @dagrejs/dagre and @dagrejs/graphlib: MIT licence, Copyright (c) 2012-2014 Chris Pettitt. */',
  },
};
await build({
  ...board,
  entryPoints: [join(root, 'src', 'board', 'page', 'main.ts')],
  outfile: join(root, 'dist', 'board', 'board.js'),
  format: 'iife',
  platform: 'browser',
  target: ['chrome110', 'firefox115', 'safari16'],
});
await build({
  ...board,
  banner: {},
  entryPoints: [join(root, 'src', 'board', 'page', 'board.css')],
  outfile: join(root, 'dist', 'board', 'board.css'),
});
