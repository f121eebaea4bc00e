/// <reference lib="dom" />
/** The chains view (questions and their answers) and the invalid files view. */
import { chainOf, chains } from '../../core/board-model.js';
import { problemText } from '../../core/rules.js';
import type { App } from './app.js';
import { h } from './dom.js';
import { count, pager } from './format.js';
import { flagTable } from './flags.js';

const CHAINS_PER_PAGE = 20;
const INVALID_MAX = 200;

/** The chains view: every chain with a follow-up, most pending first, one page at a time. */
export function chainsView(app: App): HTMLElement {
  const all = chains(app.data.rows);
  const page = all.slice(app.chainPage * CHAINS_PER_PAGE, (app.chainPage + 1) * CHAINS_PER_PAGE);
  const go = (p: number): void => {
    app.chainPage = p;
    app.render();
  };
  return h(
    'section',
    { class: 'chains-view', 'aria-label': 'chains' },
    h('h2', {}, `Chains (${count(all.length)})`),
    h(
      'p',
      { class: 'note' },
      'A chain is a flag and the flags that follow from it (created with --chain): a question and its answers.',
    ),
    all.length === 0 ? h('p', { class: 'empty' }, 'No chain yet.') : null,
    ...page.map((c) =>
      h(
        'div',
        { class: 'chain-card', 'data-origin': c.origin },
        h('h3', {}, `${count(c.size)} flags, ${count(c.pending)} pending`),
        flagTable(chainOf(app.data.rows, c.origin), app.selected, 'chain'),
      ),
    ),
    pager({ page: app.chainPage, size: CHAINS_PER_PAGE, total: all.length, label: 'chains' }, go),
  );
}

/** The invalid files view: every file that failed validation, with its problems. */
export function invalidView(app: App): HTMLElement {
  const files = app.data.invalid;
  return h(
    'section',
    { class: 'invalid-view', 'aria-label': 'invalid files' },
    h('h2', {}, `Invalid files (${count(files.length)})`),
    files.length === 0
      ? h('p', { class: 'empty' }, 'Every flag and agent file is valid.')
      : h(
          'p',
          { class: 'note' },
          'These files are skipped by every command until they are fixed; run flagstore validate for the same list.',
        ),
    files.length > INVALID_MAX
      ? h('p', { class: 'note' }, `The first ${INVALID_MAX} are shown.`)
      : null,
    ...files
      .slice(0, INVALID_MAX)
      .map((file) =>
        h(
          'div',
          { class: 'invalid-file' },
          h('h3', {}, file.path),
          h(
            'ul',
            {},
            ...file.problems.map((p) =>
              h('li', { class: p.severity }, `line ${p.line}: ${problemText(p)}`),
            ),
          ),
        ),
      ),
  );
}
