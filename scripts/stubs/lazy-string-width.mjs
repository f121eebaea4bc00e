// Stand-in for `string-width` in the bundles. Most output is printable ASCII, which
// src/cli/columns.ts measures without it; the package (with its Unicode tables and emoji
// expressions) is loaded on the first measure of other text only, from dist/bundle/string-width.cjs
// (scripts/bundle.mjs builds it there as CommonJS: the package is an ES module, which Node 20
// before 20.19 cannot require). A hot read of ASCII flags, or any --json output, never loads it.
import { createRequire } from 'node:module';

let width;

/** The package's default export, loaded on first use. */
export default function stringWidth(text, options) {
  width ??= createRequire(import.meta.url)('./string-width.cjs');
  return width(text, options);
}
