/// <reference lib="dom" />
/** Small formatting helpers shared by the views. */
import { formatAge } from '../../core/duration.js';
import { h } from './dom.js';

/** A number with thousands separators. */
export function count(n: number): string {
  return n.toLocaleString('en');
}

/** How long ago a timestamp was, e.g. `3d`. */
export function age(iso: string): string {
  return formatAge(iso, new Date());
}

/** The badge of an impact level. */
export function impactBadge(impact: string): HTMLElement {
  return h('span', { class: `badge impact-${impact}` }, impact);
}

/** A link to a flag shown in full, named by its short form (the one `list` prints). */
export function flagLink(id: string, text: string): HTMLAnchorElement {
  return h('a', { href: `#/flag/${id}`, class: 'flag-link', 'data-id': id }, text);
}

/** Pager controls: "1–50 of 1,234" with previous and next buttons. */
export function pager(
  options: { page: number; size: number; total: number; label: string },
  go: (page: number) => void,
): HTMLElement {
  const { page, size, total } = options;
  const last = Math.max(0, Math.ceil(total / size) - 1);
  const from = total === 0 ? 0 : page * size + 1;
  const to = Math.min(total, (page + 1) * size);
  // Labelled, so a redraw gives the keyboard focus back to the button that was pressed.
  const button = (text: string, target: number, disabled: boolean): HTMLButtonElement => {
    const label = `${options.label} ${target < page ? 'previous' : 'next'} page`;
    const b = h('button', { type: 'button', class: 'pager-button', 'aria-label': label }, text);
    b.disabled = disabled;
    b.addEventListener('click', () => go(target));
    return b;
  };
  return h(
    'div',
    { class: 'pager', 'aria-label': `${options.label} pages` },
    button('‹ previous', page - 1, page === 0),
    h('span', { class: 'pager-count' }, `${count(from)}–${count(to)} of ${count(total)}`),
    button('next ›', page + 1, page >= last),
  );
}
