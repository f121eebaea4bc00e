/// <reference lib="dom" />
/**
 * A few DOM helpers for the board page. Untrusted text only ever becomes a text node or an
 * attribute value set through `setAttribute`; nothing here parses HTML. Both are sanitised
 * (core/sanitize.ts): a bidi override in a flag cannot reorder what the board shows.
 */
import { sanitize } from '../../core/sanitize.js';

/** What an element may contain: nodes, text, or nothing. */
export type Child = Node | string | number | null | undefined | false;

/** Attributes of an element; event handler attributes are refused. */
export type Attrs = Record<string, string | undefined>;

function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(
      typeof child === 'object' ? child : document.createTextNode(sanitize(String(child))),
    );
  }
}

function setAttrs(element: Element, attrs: Attrs): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined) continue;
    if (/^on/i.test(name)) throw new Error(`event handler attribute ${name} refused`);
    element.setAttribute(name, sanitize(value));
  }
}

/** An HTML element with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  setAttrs(element, attrs);
  append(element, children);
  return element;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element with attributes and children. */
export function svg(tag: string, attrs: Attrs = {}, ...children: Child[]): SVGElement {
  const element = document.createElementNS(SVG_NS, tag) as SVGElement;
  setAttrs(element, attrs);
  append(element, children);
  return element;
}

/** Replaces an element's children. */
export function fill(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** A select box whose value is `current`; `label` names it for screen readers and tests. */
export function select(
  label: string,
  options: [string, string][],
  current: string,
  onChange: (value: string) => void,
): HTMLSelectElement {
  const box = h('select', { 'aria-label': label, name: label });
  for (const [value, text] of options) {
    const option = h('option', { value }, text);
    option.selected = value === current;
    box.appendChild(option);
  }
  box.addEventListener('change', () => onChange(box.value));
  return box;
}

/** The labelled control that has the keyboard focus inside `root`, with its caret. */
export interface FocusedControl {
  label: string;
  caret: [number, number] | null;
}

/** What has the focus in `root` before a redraw replaces it (null when nothing labelled). */
export function focusedControl(root: HTMLElement): FocusedControl | null {
  const active = document.activeElement;
  const label = active?.getAttribute('aria-label');
  if (active === null || !root.contains(active) || label === null || label === undefined) {
    return null;
  }
  const input = active instanceof HTMLInputElement ? active : null;
  const caret: [number, number] | null =
    input?.selectionStart == null ? null : [input.selectionStart, input.selectionEnd ?? 0];
  return { label, caret };
}

/** Gives the focus back to the redrawn control of the same label, caret where it was. */
export function restoreFocus(root: HTMLElement, focus: FocusedControl | null): void {
  if (focus === null) return;
  const control = [...root.querySelectorAll<HTMLElement>('[aria-label]')].find(
    (el) => el.getAttribute('aria-label') === focus.label,
  );
  control?.focus();
  if (control instanceof HTMLInputElement && focus.caret !== null) {
    control.setSelectionRange(focus.caret[0], focus.caret[1]);
  }
}
