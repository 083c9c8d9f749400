// Progressive enhancement for forms marked with data-api: inline validation, and a JSON
// post to the API without a page reload. Without this script the same form posts itself.

type Field = HTMLInputElement | HTMLTextAreaElement;

// Fields marked data-form-only (the bot guard of the plain form post) are not part of the API.
const fieldsOf = (form: HTMLFormElement): Field[] =>
  [...form.elements].filter(
    (el): el is Field =>
      (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) && el.name !== '' && !('formOnly' in el.dataset),
  );

function showError(field: Field, message: string): void {
  const box = document.getElementById(`${field.id}-error`);
  if (!box) return;
  box.textContent = message;
  box.hidden = message === '';
  if (message === '') field.removeAttribute('aria-invalid');
  else field.setAttribute('aria-invalid', 'true');
}

// The field's own words (data-required, data-invalid: the server's words for the same mistakes).
function messageFor(field: Field): string {
  const { required, invalid } = field.dataset;
  return (field.validity.valueMissing ? required : invalid) ?? required ?? field.validationMessage;
}

function check(field: Field): boolean {
  if (field instanceof HTMLInputElement && field.type !== 'checkbox') field.value = field.value.trimStart();
  const valid = field.checkValidity();
  showError(field, valid ? '' : messageFor(field));
  return valid;
}

/** How long a submission may wait for the server's answer before the visitor is told and can send again. */
const ANSWER_WITHIN_MS = 15_000;

function formError(form: HTMLFormElement, message: string): void {
  const box = document.getElementById('form-error');
  if (!box) return;
  box.textContent = message;
  box.hidden = message === '';
  if (message) box.focus();
}

function payload(form: HTMLFormElement): Record<string, string | boolean> {
  const body: Record<string, string | boolean> = {};
  for (const field of fieldsOf(form)) {
    if (field instanceof HTMLInputElement && field.type === 'checkbox') body[field.name] = field.checked;
    else if (field.value.trim() !== '') body[field.name] = field.value;
  }
  return body;
}

for (const form of document.querySelectorAll<HTMLFormElement>('form[data-api]')) {
  form.noValidate = true;
  const send = form.querySelector('button[type="submit"]');
  for (const field of fieldsOf(form)) {
    field.addEventListener('blur', () => {
      // Not while Send is being pressed: a message appearing above the button would move it
      // from under the pointer and the click would be lost. The submit handler checks every field.
      if (send?.matches(':active')) return;
      if (field.value !== '') check(field);
    });
    field.addEventListener('input', () => field.getAttribute('aria-invalid') === 'true' && check(field));
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    formError(form, '');
    const invalid = fieldsOf(form).filter((field) => !check(field));
    if (invalid.length > 0) {
      invalid[0]?.focus();
      return;
    }
    const button = form.querySelector('button[type="submit"]');
    button?.setAttribute('disabled', '');
    form.setAttribute('aria-busy', 'true');
    try {
      const response = await fetch(form.dataset.api ?? form.action, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(payload(form)),
        signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
      });
      if (response.ok) {
        const done = document.getElementById(form.dataset.success ?? '');
        form.hidden = true;
        if (done) {
          done.hidden = false;
          done.focus();
        }
        return;
      }
      const body = (await response.json().catch(() => null)) as {
        error?: { message?: string; fields?: Record<string, string[]> };
      } | null;
      const fields = body?.error?.fields ?? {};
      let first: Field | undefined;
      for (const field of fieldsOf(form)) {
        const messages = fields[field.name];
        if (messages) {
          showError(field, messages.join(' '));
          first ??= field;
        }
      }
      if (first) first.focus();
      else formError(form, body?.error?.message ?? 'Something went wrong. Please try again.');
    } catch (error) {
      formError(
        form,
        error instanceof DOMException && error.name === 'TimeoutError'
          ? 'No answer from the server after 15 seconds. Everything you typed is still here: please press Send again in a moment. If the first try did arrive, it is not sent twice.'
          : 'We could not reach the server. Check your connection and try again; nothing was sent.',
      );
    } finally {
      button?.removeAttribute('disabled');
      form.removeAttribute('aria-busy');
    }
  });
}
