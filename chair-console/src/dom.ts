/** A tiny element builder: no framework, no innerHTML (text is always set as text). */

type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'class') {
      el.className = String(value);
    } else if (key === 'value' && (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement)) {
      el.value = String(value);
    } else if (key === 'checked' && el instanceof HTMLInputElement) {
      el.checked = Boolean(value);
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, String(value));
    }
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
 * Replaces the content of `host`, keeping the keyboard focus on the element with the same id
 * (live updates re-render often; a chair tabbing through the page must not lose the place).
 */
export function replaceContent(host: Element, ...children: Child[]): void {
  const active = document.activeElement;
  const focusId = active instanceof HTMLElement && host.contains(active) ? active.id : '';
  let selection: [number | null, number | null] = [null, null];
  try {
    if (active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement) selection = [active.selectionStart, active.selectionEnd];
  } catch {
    // number inputs have no selection
  }
  const frag = document.createDocumentFragment();
  append(frag, children);
  host.replaceChildren(frag);
  if (!focusId) return;
  const next = document.getElementById(focusId);
  next?.focus({ preventScroll: true });
  if ((next instanceof HTMLInputElement || next instanceof HTMLTextAreaElement) && selection[0] !== null) {
    try {
      next.setSelectionRange(selection[0], selection[1]);
    } catch {
      // not a text field
    }
  }
}

let idCounter = 0;
export function uid(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

export function formatNumber(n: number, lang: string): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'nl-NL').format(n);
}

export function formatTime(iso: string, lang: string): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'nl-NL', { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date(iso));
}

export function formatDate(isoDate: string, lang: string): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${isoDate.slice(0, 10)}T00:00:00Z`),
  );
}

/** Elapsed time as m:ss or h:mm:ss. */
export function formatElapsed(fromIso: string, now: number): string {
  const total = Math.max(0, Math.floor((now - new Date(fromIso).getTime()) / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${minutes}:${pad(seconds)}`;
}

/** Opens a modal <dialog> and resolves with the form's values on submit, or null on cancel. */
export function openDialog(options: {
  title: string;
  body: Child[];
  confirmLabel: string;
  cancelLabel: string;
  danger?: boolean;
  validate?: (form: HTMLFormElement) => string | null;
}): Promise<FormData | null> {
  return new Promise((resolve) => {
    const titleId = uid('dialog-title');
    const errorBox = h('p', { class: 'form-error', role: 'alert' });
    const form = h(
      'form',
      { method: 'dialog', class: 'dialog-form' },
      h('h2', { id: titleId }, options.title),
      ...options.body,
      errorBox,
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', value: 'cancel', onclick: () => dialog.close('cancel') }, options.cancelLabel),
        h('button', { type: 'submit', class: options.danger ? 'danger' : 'primary', value: 'ok' }, options.confirmLabel),
      ),
    );
    const dialog = h('dialog', { 'aria-labelledby': titleId }, form);
    let result: FormData | null = null;
    form.addEventListener('submit', (event) => {
      const problem = options.validate?.(form) ?? null;
      if (problem) {
        event.preventDefault();
        errorBox.textContent = problem;
        return;
      }
      result = new FormData(form);
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'cancel' ? null : result);
    });
    document.body.appendChild(dialog);
    dialog.showModal();
  });
}
