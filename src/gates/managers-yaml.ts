/**
 * lefthook and pre-commit (pre-commit.com): managers configured in YAML. The gate becomes an
 * entry of their configuration, edited as a document; only the lines that edit changes are
 * written into the user's file, every other byte stays as it was (src/core/carry-edit.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import YAML, { type Document, isMap, isSeq, type YAMLMap, type YAMLSeq } from 'yaml';
import { carryEdit } from '../core/carry-edit.js';
import { HOOK_LINE, HOOK_NAMES, HOOK_SCRIPT, type HookName } from './hook-text.js';
import { dependsOn, readText, writeConfig, writeIfChanged, type HookManager } from './manager.js';
import { frameworkCarries, PRE_COMMIT_FILE } from './precommit-config.js';

const LEFTHOOK_FILES = ['lefthook.yml', '.lefthook.yml', 'lefthook.yaml', '.lefthook.yaml'];
const ID = 'flagstore';

function mentions(node: unknown): boolean {
  return JSON.stringify(node ?? null).includes(HOOK_SCRIPT);
}

function lefthookFile(root: string): string | null {
  return LEFTHOOK_FILES.find((f) => existsSync(join(root, f))) ?? null;
}

function parse(text: string | null): Document {
  return YAML.parseDocument(text ?? '');
}

/** The data a YAML text holds, as JSON (null when it does not parse cleanly). */
function dataOf(text: string): string | null {
  const doc = parse(text);
  return doc.errors.length > 0 ? null : JSON.stringify(doc.toJS());
}

/**
 * The layouts the YAML library can render a file in: its own (2 spaces, sequences indented),
 * and those of files written otherwise, such as `pre-commit sample-config`'s `-   repo:`
 * (sequences not indented) and 4-space files.
 */
const LAYOUTS: YAML.ToStringOptions[] = [
  {},
  { indentSeq: false },
  { indent: 4 },
  { indent: 4, indentSeq: false },
];

/**
 * The edit carried onto the user's text in the first layout where it holds the same data as
 * the document, or null when it holds in none.
 */
function carried(original: string, doc: Document): string | null {
  const want = JSON.stringify(doc.toJS());
  for (const layout of LAYOUTS) {
    const rendered = parse(original).toString(layout);
    const text = carryEdit({ original, rendered, edited: doc.toString(layout) });
    if (text !== null && dataOf(text) === want) return text;
  }
  return null;
}

/**
 * Writes the edited document over the file `before` was read from: the edit carried onto the
 * user's text (see {@link carried}); where it cannot be carried, the document as the library
 * renders it, with the file's line ends.
 */
function writeEdited(
  root: string,
  rel: string,
  before: string | null,
  doc: Document,
): Promise<boolean> {
  const text = carried(before ?? '', doc);
  return text !== null
    ? writeIfChanged(root, rel, before, text)
    : writeConfig(root, rel, before, doc.toString());
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

/** No `stages`: such a hook runs in every hook type installed, and stage names differ by version. */
const LOCAL_HOOK = {
  id: ID,
  name: 'flagstore gates',
  entry: `sh ${HOOK_SCRIPT}`,
  language: 'system',
  pass_filenames: false,
  always_run: true,
};

function localRepos(doc: Document): YAMLMap[] {
  const repos = doc.get('repos', true);
  if (!isSeq(repos)) return [];
  return repos.items.filter((r): r is YAMLMap => isMap(r) && r.get('repo') === 'local');
}

/** pre-commit: a `repo: local` hook in .pre-commit-config.yaml, for commits and merges. */
export const preCommitFramework: HookManager = {
  name: 'pre-commit',
  inUse: (root, texts) =>
    existsSync(join(root, PRE_COMMIT_FILE)) ||
    texts.some((t) => t.includes('File generated by pre-commit')),
  async ensure(root, report) {
    const text = readText(root, PRE_COMMIT_FILE);
    const doc = parse(text);
    if (mentions(doc.toJS()?.repos)) return void report.unchanged.push(PRE_COMMIT_FILE);
    let repos = doc.get('repos', true);
    if (!isSeq(repos)) {
      doc.set('repos', doc.createNode([]));
      repos = doc.get('repos', true) as YAMLSeq;
    }
    if ((repos as YAMLSeq).items.length === 0) (repos as YAMLSeq).flow = false;
    (repos as YAMLSeq).add(doc.createNode({ repo: 'local', hooks: [LOCAL_HOOK] }));
    await writeEdited(root, PRE_COMMIT_FILE, text, doc);
    report.created.push(`${PRE_COMMIT_FILE} (repo: local, hook ${ID})`);
    report.manual.push(
      'to install the merge hook too: pre-commit install -t pre-commit -t pre-merge-commit',
    );
  },
  async remove(root, report) {
    const text = readText(root, PRE_COMMIT_FILE);
    if (text === null) return;
    const doc = parse(text);
    const repos = doc.get('repos', true) as YAMLSeq;
    let dropped = false;
    for (const repo of localRepos(doc)) {
      const hooks = repo.get('hooks', true);
      if (!isSeq(hooks)) continue;
      const before = hooks.items.length;
      hooks.items = hooks.items.filter(
        (h) => !(isMap(h) && h.get('id') === ID && mentions(h.toJSON())),
      );
      dropped ||= hooks.items.length < before;
      if (hooks.items.length === 0) repos.items = repos.items.filter((r) => r !== repo);
    }
    if (!dropped) return;
    await writeEdited(root, PRE_COMMIT_FILE, text, doc);
    report.removed.push(`${PRE_COMMIT_FILE} (hook ${ID})`);
  },
  carries: frameworkCarries,
  owns: (text) => text.includes('File generated by pre-commit'),
};
