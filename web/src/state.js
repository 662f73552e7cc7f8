// The page's state in its address, so that a link reproduces the view: the route, then a
// query after '?': #/ranking?index=elcano.toml&year=2010&w=culture:2,values:1&c=DEU,FRA.
//   index  the spec of the index shown (GET /api/index/list's `spec`; none: the server's own)
//   year   the index year (none: the index's last)
//   w      weights by pillar (the weights page), code:weight pairs
//   c      countries (the compare page), ISO3 codes
//   p      what the map colours: a pillar's code, or "uncertainty" (none: the index score)
//   m      method choices (the weights page), name:value pairs: normalise, treat, aggregate, level
// And the index's answers the pages share, fetched once per index and year.
import { getJSONOnce } from './api.js';
import { escapeHtml } from './format.js';

const KEYS = ['index', 'year', 'w', 'c', 'p', 'm'];
/** The keys that follow the reader from page to page: which index, which year. */
const CARRIED = ['index', 'year'];

/** The route's parts (page and arguments) and its query, from a hash. */
export function parseHash(hash = location.hash) {
  const text = hash.replace(/^#\/?/, '');
  const at = text.indexOf('?');
  const path = at < 0 ? text : text.slice(0, at);
  const query = new URLSearchParams(at < 0 ? '' : text.slice(at + 1));
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), query };
}

/** The state in the address: {index, year, weights, countries, layer}. */
export function current() {
  const { query } = parseHash();
  const year = Number(query.get('year'));
  const weights = {};
  for (const pair of (query.get('w') || '').split(',').filter(Boolean)) {
    const [code, value] = pair.split(':');
    if (code && value !== undefined && Number.isFinite(Number(value))) weights[code] = Number(value);
  }
  const method = {};
  for (const pair of (query.get('m') || '').split(',').filter(Boolean)) {
    const [name, value] = pair.split(':');
    if (/^[a-z]+$/.test(name || '') && /^[a-z0-9-]+$/.test(value || '')) method[name] = value;
  }
  return {
    method,
    index: query.get('index') || '',
    year: Number.isInteger(year) && year > 0 ? year : null,
    weights,
    layer: query.get('p') || '',
    countries: (query.get('c') || '').split(',').map((c) => c.trim().toUpperCase()).filter((c) => /^[A-Z0-9_-]{2,8}$/.test(c)),
  };
}

function queryOf(values) {
  const q = new URLSearchParams();
  for (const k of KEYS) {
    const v = values[k];
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const text = q.toString().replace(/%2C/g, ',').replace(/%3A/g, ':');
  return text ? `?${text}` : '';
}

function stateValues(s) {
  return {
    index: s.index,
    year: s.year,
    w: Object.entries(s.weights).map(([k, v]) => `${k}:${v}`).join(','),
    c: s.countries.join(','),
    p: s.layer,
    m: Object.entries(s.method).map(([k, v]) => `${k}:${v}`).join(','),
  };
}

/** The address of `path` ('ranking', 'country/DEU') keeping the index and year shown. */
export function href(path, extra = {}) {
  const s = stateValues(current());
  const values = {};
  for (const k of CARRIED) values[k] = s[k];
  return `#/${path}${queryOf({ ...values, ...extra })}`;
}

/**
 * Changes the state in the address. With replace, the address changes without a new history
 * entry and without drawing the page again (a slider's move); otherwise the page is drawn for
 * the new state.
 */
export function setState(changes, { replace = false } = {}) {
  const { parts } = parseHash();
  const s = stateValues(current());
  const next = { ...s };
  if ('index' in changes) next.index = changes.index;
  if ('year' in changes) next.year = changes.year;
  if ('weights' in changes) next.w = Object.entries(changes.weights || {}).map(([k, v]) => `${k}:${v}`).join(',');
  if ('countries' in changes) next.c = (changes.countries || []).join(',');
  if ('layer' in changes) next.p = changes.layer;
  if ('method' in changes) next.m = Object.entries(changes.method || {}).map(([k, v]) => `${k}:${v}`).join(',');
  const hash = `#/${parts.map(encodeURIComponent).join('/')}${queryOf(next)}`;
  if (hash === location.hash) return;
  if (replace) history.replaceState(null, '', hash);
  else location.hash = hash;
}

/** A spec saved in the workspace is shown as index=saved:NAME and sent as saved=NAME. */
const SAVED = 'saved:';
const indexParam = (index) => (index.startsWith(SAVED) ? ['saved', index.slice(SAVED.length)] : ['spec', index]);

/** The query the index operations take for the index and year shown (spec=...&year=...). */
export function indexQuery({ year = true } = {}) {
  const s = current();
  const q = new URLSearchParams();
  if (s.index) q.set(...indexParam(s.index));
  if (year && s.year) q.set('year', String(s.year));
  return q.toString();
}

/** The same as a JSON body's fields for POSTs. */
export function indexBody({ year = true } = {}) {
  const s = current();
  const body = {};
  if (s.index) {
    const [name, value] = indexParam(s.index);
    body[name] = value;
  }
  if (year && s.year) body.year = s.year;
  return body;
}

/** GET of an index operation for the index (and year) shown, kept per address for the visit. */
export function indexGet(path, { fresh = false, extra = '', year = true } = {}) {
  const q = [indexQuery({ year }), extra].filter(Boolean).join('&');
  return getJSONOnce(q ? `${path}?${q}` : path, { fresh });
}

/** The scores of the index and year shown (GET /api/index/scores). */
export function indexScores({ fresh = false } = {}) {
  return indexGet('/api/index/scores', { fresh });
}

/** The indices to switch between (GET /api/index/list). */
export function indexList() {
  return getJSONOnce('/api/index/list');
}

/**
 * The index and year pickers: every index of GET /api/index/list, and the years of the index
 * shown (hidden when it has one). A choice draws the page again for the new state.
 */
export function indexBar(el, scores, list) {
  const s = current();
  const indices = list?.indices || [];
  const option = (i) => `<option value="${escapeHtml(i.spec)}"${i.spec === s.index ? ' selected' : ''}>${escapeHtml(i.saved ? `${i.name} (${i.saved})` : i.name)}</option>`;
  const saved = indices.filter((i) => i.saved);
  const options = indices.length
    ? indices.filter((i) => !i.saved).map(option).join('') +
      (saved.length ? `<optgroup label="Saved in the workspace">${saved.map(option).join('')}</optgroup>` : '')
    : `<option value="">${escapeHtml(scores.name)}</option>`;
  const years = scores.years.length > 1
    ? `<label>Year <select id="year-picker">${scores.years
        .map((y) => `<option value="${y}"${y === scores.year ? ' selected' : ''}>${y}</option>`)
        .join('')}</select></label>`
    : `<span class="muted" id="year-only">${scores.year}</span>`;
  el.innerHTML = `<label>Index <select id="index-picker">${options}</select></label> ${years}
    <a id="method-link" href="${escapeHtml(href('method'))}">How this index is made</a>`;
  el.querySelector('#index-picker').addEventListener('change', (e) => setState({ index: e.target.value, year: null, weights: {}, layer: '', method: {} }));
  el.querySelector('#year-picker')?.addEventListener('change', (e) => setState({ year: Number(e.target.value) }));
}

/**
 * After each route: the navigation's links keep the index and year, and the header names the
 * index shown with a link to its method.
 */
export function decorate() {
  for (const a of document.querySelectorAll('#nav a')) {
    a.setAttribute('href', href(a.dataset.page));
  }
  const header = document.getElementById('index-name');
  if (!header) return;
  // The link follows the address at once; the name when the index has answered.
  header.querySelector('a')?.setAttribute('href', href('method'));
  indexScores()
    .then((s) => {
      header.innerHTML = `<a href="${escapeHtml(href('method'))}" title="How this index is made">${escapeHtml(s.name)}, ${s.year}</a>`;
    })
    .catch(() => {
      header.textContent = 'No index loaded';
    });
}
