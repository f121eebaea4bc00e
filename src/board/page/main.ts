/// <reference lib="dom" />
/**
 * The board page: loads the data (live API or inlined report), renders the current view, and
 * on the live board polls a cheap change token to refresh without a reload.
 */
import type { FlagView } from '../../core/board-model.js';
import { newApp, readRoute, VIEWS, type App } from './app.js';
import { detailView } from './detail.js';
import { fill, focusedControl, h, restoreFocus } from './dom.js';
import { flagsView } from './flags.js';
import { count } from './format.js';
import { agentsView } from './graph.js';
import { chainsView, invalidView } from './lists.js';
import { liveSource, staticSource, type Source } from './source.js';

const POLL_MS = 1500;

function header(app: App): HTMLElement {
  const rows = app.data.rows;
  const pending = rows.filter((r) => r.status === 'pending');
  const stats: [string, number][] = [
    ['pending', pending.length],
    ['critical', pending.filter((r) => r.impact === 'critical').length],
    ['overdue', pending.filter((r) => r.overdue).length],
    ['completed', rows.length - pending.length],
    ['invalid files', app.data.invalid.length],
  ];
  const when = new Date(app.data.generatedAt).toLocaleTimeString();
  return h(
    'header',
    {},
    h('h1', {}, 'flagstore ', h('span', { class: 'repo' }, app.data.repo)),
    h(
      'ul',
      { class: 'stats' },
      ...stats.map(([label, n]) =>
        h(
          'li',
          { class: `stat stat-${label.replace(' ', '-')}` },
          h('b', {}, count(n)),
          ` ${label}`,
        ),
      ),
    ),
    h(
      'p',
      { class: 'status', id: 'status' },
      app.source.live ? `live · updated ${when}` : `report of ${app.data.generatedAt}`,
    ),
  );
}

function nav(app: App): HTMLElement {
  return h(
    'nav',
    {},
    ...VIEWS.map((view) =>
      h(
        'a',
        { href: `#/${view}`, class: view === app.view ? 'tab active' : 'tab', 'data-view': view },
        view,
      ),
    ),
  );
}

function mainView(app: App): HTMLElement {
  if (app.view === 'agents') return agentsView(app);
  if (app.view === 'chains') return chainsView(app);
  if (app.view === 'invalid') return invalidView(app);
  return flagsView(app);
}

async function showDetail(app: App, panel: HTMLElement): Promise<void> {
  const id = app.selected;
  if (id === null) return;
  let view: FlagView | null;
  try {
    view = await app.source.flag(id);
  } catch (error) {
    fill(panel, h('p', { class: 'error' }, `cannot load flag ${id}: ${(error as Error).message}`));
    return;
  }
  if (app.selected !== id) return;
  const close = (): void => {
    location.hash = `#/${app.view}`;
  };
  fill(
    panel,
    view === null ? h('p', { class: 'error' }, `no flag ${id}`) : detailView(view, close),
  );
}

function render(app: App, root: HTMLElement): void {
  const panel = h('div', { class: 'detail-box' });
  const focus = focusedControl(root);
  fill(
    root,
    header(app),
    nav(app),
    h('main', { class: app.selected === null ? '' : 'with-detail' }, mainView(app), panel),
  );
  restoreFocus(root, focus);
  void showDetail(app, panel);
}

async function poll(app: App, last: string | null): Promise<void> {
  let token = last;
  try {
    token = await app.source.token();
    if (token !== last) {
      app.data = await app.source.board();
      app.render();
    }
  } catch {
    const status = document.getElementById('status');
    if (status !== null) status.textContent = 'disconnected: is flagstore board still running?';
  }
  setTimeout(() => void poll(app, token), POLL_MS);
}

async function start(): Promise<void> {
  const root = h('div', { id: 'board' });
  document.body.appendChild(root);
  const inline = document.getElementById('flagstore-data');
  const source: Source = inline === null ? liveSource() : staticSource(inline);
  try {
    const [token, data] = await Promise.all([source.token(), source.board()]);
    const app = newApp(source, data, () => render(app, root));
    window.addEventListener('hashchange', () => {
      Object.assign(app, readRoute(location.hash));
      app.render();
    });
    app.render();
    document.body.dataset.ready = 'true';
    if (source.live) setTimeout(() => void poll(app, token), POLL_MS);
  } catch (error) {
    fill(root, h('p', { class: 'error' }, `cannot load the board: ${(error as Error).message}`));
  }
}

if (document.readyState === 'loading')
  document.addEventListener('DOMContentLoaded', () => void start());
else void start();
