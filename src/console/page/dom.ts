/**
 * DOM helpers of the console page: element lookup, building elements without HTML strings (the
 * page never assigns `innerHTML`, so nothing the server or a CSR says can become markup), field
 * errors tied to their input for screen readers, and downloads. Browser-only.
 * @module
 */

/** The element with that id (the page's HTML always has it). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (e === null) throw new TypeError(`the console page has no #${id}`);
  return e as T;
}

/** A new element with text or children; attributes as given (never event handlers). */
export function el(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

/** Replaces the children of an element. */
export function fill(parent: HTMLElement, ...children: (Node | string)[]): void {
  parent.replaceChildren(...children);
}

/**
 * Shows (or clears, with `undefined`) the error of a field: the `<p id="<field>-error">` under
 * it, `aria-invalid` on the field, and focus on the first field in error when asked.
 */
export function fieldError(fieldId: string, message: string | undefined, focus = false): void {
  const field = document.getElementById(fieldId);
  const box = byId(`${fieldId}-error`);
  box.textContent = message ?? '';
  box.hidden = message === undefined;
  if (field !== null) {
    if (message === undefined) field.removeAttribute('aria-invalid');
    else field.setAttribute('aria-invalid', 'true');
    if (message !== undefined && focus) field.focus();
  }
}

/** Clears every field error inside a container. */
export function clearErrors(root: HTMLElement): void {
  for (const e of Array.from(root.querySelectorAll<HTMLElement>('.error'))) {
    e.textContent = '';
    e.hidden = true;
  }
  for (const e of Array.from(root.querySelectorAll('[aria-invalid]'))) e.removeAttribute('aria-invalid');
}

/** Saves bytes or text as a file through a temporary object URL. */
export function download(name: string, data: Uint8Array | string, type: string): void {
  const blob = new Blob([typeof data === 'string' ? data : (data.slice().buffer as ArrayBuffer)], { type });
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name }) as HTMLAnchorElement;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A date for people: `2026-03-01 12:00 UTC`. */
export function when(iso: string): string {
  return iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
}
