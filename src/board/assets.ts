/**
 * The board page: its bundled script and style (built by scripts/bundle.mjs into dist/board/),
 * the HTML shell around them, and the Content Security Policy that goes with each form.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FlagstoreError } from '../core/errors.js';
import { escapeUnsafeJson } from '../core/sanitize.js';
import { PACKAGE_ROOT } from '../store/package.js';

/** The bundled page script and style. */
export interface Assets {
  script: string;
  style: string;
}

let cached: Assets | undefined;

/** Reads the bundled assets once per process. */
export function loadAssets(): Assets {
  if (cached !== undefined) return cached;
  const dir = join(PACKAGE_ROOT, 'dist', 'board');
  try {
    cached = {
      script: readFileSync(join(dir, 'board.js'), 'utf8'),
      style: readFileSync(join(dir, 'board.css'), 'utf8'),
    };
  } catch (error) {
    throw new FlagstoreError(
      'not_found',
      `the board's page is not built (${(error as Error).message})`,
      {
        fix: 'npm run build',
      },
    );
  }
  return cached;
}

/** The policy of the live board: only its own script, style and API; nothing inline, no frames. */
export const LIVE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The policy of a static report: only the inlined script and style, by hash; no network. */
export function reportCsp(assets: Assets): string {
  return [
    "default-src 'none'",
    `script-src ${sha256(assets.script)}`,
    `style-src ${sha256(assets.style)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * JSON text made safe inside a `<script type="application/json">` element, and in a terminal or
 * a CI log when the report goes to standard output: no raw control or bidi character (see
 * escapeUnsafeJson), and no `##[`, which GitHub Actions runs as a command anywhere in a line. A
 * piece of it is made safe as the whole would be: pieces never cut a JSON string, and every
 * rule replaces text within one string.
 */
function inertJson(json: string): string {
  return escapeUnsafeJson(json)
    .replace(/##\[/g, '##\\u005b')
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const SHELL_TOP = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">`;

/** The page served by `flagstore board`: assets by URL, data from the API. */
export function livePage(): string {
  return `${SHELL_TOP}
<title>flagstore board</title>
<link rel="stylesheet" href="/board.css">
<script defer src="/board.js"></script>
</head>
<body data-mode="live"><noscript>The flagstore board needs JavaScript.</noscript></body>
</html>
`;
}

/**
 * A self-contained report (script, style and data inline, under a hash-based policy) in pieces
 * around its data's JSON, itself given in pieces (`JSON.stringify`'s text cut anywhere): at
 * 100,000 flags the page is 170 MB, never held as one string.
 */
export function* staticPagePieces(assets: Assets, json: Iterable<string>): Generator<string> {
  yield `${SHELL_TOP}
<meta http-equiv="Content-Security-Policy" content="${reportCsp(assets)}">
<title>flagstore report</title>
<style>${assets.style}</style>
<script type="application/json" id="flagstore-data">`;
  for (const piece of json) yield inertJson(piece);
  yield `</script>
<script>${assets.script}</script>
</head>
<body data-mode="static"><noscript>This report needs JavaScript to show its views.</noscript></body>
</html>
`;
}
