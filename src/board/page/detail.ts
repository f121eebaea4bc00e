/// <reference lib="dom" />
/** One flag in full: fields, texts, its chain of questions and answers, and its history. */
import type { FlagView, HistoryStep } from '../../core/board-model.js';
import { h, type Child } from './dom.js';
import { NO_TARGET, stateWords } from '../../core/lifecycle.js';
import { flagLink, impactBadge } from './format.js';
import { badgeFields } from './rows.js';

const SECTIONS: [string, string][] = [
  ['change_description', 'Change description'],
  ['action_required', 'Action required'],
  ['example_usage', 'Example usage'],
  ['notes', 'Notes'],
];

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

function field(label: string, value: unknown): Child {
  const shown = Array.isArray(value) ? value.join(', ') : text(value);
  if (shown === '') return null;
  return h('div', { class: 'field' }, h('dt', {}, label), h('dd', {}, shown));
}

function historyTable(steps: HistoryStep[]): HTMLElement {
  return h(
    'table',
    { class: 'history', 'aria-label': 'history' },
    h(
      'thead',
      {},
      h('tr', {}, ...['commit', 'date', 'change', 'by', 'details'].map((t) => h('th', {}, t))),
    ),
    h(
      'tbody',
      {},
      ...steps.map((s) =>
        h(
          'tr',
          {},
          h('td', { class: 'id' }, s.commit?.slice(0, 10) ?? '(work tree)'),
          h('td', {}, s.date ?? ''),
          h('td', {}, s.kind),
          h('td', {}, s.by ?? ''),
          h('td', {}, s.detail),
        ),
      ),
    ),
  );
}

function chainList(view: FlagView): HTMLElement {
  const id = text(view.flag.id);
  return h(
    'ol',
    { class: 'chain', 'aria-label': 'chain' },
    ...view.chain.map((row) =>
      h(
        'li',
        { class: row.id === id ? 'current' : '' },
        flagLink(row.id, row.short),
        ' ',
        h('span', { class: 'type' }, row.type),
        ` ${row.source} → ${row.target ?? NO_TARGET}, ${row.status}: `,
        row.title,
      ),
    ),
  );
}

/** The detail panel of one flag. */
export function detailView(view: FlagView, close: () => void): HTMLElement {
  const f = view.flag;
  const row = badgeFields(f);
  const closer = h('button', { type: 'button', class: 'close', 'aria-label': 'close' }, '×');
  closer.addEventListener('click', close);
  return h(
    'aside',
    { class: 'detail', 'aria-label': 'flag detail', 'data-id': text(f.id) },
    closer,
    h('h2', {}, text(f.id)),
    h(
      'p',
      { class: 'badges' },
      impactBadge(row.impact),
      ' ',
      h('span', { class: 'type' }, row.type),
      ' ',
      stateWords(row),
    ),
    h(
      'dl',
      {},
      field('from', f.source_agent),
      field('to', f.target_agent ?? NO_TARGET),
      field('created', f.created_at),
      field('locked by', f.locked_by),
      field('lock expires', f.lock_expires_at),
      field(
        'completed',
        f.completed_at ? `${text(f.completed_at)} by ${text(f.completed_by)}` : null,
      ),
      field('files', f.related_files),
      field('location', f.code_location),
      field('context', f.context),
    ),
    ...SECTIONS.map(([key, title]) =>
      text(f[key]) === ''
        ? null
        : h('section', {}, h('h3', {}, title), h('pre', { class: 'text' }, text(f[key]))),
    ),
    view.chain.length > 1 ? h('section', {}, h('h3', {}, 'Chain'), chainList(view)) : null,
    h(
      'section',
      {},
      h('h3', {}, 'History'),
      view.history === null
        ? h('p', { class: 'note' }, view.historyNote ?? '')
        : historyTable(view.history),
    ),
  );
}
