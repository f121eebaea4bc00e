// Bundles the CLI into dist/bundle/ so a command loads a few files instead of hundreds:
// process start-up dominates every agent call and every git hook.
// - main.js and hook.js share chunks; heavy modules that only some commands need (simple-git,
//   proper-lockfile) stay in lazily loaded chunks.
// - hot.js (the reads an agent runs all day: get-agent-flags, list [--for], brief) is one file
//   without commander, the write-only libraries or the YAML parser (loaded on first use only,
//   see scripts/stubs/lazy-yaml.mjs): one module to load instead of a dozen chunks.
// - route.cjs and answer.cjs (what bin loads first, and the answer cache) are CommonJS.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const outdir = join(root, 'dist', 'bundle');
rmSync(outdir, { recursive: true, force: true });

const common = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  banner: {
    js: "import { createRequire as __flagstoreRequire } from 'node:module'; const require = __flagstoreRequire(import.meta.url);",
  },
  logLevel: 'warning',
  legalComments: 'none',
};
const stub = (name) => join(root, 'scripts', 'stubs', name);
// The colour library and the terminal width of text, each loaded on first use in every bundle
// (see the stubs); the width library from its own CommonJS file, built here.
const colours = {
  picocolors: stub('lazy-picocolors.mjs'),
  'string-width': stub('lazy-string-width.mjs'),
};
await build({
  ...common,
  banner: {},
  format: 'cjs',
  stdin: {
    contents: "module.exports = require('string-width').default;",
    resolveDir: root,
    loader: 'js',
  },
  outfile: join(outdir, 'string-width.cjs'),
});

await build({
  ...common,
  // Named entries keep the output names flat; the query worker is loaded by a worker thread.
  entryPoints: {
    main: join(root, 'dist', 'cli', 'main.js'),
    'query-worker': join(root, 'dist', 'sql', 'query-worker.js'),
  },
  outdir,
  splitting: true,
  external: ['@modelcontextprotocol/sdk', 'zod', 'sql.js'],
  alias: { 'js-yaml': stub('js-yaml.cjs'), ...colours },
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

const hot = {
  entryPoints: { hot: join(root, 'dist', 'cli', 'hot.js') },
  // The full CLI (any other command line, and every failure) and the write-only libraries are
  // loaded from their own files when used.
  external: ['./main.js', 'simple-git', '@modelcontextprotocol/sdk', 'zod', 'sql.js'],
  alias: { 'js-yaml': stub('js-yaml.cjs'), yaml: stub('lazy-yaml.mjs'), ...colours },
};
await build({ ...common, ...hot, outdir });

// hook.js (what every commit runs) is one file too, a module to load instead of ten chunks,
// with the YAML and TOML parsers and node's crypto loaded on first use only (a warm commit needs neither).
const hook = {
  entryPoints: { hook: join(root, 'dist', 'cli', 'hook.js') },
  external: ['simple-git', '@modelcontextprotocol/sdk', 'zod', 'sql.js'],
  alias: {
    'js-yaml': stub('js-yaml.cjs'),
    yaml: stub('lazy-yaml.mjs'),
    'smol-toml': stub('lazy-toml.mjs'),
    'node:crypto': stub('lazy-crypto.mjs'),
    ...colours,
  },
};
await build({ ...common, ...hook, outdir });

// write.js (create, lock, unlock, complete): its own chunks, with the YAML parser loaded on
// first use only (flagstore's own files are read and edited without it: fast-frontmatter.ts,
// fast-edit.ts); what only `create` needs (the catalog, the gate notice) is imported lazily,
// and so is commander, for spellings the fast path leaves to it (src/cli/write-args.ts).
const write = {
  entryPoints: { write: join(root, 'dist', 'cli', 'write.js') },
  external: ['./main.js', 'simple-git', '@modelcontextprotocol/sdk', 'zod', 'sql.js'],
  alias: {
    'js-yaml': stub('js-yaml.cjs'),
    yaml: stub('lazy-yaml.mjs'),
    'smol-toml': stub('lazy-toml.mjs'),
    ...colours,
  },
};
await build({ ...common, ...write, outdir, splitting: true, chunkNames: 'write-[hash]' });

// The same entries (and the full CLI's) as CommonJS, one file each, for Node 20's code cache
// (src/cli/code-cache.ts compiles them through vm.Script; Node 22 and later import the ES
// modules above, with node's own compile cache). One file holds what the ES modules load lazily:
// with the code cache, code that does not run costs little more than reading it. V8 drops the
// import() callback of a script compiled from cached data, so each import() of another module
// calls __flagstoreImport instead: the loader's importModule, which loads an entry built here
// through the cache, and anything else (node's built-ins, packages) with node's import().
// import.meta.url is made on first use only: a URL costs a few tenths of a millisecond, and the
// answer cache's hit (route.cjs, answer.cjs) needs none; import.meta.filename is __filename.
const urlBanner =
  "const __flagstoreMeta = { get url() { return require('node:url').pathToFileURL(__filename).href; } };";
const cjs = {
  ...common,
  format: 'cjs',
  banner: { js: urlBanner },
  define: { 'import.meta.url': '__flagstoreMeta.url', 'import.meta.filename': '__filename' },
  outdir,
  outExtension: { '.js': '.cjs' },
  write: false,
};
const hashes = {};
// main.cjs: the full CLI without its chunks (MCP, board, SQL and the rest inlined).
const main = {
  entryPoints: { main: join(root, 'dist', 'cli', 'main.js') },
  external: ['@modelcontextprotocol/sdk', 'zod', 'sql.js'],
  alias: { 'js-yaml': stub('js-yaml.cjs'), ...colours },
};
for (const entry of [hot, write, main, hook]) {
  const { outputFiles } = await build({ ...cjs, ...entry });
  for (const out of outputFiles) {
    const text = withImportStandIn(out.text, entry.external);
    writeFileSync(out.path, text);
    hashes[basename(out.path, '.cjs')] = createHash('sha256').update(text).digest('hex');
  }
}

// What bin/flagstore.js (a CommonJS file) loads before anything else, as CommonJS: node then
// starts no ES module loader for an answer printed from the cache (a few milliseconds).
// route.cjs: which entry runs a command line (src/cli/route.ts, which imports only hot-args).
// answer.cjs: the answer cache in front of hot.js (node's built-ins only, src/cli/answer.ts);
// hot.js is loaded from it on a miss, through the code cache where that is on.
// code-cache.cjs: the code cache's loader, built knowing the content hash of each entry above.
const front = await build({
  ...cjs,
  banner: {
    js: `${urlBanner}\nconst __flagstoreImport = (specifier) => require('./code-cache.cjs').importModule(specifier);`,
  },
  entryPoints: ['route', 'answer'].map((name) => join(root, 'dist', 'cli', `${name}.js`)),
  external: ['./hot.js'],
});
for (const out of front.outputFiles)
  writeFileSync(out.path, withImportStandIn(out.text, ['./hot.js']));
await build({
  ...cjs,
  define: { ...cjs.define, FLAGSTORE_ENTRY_HASHES: JSON.stringify(hashes) },
  entryPoints: [join(root, 'dist', 'cli', 'code-cache.js')],
  write: true,
});

/**
 * A CommonJS bundle with each `import("<module>")` of an external module replaced by
 * `__flagstoreImport("<module>")`; any other import() fails the build (a string that only looks
 * like one would otherwise be changed).
 */
function withImportStandIn(text, externals) {
  const replaced = text.replace(/\bimport\((["'])([^"']+)\1\)/g, (call, quote, specifier) => {
    if (!externals.includes(specifier) && !specifier.startsWith('node:'))
      throw new Error(`bundle: unexpected ${call}`);
    return `__flagstoreImport(${quote}${specifier}${quote})`;
  });
  if (/\bimport\(/.test(replaced)) throw new Error('bundle: an import() the code cache cannot run');
  return replaced;
}

// Caches are stamped with the modification time of the file that holds the running code
// (src/store/package.ts): one time for every bundle file lets both entries share them.
const time = statSync(join(outdir, 'main.js')).mtime;
for (const name of readdirSync(outdir)) utimesSync(join(outdir, name), time, time);
