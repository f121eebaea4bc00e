/** Gate presets for the ecosystems agents work in. */
import type { GateSpec } from './gates-config.js';

const MINUTE = 60_000;
const JS_FILES = '**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}';
const PY_FILES = '**/*.{py,pyi}';

function gate(name: string, command: string[], more: Partial<GateSpec> = {}): GateSpec {
  return { name, command, files: null, timeoutMs: 10 * MINUTE, parallel: false, ...more };
}

/** Preset gates by name; a repository's own gate with the same name replaces a preset's. */
export const PRESETS = {
  node: [
    gate('fmt', ['prettier', '--check', '--ignore-unknown', '{staged_files}'], {
      parallel: true,
    }),
    gate('lint', ['eslint', '--no-warn-ignored', '{staged_files}'], {
      files: JS_FILES,
      parallel: true,
    }),
    gate('test', ['vitest', 'related', '--run', '--passWithNoTests', '{staged_files}'], {
      files: JS_FILES,
    }),
  ],
  rust: [
    gate('fmt', ['cargo', 'fmt', '--check']),
    gate('lint', ['cargo', 'clippy', '--', '-D', 'warnings']),
    gate('test', ['cargo', 'test']),
  ],
  python: [
    gate('fmt', ['ruff', 'format', '--check', '{staged_files}'], { files: PY_FILES }),
    gate('lint', ['ruff', 'check', '{staged_files}'], { files: PY_FILES }),
    gate('test', ['pytest']),
  ],
} satisfies Record<string, GateSpec[]>;

/** A preset name. */
export type PresetName = keyof typeof PRESETS;

/** How to install a tool a gate needs, for the "not installed" message. */
export const INSTALL_HINTS: Record<string, string> = {
  prettier: 'npm install --save-dev prettier',
  eslint: 'npm install --save-dev eslint',
  vitest: 'npm install --save-dev vitest',
  tsc: 'npm install --save-dev typescript',
  cargo: 'install Rust with rustup: https://rustup.rs',
  ruff: 'pipx install ruff (or: pip install ruff)',
  pytest: 'pip install pytest',
  npm: 'install Node.js: https://nodejs.org',
  npx: 'install Node.js: https://nodejs.org',
  node: 'install Node.js: https://nodejs.org',
};
