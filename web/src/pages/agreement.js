// Agreement: the UN General Assembly's agreement between every pair of states in one session or
// year, from GET /api/alignment/matrix, as a heatmap on a canvas (heatmap.js, the same drawing
// as the engine's agreement.html): states in the seriated order the server answers, the pair,
// its value and its common votes on hover, zoom and pan; a state chosen in the heatmap or the
// list is marked and linked to its country page; the matrix as CSV.
// Route: #/agreement/BY/PERIOD/ISSUE/important (all optional: session, the latest, every issue).
import { getJSON } from '../api.js';
import { csvText, saveBlob } from '../exports.js';
import { heatmap, legend, MEASURES, pairIndex } from '../heatmap.js';
import { html, loading, notAvailable, raw } from '../ui.js';

export const title = 'Agreement';

const ISSUES = [
  ['', 'every roll call'],
  ['me', 'Palestinian conflict'],
  ['nu', 'nuclear weapons'],
  ['di', 'arms control'],
  ['hr', 'human rights'],
  ['co', 'colonialism'],
  ['ec', 'economic development'],
];

const options = (list, chosen) =>
  raw(list.map(([value, label]) => html`<option value="${value}"${raw(String(value) === String(chosen) ? ' selected' : '')}>${label}</option>`).join(''));

/** The route of a view: #/agreement/session/74, with /nu and /important when filtered. */
function route({ by, period, issue, important }) {
  const parts = ['agreement', by, period ?? 'latest', issue || 'all'];
  if (important) parts.push('important');
  return `#/${parts.join('/')}`;
}

export function render(root, [byParam, periodParam, issueParam, importantParam]) {
  const view = {
    by: byParam === 'year' ? 'year' : 'session',
    period: /^\d+$/.test(periodParam || '') ? Number(periodParam) : null,
    issue: ISSUES.some(([code]) => code && code === issueParam) ? issueParam : '',
    important: importantParam === 'important',
  };
  let measure = MEASURES.agree;
  let marked = null;
  let answer = null;
  let map = null;
  root.innerHTML = html`<h2>Agreement at the UN</h2>
    <p class="lead">How alike every pair of states voted in the General Assembly: Voeten’s agreement (the share of common roll calls voted alike, a half for one abstaining) or Cohen’s kappa (agreement beyond chance). States are ordered so that blocs that vote alike sit together (the first coordinate of a classical scaling of 1 − agreement), the same order as <code>softpower alignment agreement</code>’s agreement.html.</p>
    <form class="toolbar" id="agreement-form">
      <label>By <select id="agreement-by">${options([['session', 'session'], ['year', 'calendar year']], view.by)}</select></label>
      <label><span id="agreement-period-name">${view.by === 'year' ? 'Year' : 'Session'}</span> <select id="agreement-period"></select></label>
      <label>Issue <select id="agreement-issue">${options(ISSUES, view.issue)}</select></label>
      <label><input type="checkbox" id="agreement-important"${raw(view.important ? ' checked' : '')}> important votes only</label>
      <label>Measure <select id="agreement-measure">${options(Object.values(MEASURES).map((m) => [m.key, m.label]), measure.key)}</select></label>
      <span id="agreement-legend"></span>
    </form>
    <div class="toolbar">
      <label>Mark a state <select id="agreement-state"></select></label>
      <span id="agreement-marked" aria-live="polite"></span>
      <button type="button" class="export" id="agreement-csv" title="The matrix shown, as CSV: a row and a column per state, in the heatmap’s order">Matrix CSV</button>
    </div>
    <p class="muted" id="agreement-summary"></p>
    <div id="agreement-heatmap" class="heatmap"></div>`;
  const el = (id) => root.querySelector(`#${id}`);
  const target = el('agreement-heatmap');
  legend(el('agreement-legend'), measure);

  const names = () => new Map(answer.codes.map((c, i) => [c, answer.names[i]]));
  const values = () => answer[measure.key].map((v) => (v === null ? NaN : v));

  function showMarked() {
    const who = names();
    const select = el('agreement-state');
    select.value = marked && who.has(marked) ? marked : '';
    const out = el('agreement-marked');
    if (!marked || !who.has(marked)) {
      out.textContent = '';
      return;
    }
    const i = answer.codes.indexOf(marked);
    const k = answer.codes.length;
    const partners = answer.codes
      .map((c, j) => [c, j === i ? null : answer.agree[pairIndex(i, j, k)]])
      .filter(([, v]) => v !== null)
      .sort((a, b) => b[1] - a[1]);
    const closest = partners.slice(0, 3).map(([c, v]) => `${who.get(c)} ${v.toFixed(2)}`).join(', ');
    out.innerHTML = html`<a href="#/country/${marked}" id="agreement-profile">${who.get(marked)}’s profile</a> — row ${i + 1} of ${k}; closest: ${closest || 'none'}`;
  }

  function mark(code) {
    marked = code || null;
    if (map) map.select(marked);
    showMarked();
  }

  function draw() {
    const k = answer.codes.length;
    el('agreement-summary').textContent = `${view.by === 'year' ? 'Year' : 'Session'} ${answer.period}: ${k} states, ${answer.roll_calls} roll call${answer.roll_calls === 1 ? '' : 's'} (${ISSUES.find(([c]) => c === answer.issue)[1]}${answer.important ? ', important votes only' : ''}). Blank: ${measure.missing}.`;
    const periods = el('agreement-period');
    periods.innerHTML = options([...answer.periods].reverse().map((p) => [p, p]), answer.period).toString();
    const who = names();
    el('agreement-state').innerHTML = options([['', '—'], ...[...answer.codes].sort((a, b) => who.get(a).localeCompare(who.get(b))).map((c) => [c, who.get(c)])], marked || '').toString();
    const data = {
      codes: answer.codes,
      names: answer.names,
      values: values(),
      counts: answer.n,
      measure,
      title: `${measure.label} between ${k} states in ${view.by} ${answer.period}`,
      selected: marked && who.has(marked) ? marked : null,
    };
    if (map) map.update(data);
    else map = heatmap(target, { ...data, onSelect: mark });
    showMarked();
  }

  let request = 0;
  function load() {
    const q = new URLSearchParams({ by: view.by });
    if (view.period !== null) q.set('period', String(view.period));
    if (view.issue) q.set('issue', view.issue);
    if (view.important) q.set('important', 'true');
    const mine = ++request;
    if (!map) loading(target, 'Computing the agreement of every pair');
    getJSON(`/api/alignment/matrix?${q}`)
      .then((a) => {
        if (mine !== request) return;
        answer = a;
        view.period = a.period;
        history.replaceState(null, '', route(view));
        draw();
      })
      .catch((err) => {
        if (mine !== request) return;
        if (map) map.destroy();
        map = null;
        answer = null;
        el('agreement-summary').textContent = '';
        notAvailable(target, 'Agreement', err);
      });
  }

  el('agreement-by').addEventListener('change', (e) => {
    view.by = e.target.value;
    view.period = null;
    el('agreement-period-name').textContent = view.by === 'year' ? 'Year' : 'Session';
    load();
  });
  el('agreement-period').addEventListener('change', (e) => {
    view.period = Number(e.target.value);
    load();
  });
  el('agreement-issue').addEventListener('change', (e) => {
    view.issue = e.target.value;
    load();
  });
  el('agreement-important').addEventListener('change', (e) => {
    view.important = e.target.checked;
    load();
  });
  el('agreement-measure').addEventListener('change', (e) => {
    measure = MEASURES[e.target.value];
    legend(el('agreement-legend'), measure);
    if (answer) draw();
  });
  el('agreement-state').addEventListener('change', (e) => mark(e.target.value));
  el('agreement-csv').addEventListener('click', () => {
    if (!answer) return;
    const k = answer.codes.length;
    const cell = (i, j) => {
      if (i === j) return '1';
      const v = answer[measure.key][pairIndex(i, j, k)];
      return v === null ? '' : String(v);
    };
    const rows = [['state', ...answer.codes], ...answer.codes.map((c, i) => [c, ...answer.codes.map((_, j) => cell(i, j))])];
    saveBlob(new Blob([csvText(rows)], { type: 'text/csv' }), `agreement-${measure.key}-${view.by}-${answer.period}${view.issue ? `-${view.issue}` : ''}${view.important ? '-important' : ''}.csv`);
  });
  load();
  return () => {
    request++;
    if (map) map.destroy();
  };
}
