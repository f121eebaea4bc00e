/// <reference lib="dom" />
/** The page's state and its router: one hash route per view, so every view has a link. */
import { DEFAULT_FILTER, type BoardData, type RowFilter } from '../../core/board-model.js';
import type { Source } from './source.js';

/** The views of the board. */
export const VIEWS = ['flags', 'agents', 'chains', 'invalid'] as const;
/** One of {@link VIEWS}. */
export type View = (typeof VIEWS)[number];

/** Everything the page renders from. */
export interface App {
  source: Source;
  data: BoardData;
  view: View;
  /** The flag shown in full, if any. */
  selected: string | null;
  filter: RowFilter;
  page: number;
  chainPage: number;
  /** Renders the page again after a state change. */
  render: () => void;
}

/** Reads the route from the location hash: `#/flags`, `#/agents`, `#/flag/<id>`, ... */
export function readRoute(hash: string): { view: View; selected: string | null } {
  const parts = hash.replace(/^#\/?/, '').split('/');
  if (parts[0] === 'flag' && parts[1]) return { view: 'flags', selected: parts[1] };
  const view = VIEWS.find((v) => v === parts[0]) ?? 'flags';
  return { view, selected: null };
}

/** Changes the filter, back to the first page. */
export function setFilter(app: App, change: Partial<RowFilter>): void {
  app.filter = { ...app.filter, ...change };
  app.page = 0;
  app.render();
}

/** A new app state for freshly loaded data. */
export function newApp(source: Source, data: BoardData, render: () => void): App {
  return {
    source,
    data,
    ...readRoute(location.hash),
    filter: { ...DEFAULT_FILTER },
    page: 0,
    chainPage: 0,
    render,
  };
}
