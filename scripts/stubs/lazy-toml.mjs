// Stand-in for `smol-toml` in the hook and write bundles: a commit reads prek.toml only when
// prek runs the gate as a moved-aside hook, so the TOML parser is loaded from node_modules on
// its first use only, as the YAML parser is (see lazy-yaml.mjs).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** smol-toml's `parse`, loaded on first call. */
export const parse = (text, options) => require('smol-toml').parse(text, options);
