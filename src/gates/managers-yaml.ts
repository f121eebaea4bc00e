/**
 * lefthook, and the YAML editing the pre-commit framework's managers share
 * (src/gates/managers-framework.ts). The gate becomes an entry of their configuration, edited as
 * a document; only the lines that edit changes are
 * written into the user's file, every other byte stays as it was (src/core/carry-edit.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import YAML, { type Document, isMap, isSeq } from 'yaml';
import { carryEdit } from '../core/carry-edit.js';
import { HOOK_LINE, HOOK_NAMES, HOOK_SCRIPT, type HookName } from './hook-text.js';
import { dependsOn, readText, writeConfig, writeIfChanged, type HookManager } from './manager.js';

const LEFTHOOK_FILES = ['lefthook.yml', '.lefthook.yml', 'lefthook.yaml', '.lefthook.yaml'];
const ID = 'flagstore';

/** True when a YAML node (as data) calls the hook script. */
export function mentions(node: unknown): boolean {
  return JSON.stringify(node ?? null).includes(HOOK_SCRIPT);
}

function lefthookFile(root: string): string | null {
  return LEFTHOOK_FILES.find((f) => existsSync(join(root, f))) ?? null;
}

/** A YAML text as a document (an empty one when absent). */
export function parse(text: string | null): Document {
  return YAML.parseDocument(text ?? '');
}

/** The data a YAML text holds, as JSON (null when it does not parse cleanly). */
function dataOf(text: string): string | null {
  const doc = parse(text);
  return doc.errors.length > 0 ? null : JSON.stringify(doc.toJS());
}

/** A way to render a document as text, in one layout. */
type Render = (doc: Document) => string;

/**
 * The `-   repo:` layout (`pre-commit sample-config`'s: sequences not indented, 4 spaces, each
 * item's dash padded to the indent), which the YAML library cannot render: its 2-space
 * unindented layout with every indent, and every item's `- `, doubled. A block scalar's own
 * indentation doubles too; {@link carried} then finds other data and tries the next layout.
 */
function padded(doc: Document): string {
  const text = doc.toString({ indentSeq: false, lineWidth: 0 });
  return text.replace(/^( *)((?:- )*)/gm, (_, spaces: string, dashes: string) => {
    return `${spaces}${spaces}${'-   '.repeat(dashes.length / 2)}`;
  });
}

/**
 * The layouts a file is rendered in: the YAML library's own (2 spaces, sequences indented), and
 * those of files written otherwise, such as `pre-commit sample-config`'s `-   repo:`
 * ({@link padded}) and 4-space files. None folds a long line: the gate's one-line `run:`
 * command stays on one line, as a person would write it.
 */
const LAYOUTS: Render[] = [
  ...[{}, { indentSeq: false }, { indent: 4 }, { indent: 4, indentSeq: false }].map(
    (layout) => (doc: Document) => doc.toString({ ...layout, lineWidth: 0 }),
  ),
  padded,
];

/**
 * The edit carried onto the user's text in the first layout where it holds the same data as
 * the document, or null when it holds in none. A layout that renders the user's file byte for
 * byte is tried first, so the lines added are in the file's own layout.
 */
function carried(original: string, doc: Document): string | null {
  const want = JSON.stringify(doc.toJS());
  const source = parse(original);
  const tries = LAYOUTS.map((render) => ({ render, rendered: render(source) }));
  const own = tries.filter((t) => t.rendered === original);
  for (const { render, rendered } of [...own, ...tries.filter((t) => !own.includes(t))]) {
    const text = carryEdit({ original, rendered, edited: render(doc) });
    if (text !== null && dataOf(text) === want) return text;
  }
  return null;
}

/**
 * Writes the edited document over the file `before` was read from: the edit carried onto the
 * user's text (see {@link carried}); where it cannot be carried, the document as the library
 * renders it, with the file's line ends.
 */
export function writeEdited(
  root: string,
  rel: string,
  before: string | null,
  doc: Document,
): Promise<boolean> {
  const text = carried(before ?? '', doc);
  return text !== null
    ? writeIfChanged(root, rel, before, text)
    : writeConfig(root, rel, before, doc.toString({ lineWidth: 0 }));
}

/** Adds our job to one lefthook hook section (jobs list, commands map, or a new jobs list). */
function addLefthookJob(doc: Document, hook: HookName): boolean {
  const section = doc.get(hook, true);
  if (mentions(doc.toJS()?.[hook])) return false;
  if (!isMap(section)) {
    doc.set(hook, doc.createNode({ jobs: [{ name: ID, run: HOOK_LINE }] }));
    return true;
  }
  const jobs = section.get('jobs', true);
  const commands = section.get('commands', true);
  if (isSeq(jobs)) jobs.add(doc.createNode({ name: ID, run: HOOK_LINE }));
  else if (isMap(commands)) commands.set(ID, doc.createNode({ run: HOOK_LINE }));
  else section.set('jobs', doc.createNode([{ name: ID, run: HOOK_LINE }]));
  return true;
}

function dropLefthookJob(doc: Document, hook: HookName): boolean {
  const section = doc.get(hook, true);
  if (!isMap(section) || !mentions(section.toJSON())) return false;
  const jobs = section.get('jobs', true);
  if (isSeq(jobs))
    jobs.items = jobs.items.filter((item) => !mentions(YAML.isNode(item) ? item.toJSON() : item));
  const commands = section.get('commands', true);
  if (isMap(commands) && mentions(commands.get(ID))) commands.delete(ID);
  if (isSeq(jobs) && jobs.items.length === 0) section.delete('jobs');
  if (isMap(commands) && commands.items.length === 0) section.delete('commands');
  if (section.items.length === 0) doc.delete(hook);
  return true;
}

/** lefthook: a `flagstore` job in `pre-commit` and `pre-merge-commit` of lefthook.yml. */
export const lefthook: HookManager = {
  name: 'lefthook',
  inUse: (root, texts) =>
    lefthookFile(root) !== null ||
    dependsOn(root, 'lefthook') ||
    texts.some((t) => /lefthook/i.test(t)),
  async ensure(root, report) {
    const rel = lefthookFile(root) ?? 'lefthook.yml';
    const text = readText(root, rel);
    const doc = parse(text);
    const added = HOOK_NAMES.filter((hook) => addLefthookJob(doc, hook));
    if (added.length === 0) return void report.unchanged.push(rel);
    await writeEdited(root, rel, text, doc);
    report.created.push(`${rel} (${added.join(', ')}: job ${ID})`);
  },
  async remove(root, report) {
    const rel = lefthookFile(root);
    if (rel === null) return;
    const text = readText(root, rel);
    const doc = parse(text);
    const dropped = HOOK_NAMES.filter((hook) => dropLefthookJob(doc, hook));
    if (dropped.length === 0) return;
    await writeEdited(root, rel, text, doc);
    report.removed.push(`${rel} (${dropped.join(', ')}: job ${ID})`);
  },
  carries(root, hook) {
    const rel = lefthookFile(root);
    return rel !== null && mentions(parse(readText(root, rel)).toJS()?.[hook]);
  },
  owns: (text) => /lefthook/i.test(text),
};
