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

/**
 * Makes every scrolling table region under `root` reachable by keyboard (tabindex 0, named by
 * its table's caption or the nearest heading), as WCAG 2.1.1 asks of a region that scrolls:
 * kept up to date as pages draw their tables.
 */
export function keyboardScrollRegions(root) {
  const mark = () => {
    for (const wrap of root.querySelectorAll('.table-wrap:not([tabindex])')) {
      wrap.setAttribute('tabindex', '0');
      wrap.setAttribute('role', 'region');
      const caption = wrap.querySelector('caption')?.textContent || wrap.closest('section')?.querySelector('h2, h3')?.textContent || 'Table';
      wrap.setAttribute('aria-label', caption.trim());
    }
  };
  new MutationObserver(mark).observe(root, { childList: true, subtree: true });
  mark();
}

/**
 * A picker of several countries that needs no Ctrl-click: the chosen ones as chips, and a
 * plain select that adds one. A chip is a button that removes it; with `link` (code -> href)
 * it is the country's link with a remove button beside it. At most `max` countries; with
 * fewer than `min` + 1 chosen, none can be removed. `list` is [{iso3, name}] in the order
 * offered; onChange(codes) after each change. The fieldset carries data-chosen (codes,
 * comma-separated) for the tests. Returns {value()}.
 */
export function countryPicker(el, list, chosen, { id, label, max = 8, min = 0, link = null, onChange } = {}) {
  const names = new Map(list.map((c) => [c.iso3, c.name]));
  let codes = chosen.filter((c) => names.has(c)).slice(0, max);
  const chip = (c, removable) => {
    const name = names.get(c);
    if (link) {
      return html`<li><span class="chip" data-iso3="${c}"><a href="${link(c)}">${name}</a>${removable ? html` <button type="button" class="remove" data-iso3="${c}" aria-label="Remove ${name}">×</button>` : ''}</span></li>`;
    }
    return removable
      ? html`<li><button type="button" class="chip" data-iso3="${c}" aria-label="Remove ${name}">${name} <span aria-hidden="true">×</span></button></li>`
      : html`<li><span class="chip" data-iso3="${c}">${name}</span></li>`;
  };
  const draw = (focus) => {
    const left = list.filter((c) => !codes.includes(c.iso3));
    const full = codes.length >= max;
    el.innerHTML = html`<fieldset class="picker" id="${id}" data-chosen="${codes.join(',')}"><legend>${label}</legend>
      <ul class="chips" aria-label="${label}: chosen">${codes.map((c) => chip(c, codes.length > min))}</ul>
      <label class="picker-add">Add <select id="${id}-add"${full ? raw(' disabled') : ''}><option value="">${full ? `at most ${max}` : 'a country…'}</option>${countryOptions(left, null)}</select></label></fieldset>`;
    if (focus) el.querySelector(focus)?.focus();
  };
  el.addEventListener('click', (e) => {
    const button = e.target.closest('button.chip, button.remove');
    if (!button || codes.length <= min) return;
    codes = codes.filter((c) => c !== button.dataset.iso3);
    draw(`#${id}-add`);
    if (onChange) onChange(codes);
  });
  el.addEventListener('change', (e) => {
    if (e.target.id !== `${id}-add` || !e.target.value) return;
    codes = [...codes, e.target.value].slice(0, max);
    draw(`#${id}-add`);
    if (onChange) onChange(codes);
  });
  draw();
  return { value: () => [...codes] };
}
