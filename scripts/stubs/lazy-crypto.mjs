// Stand-in for `node:crypto` in the hook bundle (dist/bundle/hook.js): loading node's crypto
// module costs a commit several milliseconds, and a commit whose caches are warm hashes nothing.
// The module is loaded on the first call. Each export forwards to the real module; a name the
// sources import that is missing here fails the build.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let crypto;

function load() {
  crypto ??= require('node:crypto');
  return crypto;
}

export const createHash = (...args) => load().createHash(...args);
export const randomBytes = (...args) => load().randomBytes(...args);
