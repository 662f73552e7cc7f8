// Runs: what the workspace recorded (GET /api/runs), one run's provenance, parameters,
// summary and result files (GET /api/runs/<id>), and the datasets with their provenance
// (POST /api/datasets, the read-only operation).
import { getJSON, postJSON } from '../api.js';
import { escapeHtml, seconds } from '../format.js';
import { html, loading, notAvailable, raw } from '../ui.js';

export const title = 'Runs';

function when(t) {
  return t ? t.replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : '—';
}

function firstLine(text) {
  return String(text || '').split('\n')[0];
}

function list(el) {
  loading(el, 'Loading the runs');
  getJSON('/api/runs?limit=100')
    .then((ans) => {
      if (!ans.runs.length) {
        notAvailable(el, 'Runs', { message: `the workspace ${ans.workspace} has recorded no run yet.` });
        return;
      }
      el.innerHTML = html`<p class="muted">Workspace <code>${ans.workspace}</code>, newest first.</p>
        <div class="table-wrap"><table class="runs" id="runs-table">
        <thead><tr><th scope="col">Run</th><th scope="col">Operation</th><th scope="col">Status</th><th scope="col">Started</th><th scope="col">Took</th><th scope="col">Message</th></tr></thead>
        <tbody>${ans.runs.map(
          (r) => html`<tr><td class="num"><a href="#/runs/${r.id}">${r.id}</a></td><td><a href="#/runs/${r.id}">${r.operation}</a></td><td class="status-${r.status}">${r.status}</td><td>${when(r.started_at)}</td><td class="num">${seconds(r.duration_seconds)}</td><td class="message">${firstLine(r.message)}</td></tr>`,
        )}</tbody></table></div>`;
    })
    .catch((err) => notAvailable(el, 'Runs', err));
}

function datasets(el) {
  postJSON('/api/datasets', {})
    .then((ans) => {
      const rows = ans.datasets || [];
      if (!rows.length) {
        el.innerHTML = html`<p class="muted">${ans.message || 'No dataset imported.'}</p>`;
        return;
      }
      const keys = ['name', 'source', 'kind', 'sha256', 'licence', 'imported_at'].filter((k) => rows.some((d) => d[k] !== undefined));
      el.innerHTML = html`<div class="table-wrap"><table class="compact"><thead><tr>${keys.map((k) => html`<th scope="col">${k}</th>`)}</tr></thead>
        <tbody>${rows.map((d) => html`<tr>${keys.map((k) => html`<td>${k === 'sha256' ? String(d[k] || '').slice(0, 12) : typeof d[k] === 'object' ? JSON.stringify(d[k]) : d[k]}</td>`)}</tr>`)}</tbody></table></div>`;
    })
    .catch((err) => notAvailable(el, 'Datasets', err));
}

function detail(el, id) {
  loading(el, `Loading run ${id}`);
  getJSON(`/api/runs/${encodeURIComponent(id)}`)
    .then((r) => {
      const params = Object.entries(r.parameters || {});
      el.innerHTML = html`<p><a href="#/runs">← all runs</a></p>
        <h3 id="run-title">Run ${r.id}: ${r.operation}</h3>
        <dl class="provenance">
          <dt>Status</dt><dd class="status-${r.status}">${r.status}</dd>
          <dt>Started</dt><dd>${when(r.started_at)}</dd>
          <dt>Finished</dt><dd>${when(r.finished_at)}</dd>
          <dt>Took</dt><dd>${seconds(r.duration_seconds)}</dd>
          <dt>softpower</dt><dd>${r.softpower_version || '—'}</dd>
        </dl>
        <h4>Message</h4><pre class="message">${r.message || ''}</pre>
        <h4>Parameters</h4>
        <table class="compact" id="run-params"><tbody>${params.map(([k, v]) => html`<tr><th scope="row">${k}</th><td><code>${typeof v === 'object' ? JSON.stringify(v) : v}</code></td></tr>`)}</tbody></table>
        <h4>Results</h4>
        <ul id="run-results">${(r.results || []).map((x) => html`<li><a href="${x.path}" target="_blank" rel="noopener">${x.name}</a> <span class="muted">${x.media_type}, ${x.bytes.toLocaleString('en')} bytes</span></li>`)}</ul>
        <details><summary>Summary (JSON)</summary><pre>${raw(escapeHtml(JSON.stringify(r.summary, null, 2)))}</pre></details>`;
    })
    .catch((err) => notAvailable(el, `Run ${id}`, err));
}

export function render(root, [id]) {
  root.innerHTML = html`<h2>Runs</h2><div id="runs-body"></div>${id ? '' : raw('<h3>Datasets with their provenance</h3><div id="datasets-body"></div>')}`;
  if (id) detail(root.querySelector('#runs-body'), id);
  else {
    list(root.querySelector('#runs-body'));
    datasets(root.querySelector('#datasets-body'));
  }
}
