// Simulation: cultural dissemination run by the engine as a background job, its progress
// from the Server-Sent Events (GET /api/jobs/<id>/events), Cancel (DELETE /api/jobs/<id>),
// and the ensemble's means with 95% intervals over time.
// - A scenario of examples/scenarios (listed by GET /api/simulation/scenarios) runs in
//   memory (POST /api/simulation): read-only, no token, the series come with the answer.
// - The plain Axelrod model runs the `simulate` operation (POST /api/jobs), which writes its
//   files and so needs the write token; its series are read back from ensemble.csv of the
//   recorded run (GET /api/runs/<run>/results/ensemble.csv).
import { getJSON, getText, parseCsv, postJSON, setWriteToken } from '../api.js';
import { chart, qualitative } from '../charts.js';
import { events, number } from '../format.js';
import { jobButtons, jobRunner, progressRow } from '../jobs.js';
import { html, notAvailable } from '../ui.js';

export const title = 'Simulation';

const AXELROD = ['axelrod', 'Plain Axelrod model (lattice; writes files: needs the write token)'];
const MAX_MEMORY_RUNS = 100; // POST /api/simulation's limit

// The in-memory answer's series as the rows of ensemble.csv: {measure, events, mean, lo, hi}.
function rowsOf(result) {
  const rows = [];
  for (const m of result.measures || []) {
    const s = result.series[m];
    result.events.forEach((ev, k) => rows.push({ measure: m, events: ev, mean: s.mean[k], lo: s.lo[k], hi: s.hi[k] }));
  }
  return rows;
}

const MEASURE_NAMES = { regions: 'cultural regions', smax: 'largest region S_max/N' };
const measureName = (m) => MEASURE_NAMES[m] || m.replace(/_/g, ' ');

function plot(el, rows) {
  const measures = [...new Set(rows.map((r) => r.measure))];
  el.innerHTML = html`<div class="chart-grid">${measures.map((m, k) => html`<div class="chart short" id="sim-chart-${k}" role="img" aria-label="${measureName(m)} over time"></div>`)}</div>`;
  measures.forEach((m, k) => {
    const mine = rows.filter((r) => r.measure === m);
    // Okabe-Ito without its yellow, which is too light for a thin line on white.
    const lines = qualitative.filter((c) => c !== '#F0E442');
    const color = lines[k % lines.length];
    chart(el.querySelector(`#sim-chart-${k}`)).setOption({
      aria: { enabled: true },
      title: { text: measureName(m), left: 'center', textStyle: { fontSize: 13, fontWeight: 'normal' } },
      tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? number(v, 3) : v) },
      grid: { left: 55, right: 15, top: 30, bottom: 35 },
      xAxis: { type: 'value', name: 'attempts', nameLocation: 'middle', nameGap: 22, axisLabel: { formatter: events } },
      yAxis: { type: 'value', scale: true },
      series: [
        { type: 'line', data: mine.map((r) => [r.events, r.lo]), stack: 'ci', symbol: 'none', lineStyle: { opacity: 0 }, tooltip: { show: false } },
        { type: 'line', data: mine.map((r) => [r.events, r.hi - r.lo]), stack: 'ci', symbol: 'none', lineStyle: { opacity: 0 }, areaStyle: { color, opacity: 0.25 }, tooltip: { show: false } },
        { name: 'mean', type: 'line', data: mine.map((r) => [r.events, r.mean]), symbol: 'none', sampling: 'lttb', lineStyle: { color, width: 2 }, itemStyle: { color } },
      ],
    });
  });
}

export function render(root) {
  root.innerHTML = html`
    <h2>Simulation</h2>
    <p class="lead">Cultural dissemination (Axelrod’s model, plain or with media, platforms and exporters) run by the engine as a background job. Scenarios run in the server’s memory; the plain model writes its files, so the server asks for its write token.</p>
    <form id="sim-form" class="sim-form">
      <label>Model <select id="sim-scenario" name="scenario"><option value="${AXELROD[0]}">${AXELROD[1]}</option></select></label>
      <fieldset id="sim-axelrod"><legend>Plain model</legend>
        <label>Lattice side L <input id="sim-L" type="number" min="3" max="1000" value="30" /></label>
        <label>Features F <input id="sim-F" type="number" min="1" max="64" value="5" /></label>
        <label>Traits q <input id="sim-q" type="number" min="2" max="1000" value="15" /></label>
      </fieldset>
      <label>Runs <input id="sim-runs" type="number" min="1" max="1000" value="8" /></label>
      ${jobButtons('sim')}
    </form>
    ${progressRow('sim', 'Simulation')}
    <div id="sim-summary"></div>
    <div id="sim-plot"></div>`;
  const $ = (s) => root.querySelector(s);
  const plain = () => $('#sim-scenario').value === AXELROD[0];
  $('#sim-scenario').addEventListener('change', () => {
    $('#sim-axelrod').disabled = !plain();
    $('#sim-token').disabled = !plain();
  });
  getJSON('/api/simulation/scenarios')
    .then((list) => {
      if (!list.length) return;
      $('#sim-scenario').insertAdjacentHTML(
        'beforeend',
        html`${list.map((sc) => html`<option value="${sc.scenario}" title="${sc.description}">Scenario: ${sc.name} (${number(sc.agents, 0)} agents)</option>`)}`,
      );
      root.dataset.scenarios = String(list.length);
    })
    .catch((err) => {
      $('#sim-status').textContent = `Scenarios not available: ${err.message}`;
    });
  let closed = false;
  const follow = jobRunner(root, 'sim', 'runs', () => closed);

  $('#sim-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const scenario = $('#sim-scenario').value;
    const runs = Number($('#sim-runs').value);
    const seed = Number($('#sim-seed').value);
    const inMemory = !plain();
    if (!inMemory) setWriteToken($('#sim-token').value.trim());
    $('#sim-summary').innerHTML = '';
    $('#sim-plot').innerHTML = '';
    $('#sim-run').disabled = true;
    const status = $('#sim-status');
    try {
      if (inMemory && runs > MAX_MEMORY_RUNS) throw new Error(`a scenario runs at most ${MAX_MEMORY_RUNS} times in the server’s memory.`);
      const job = inMemory
        ? await postJSON('/api/simulation', { scenario, runs, seed })
        : await postJSON('/api/jobs', {
            operation: 'simulate',
            params: { scenario, runs, seed, out: `dashboard-simulation-${Date.now()}`, L: Number($('#sim-L').value), F: Number($('#sim-F').value), q: Number($('#sim-q').value) },
          });
      const end = await follow(job);
      if (closed) return;
      root.dataset.state = end.state;
      if (end.state !== 'done') return;
      const r = end.result || {};
      if (inMemory) {
        const rows = rowsOf(r);
        const last = (r.measures || []).map((m) => [m, r.series[m].mean[r.series[m].mean.length - 1]]);
        $('#sim-summary').innerHTML = html`<pre class="message" id="sim-message">${r.name}: ${r.runs} runs (seed ${seed}), in memory. ${r.description || ''}</pre><dl class="provenance">${last.map(([k, v]) => html`<dt>${measureName(k)} at the end</dt><dd class="num">${number(v, 3)}</dd>`)}</dl>`;
        plot($('#sim-plot'), rows);
        return;
      }
      const means = Object.entries(r.means || {});
      $('#sim-summary').innerHTML = html`<pre class="message" id="sim-message">${r.message || ''}</pre>${means.length ? html`<dl class="provenance">${means.map(([k, v]) => html`<dt>${measureName(k)}</dt><dd class="num">${number(v, 3)}</dd>`)}</dl>` : ''}`;
      if (r.run === undefined) {
        notAvailable($('#sim-plot'), 'The plot over time', { message: 'the server keeps no workspace, so the series of this run cannot be read back (start it with --workspace FILE).' });
        return;
      }
      const rows = parseCsv(await getText(`/api/runs/${r.run}/results/ensemble.csv`));
      if (!closed) plot($('#sim-plot'), rows);
    } catch (err) {
      status.textContent = `Simulation not available: ${err.message}`;
      root.dataset.state = 'error';
    } finally {
      $('#sim-run').disabled = false;
      $('#sim-cancel').disabled = true;
    }
  });
  return () => {
    closed = true;
  };
}
