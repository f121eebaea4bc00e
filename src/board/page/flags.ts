/// <reference lib="dom" />
/** The flags view: critical and overdue flags first, filters, and one page of the list. */
import { rowMatcher, type BoardRow } from '../../core/board-model.js';
import { NO_TARGET, stateWords } from '../../core/lifecycle.js';
import { FLAG_TYPES, IMPACT_LEVELS } from '../../core/types.js';
import { setFilter, type App } from './app.js';
import { h, select } from './dom.js';
import { age, count, flagLink, impactBadge, pager } from './format.js';

/** Rows per page: the list never holds more than this many rows in the DOM. */
export const PAGE_SIZE = 50;
const URGENT_MAX = 8;

function agentsOf(app: App): string[] {
  const handles = new Set<string>();
  for (const row of app.data.rows) {
    handles.add(row.source);
    if (row.target !== null) handles.add(row.target);
  }
  return [...handles].sort();
}

function filters(app: App): HTMLElement {
  const f = app.filter;
  const any = (label: string): [string, string] => ['', label];
  const pairs = (values: readonly string[]): [string, string][] => values.map((v) => [v, v]);
  return h(
    'div',
    { class: 'filters' },
    select(
      'status',
      [
        ['pending', 'pending'],
        ['completed', 'completed'],
        ['all', 'all statuses'],
      ],
      f.status,
      (v) => setFilter(app, { status: v as App['filter']['status'] }),
    ),
    select('agent', [any('any agent'), ...pairs(agentsOf(app))], f.agent, (v) =>
      setFilter(app, { agent: v }),
    ),
    select('type', [any('any type'), ...pairs(FLAG_TYPES)], f.type, (v) =>
      setFilter(app, { type: v }),
    ),
    select('impact', [any('any impact'), ...pairs(IMPACT_LEVELS)], f.impact, (v) =>
      setFilter(app, { impact: v }),
    ),
    select(
      'age',
      [
        any('any age'),
        ['new', 'under a day'],
        ['week', '1 to 7 days'],
        ['old', 'over 7 days'],
        ['month', 'over 30 days'],
      ],
      f.age,
      (v) => setFilter(app, { age: v }),
    ),
    searchBox(app),
  );
}

function searchBox(app: App): HTMLInputElement {
  const input = h('input', {
    type: 'search',
    placeholder: 'search id, text, agent',
    'aria-label': 'search',
  });
  input.value = app.filter.text;
  input.addEventListener('input', () => setFilter(app, { text: input.value }));
  return input;
}

function rowElement(row: BoardRow, selected: string | null): HTMLTableRowElement {
  const classes = ['flag-row', row.overdue ? 'overdue' : '', row.id === selected ? 'selected' : ''];
  return h(
    'tr',
    { class: classes.join(' ').trim(), 'data-id': row.id },
    h('td', { class: 'id' }, flagLink(row.id, row.short)),
    h('td', {}, impactBadge(row.impact)),
    h('td', { class: 'type' }, row.type),
    h('td', { class: 'agents' }, row.source, ' → ', row.target ?? NO_TARGET),
    h(
      'td',
      { class: 'state' },
      stateWords(row),
      row.overdue ? h('span', { class: 'badge overdue' }, 'overdue') : null,
    ),
    h('td', { class: 'age' }, age(row.created)),
    h('td', { class: 'title' }, row.title),
  );
}

/** A table of flag rows. */
export function flagTable(
  rows: BoardRow[],
  selected: string | null,
  label: string,
): HTMLTableElement {
  const head = ['id', 'impact', 'type', 'from → to', 'state', 'age', 'change'];
  return h(
    'table',
    { class: 'flags', 'aria-label': label },
    h('thead', {}, h('tr', {}, ...head.map((title) => h('th', {}, title)))),
    h('tbody', {}, ...rows.map((row) => rowElement(row, selected))),
  );
}

function urgent(app: App): HTMLElement | null {
  const rows = app.data.rows.filter(
    (r) => r.status === 'pending' && (r.impact === 'critical' || r.overdue),
  );
  if (rows.length === 0) return null;
  const more = rows.length > URGENT_MAX ? `, ${count(URGENT_MAX)} shown` : '';
  return h(
    'section',
    { class: 'urgent', 'aria-label': 'critical and overdue' },
    h('h2', {}, `Critical and overdue (${count(rows.length)}${more})`),
    flagTable(rows.slice(0, URGENT_MAX), app.selected, 'critical and overdue flags'),
  );
}

/** The flags view. */
export function flagsView(app: App): HTMLElement {
  const rows = app.data.rows.filter(rowMatcher(app.filter, new Date()));
  const last = Math.max(0, Math.ceil(rows.length / PAGE_SIZE) - 1);
  app.page = Math.min(app.page, last);
  const page = rows.slice(app.page * PAGE_SIZE, (app.page + 1) * PAGE_SIZE);
  const go = (p: number): void => {
    app.page = p;
    app.render();
  };
  return h(
    'div',
    { class: 'flags-view' },
    urgent(app),
    h(
      'section',
      { class: 'list', 'aria-label': 'all flags' },
      h('h2', {}, 'Flags'),
      filters(app),
      rows.length === 0
        ? h('p', { class: 'empty' }, 'No flag matches these filters.')
        : flagTable(page, app.selected, 'flags'),
      pager({ page: app.page, size: PAGE_SIZE, total: rows.length, label: 'flags' }, go),
    ),
  );
}
