// Stand-in for the `yaml` package in the hot-path bundle (dist/bundle/hot.js). The hot commands
// read flagstore's own files with the fast reader (src/store/fast-frontmatter.ts); the full
// YAML parser (about 260 KB) is loaded from node_modules on its first use only, that is when a
// hand-written file or configuration needs it. Each export forwards to the real package.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let yaml;

function load() {
  yaml ??= require('yaml');
  return yaml;
}

/** The default export: every property is read from the real package when first used. */
export default new Proxy({}, { get: (_, key) => load()[key] });
export const isScalar = (node) => load().isScalar(node);
export const isMap = (node) => load().isMap(node);
export const isSeq = (node) => load().isSeq(node);
