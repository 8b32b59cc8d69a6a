/**
 * The element builder of every screen: no framework, no innerHTML (text is always set as text), no
 * inline styles or scripts (widths go through the CSSOM, which the Content-Security-Policy allows).
 */

export type Child = Node | string | number | null | undefined | false | Child[];
export type Attrs = Record<string, string | number | boolean | null | undefined | ((event: Event) => void)>;

/**
 * `h('button', { class: 'primary', onclick: save }, 'Opslaan')`. Attributes that are null, undefined
 * or false are left out, `true` sets an empty attribute, `on…` functions become listeners, and
 * `value` and `checked` set the live property of a form field.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(key.replace(/^on/, '').toLowerCase(), value);
    else if (key === 'class') el.className = String(value);
    else if (key === 'value' && (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement)) el.value = String(value);
    else if (key === 'checked' && el instanceof HTMLInputElement) el.checked = Boolean(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (Array.isArray(child)) append(parent, child);
    else if (child === null || child === undefined || child === false) continue;
    else parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/**
 * Replaces the content of `host` and gives the keyboard focus back to the element that had it,
 * found again by its `id` or `data-focus` (screens re-render often; a person tabbing through the
 * page must not lose the place). Returns true when the focus was given back.
 */
export function replaceContent(host: Element, ...children: Child[]): boolean {
  const active = document.activeElement;
  const inside = active instanceof HTMLElement && host.contains(active);
  const selector = !inside ? '' : active.id ? `#${CSS.escape(active.id)}` : active.dataset.focus ? `[data-focus="${CSS.escape(active.dataset.focus)}"]` : '';
  let selection: [number | null, number | null] = [null, null];
  try {
    if (active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement) selection = [active.selectionStart, active.selectionEnd];
  } catch {
    // number inputs have no selection
  }
  const fragment = document.createDocumentFragment();
  append(fragment, children);
  host.replaceChildren(fragment);
  const again = selector ? host.querySelector<HTMLElement>(selector) : null;
  if (!again) return false;
  again.focus({ preventScroll: true });
  if ((again instanceof HTMLInputElement || again instanceof HTMLTextAreaElement) && selection[0] !== null) {
    try {
      again.setSelectionRange(selection[0], selection[1]);
    } catch {
      // not a text field
    }
  }
  return true;
}

/** Sets the text only when it differs (patching in place keeps screen readers and layout calm). */
export function setText(node: Element | null, text: string): void {
  if (node && node.textContent !== text) node.textContent = text;
}

/** A bar's width as a share of 0..100 (through the CSSOM: no inline style attribute). */
export function setWidth(node: HTMLElement | null, percent: number): void {
  if (node) node.style.width = `${percent.toFixed(2)}%`;
}

let idCounter = 0;
/** An id unique in the page, for labels and aria references of elements built more than once. */
export function uid(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}
