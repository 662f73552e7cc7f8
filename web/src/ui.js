// Small DOM helpers shared by the pages.
import { escapeHtml } from './format.js';

/** HTML that html`` inserts as it is (its own output, or raw()); a string where one is needed. */
class SafeHtml {
  constructor(text) {
    this.__html = text;
  }

  toString() {
    return this.__html;
  }
}

const piece = (v) => (v instanceof SafeHtml ? v.__html : escapeHtml(v));

/** A template tag escaping every value except SafeHtml (nested html`` and raw()). */
export function html(strings, ...values) {
  const text = strings.reduce((out, s, k) => {
    const v = values[k - 1];
    return out + (Array.isArray(v) ? v.map(piece).join('') : piece(v)) + s;
  });
  return new SafeHtml(text);
}

/** Marks text as already safe HTML for html``. */
export function raw(text) {
  return new SafeHtml(text);
}

export function notAvailable(el, what, err) {
  const reason = err ? (err.message || String(err)) : '';
  el.innerHTML = html`<p class="unavailable" role="status"><strong>${what}: not available.</strong> ${reason}</p>`;
}

export function loading(el, what = 'Loading') {
  el.innerHTML = html`<p class="loading" role="status">${what}…</p>`;
}

export function countryOptions(list, selected) {
  return raw(
    list
      .map((c) => `<option value="${escapeHtml(c.iso3)}"${c.iso3 === selected ? ' selected' : ''}>${escapeHtml(c.name)}</option>`)
      .join(''),
  );
}

export function debounce(fn, ms) {
  let timer = null;
  const wrapped = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  wrapped.cancel = () => clearTimeout(timer);
  return wrapped;
}

/**
 * A sortable table's column head: a button with data-key `key` (the page listens for clicks on
 * button.sort), aria-sort and an arrow when the table is sorted by it.
 */
export function sortHeader(key, label, hint, sortKey, ascending) {
  const sorted = key === sortKey ? (ascending ? 'ascending' : 'descending') : 'none';
  return html`<th scope="col" class="${key === 'name' ? '' : 'num'}" aria-sort="${sorted}"><button type="button" class="sort" data-key="${key}" title="${hint || 'sort'}">${label}${raw(sorted === 'ascending' ? ' ▲' : sorted === 'descending' ? ' ▼' : '')}</button></th>`;
}
