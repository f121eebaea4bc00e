// Real projects' Claude Code agent folders as a search evaluation (issue 11). Each project's
// agent descriptions carry `<example>` blocks in which the file's author wrote a user's request
// and named the agent that should take it: the request is the query, the author's agent the
// answer. Gathered verbatim from public repositories into ../shared/realworld/<batch>/<owner>__<repo>/
// (front matter whole, body cut near 2,000 characters; SOURCE.tsv says where each file came
// from). Not committed: the files are other people's; FLAGSTORE_REALWORLD may point elsewhere.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT } from './lib.mjs';

/** Where the gathered batches are. */
export const REALWORLD =
  process.env.FLAGSTORE_REALWORLD ?? resolve(ROOT, '..', 'shared', 'realworld');

/** A request shorter than this many words needs its example's context to be understood. */
const MIN_WORDS = 4;
const BLOCK = /<example>[\s\S]*?<\/example>/gi;
const USER = /user\s*:\s*([\s\S]*?)(?=(?:\\n|\s)*(?:assistant\s*:|<commentary>|<\/example>))/i;

/**
 * A project's split, fixed by its name alone before anything was measured: "dev" may be tuned
 * on, "test" is only ever measured.
 */
export function splitOf(slug) {
  const digit = parseInt(createHash('sha256').update(slug).digest('hex')[0], 16);
  return digit % 2 === 0 ? 'dev' : 'test';
}

function frontMatter(text) {
  const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  return match === null ? '' : match[0];
}

/** The author's request inside one example block, unescaped and unquoted, or null. */
export function userRequest(block) {
  const found = USER.exec(block);
  if (found === null) return null;
  const text = found[1]
    .replace(/\\+[nt]/g, ' ')
    .replace(/\\+(["'])/g, '$1')
    .replace(/\\+$/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^["'“‘]+|["'”’]+$/g, '')
    .trim();
  return text === '' ? null : text;
}

/** The file's text with the given example blocks of its front matter taken out. */
export function withoutBlocks(text, blocks) {
  const head = frontMatter(text);
  let cut = head;
  for (const block of blocks) cut = cut.replace(block, '');
  return cut + text.slice(head.length);
}

/** The example blocks of a file's front matter. */
export function exampleBlocks(text) {
  return frontMatter(text).match(BLOCK) ?? [];
}

function namesItsAgent(request, name) {
  const spoken = name.toLowerCase();
  const lower = request.toLowerCase();
  return lower.includes(spoken) || lower.includes(spoken.replace(/[-_]/g, ' '));
}

function fileName(text) {
  const match = /^name\s*:\s*["']?([^"'\r\n]+?)["']?\s*$/m.exec(frontMatter(text));
  return match === null ? '' : match[1];
}

/** One agent file's requests, with the counts of those left out and why. */
function fileRequests(file) {
  const name = fileName(file.text);
  const out = { requests: [], short: 0, named: 0, unreadable: 0 };
  for (const block of exampleBlocks(file.text)) {
    const request = userRequest(block);
    if (request === null) out.unreadable++;
    else if (request.split(' ').length < MIN_WORDS) out.short++;
    else if (name !== '' && namesItsAgent(request, name)) out.named++;
    else out.requests.push({ request, block });
  }
  return out;
}

/**
 * The batches, in the order they were gathered: the first split by name into dev and test; the
 * second ("held") gathered while the dev half was tuned on, measured once, then tuned on in
 * round 42; the third ("held2") gathered after round 41, measured only.
 */
const BATCHES = [
  { folder: 'raw', split: splitOf },
  { folder: 'raw2', split: () => 'held' },
  { folder: 'raw3', split: () => 'held2' },
];

function readProject(dir, slug, split) {
  const files = readdirSync(join(dir, slug))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((file) => ({ file, text: readFileSync(join(dir, slug, file), 'utf8') }));
  return { slug, split, files: files.map((f) => ({ ...f, ...fileRequests(f) })) };
}

function batchProjects(dir, split) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => readProject(dir, d.name, split(d.name)))
    .filter((p) => p.files.length > 0);
}

/** Every gathered project of every batch, or null when the first batch is absent. */
export function projects(root = REALWORLD) {
  if (!existsSync(join(root, BATCHES[0].folder))) return null;
  return BATCHES.flatMap((b) => batchProjects(join(root, b.folder), b.split));
}

/** Parses agent files given as text through the product's own reader, in a temp folder. */
export function parseFiles(readAgentDir, files) {
  const dir = mkdtempSync(join(tmpdir(), 'flagstore-realworld-'));
  try {
    for (const f of files) writeFileSync(join(dir, f.file), f.text);
    return readAgentDir(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
