/** The console's confirmation dialogs: a modal <dialog> with a form, resolved with its values or null. */
import { h, uid, type Child } from '../../client-kit/dom.ts';

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
