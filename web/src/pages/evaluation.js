// Evaluation: did a programme change an outcome? The page picks an outcome (a workspace
// dataset and one of its indicators) and a programme (a dataset and indicator whose first
// positive year is a country's adoption, or one treated country from a year), runs the
// declared operation `evaluate staggered` or `evaluate panel` as a background job (POST
// /api/jobs with the write token: both write files and record their run), follows its
// progress (GET /api/jobs/<id>/events, Cancel: DELETE /api/jobs/<id>), then shows what the
// run stored: aggregate.csv and bacon.csv, or estimates.csv, paths.csv, placebos.csv and
// unit_weights.csv (GET /api/runs/<run>/results/<name>), and links its evaluation.html.
// Every number is the engine's; the page only picks, sorts and draws.
import { getJSON, getText, parseCsv, postJSON, setWriteToken } from '../api.js';
import { chart, qualitative } from '../charts.js';
import { number } from '../format.js';
import { countries } from '../data.js';
import { jobButtons, jobRunner, progressRow } from '../jobs.js';
import { html, notAvailable, raw } from '../ui.js';

export const title = 'Evaluation';

/**
 * The applied cases of issue 15 (examples/evaluations/, docs/evaluation-china-confucius.md and
 * docs/evaluation-philippines-2016.md), one click each, with the scripts' parameters.
 */
export const PRESETS = [
  {
    id: 'confucius',
    name: 'China’s Confucius Institutes and UN agreement with China',
    what: 'Staggered adoption: a country’s cohort is the first year a Confucius Institute opened there; not-yet-treated countries are the controls (docs/evaluation-china-confucius.md).',
    design: 'staggered',
    outcome: ['un-agreement-chn', 'agree'],
    programme: ['china-public-diplomacy', 'confucius_institutes'],
    control: 'notyet',
    periods: [2000, 2016],
    reps: 1000,
  },
  {
    id: 'philippines',
    name: 'The Philippines’ 2016 turn and UN agreement with China',
    what: 'One treated country from a year: the Philippines from session 71 (opened September 2016, the first under Duterte), against a synthetic Philippines made of the other countries of AidData’s public-diplomacy region.',
    design: 'panel',
    outcome: ['un-agreement-chn', 'agree'],
    treated: 'PHL',
    start: 2016,
    estimators: ['did', 'sc', 'sdid'],
    periods: [2000, 2019],
    donors: 'china-public-diplomacy',
    reps: 500,
  },
];

// The estimators the page offers; a run's others (sc-cov, synthetic control with covariates,
// from the command line) are shown under their codes.
const ESTIMATORS = [
  ['sdid', 'synthetic DiD'],
  ['sc', 'synthetic control'],
  ['did', 'difference-in-differences'],
];
const estimatorName = (e) => (ESTIMATORS.find(([k]) => k === e) || [e, e])[1];

const AGGREGATES = {
  simple: 'Simple ATT (every group-time effect, weighted by cohort size)',
  dynamic: 'Event study: average over event times ≥ 0',
  group: 'By cohort: average over cohorts',
  calendar: 'By calendar year: average over years',
};

/** The commands that make a preset's datasets (docs/dashboard.md). */
function importCommands(workspace) {
  const w = workspace || 'softpower.workspace';
  return [
    'softpower alignment with CHN --positions none --out out/alignment-CHN',
    `softpower import --workspace ${w} --file out/alignment-CHN/alignment_with.csv --unit-column partner --code-system iso3 --year-column year --value-columns agree --name un-agreement-chn`,
    `softpower import --workspace ${w} --file ../shared/data/cultural-diplomacy/ChinesePublicDiplomacy.csv --unit-column receiving_country --code-system name --year-column year --value-columns confucius_institutes,total_elite_visits --name china-public-diplomacy`,
  ].join('\n');
}

const est = (v) => number(v, 4);
const ci = (lo, hi) => (lo === null || hi === null || lo === undefined || hi === undefined ? '—' : `${est(lo)} to ${est(hi)}`);

// A line with a shaded band between lo and hi: the band is the area of hi - lo stacked on lo
// (stacking 'all', since a band crossing 0 stacks values of both signs).
function bandSeries(points, color, name, marks) {
  return [
    { type: 'line', data: points.map((p) => [p.x, p.lo]), stack: `band-${name}`, stackStrategy: 'all', symbol: 'none', lineStyle: { opacity: 0 }, tooltip: { show: false }, silent: true },
    { type: 'line', data: points.map((p) => [p.x, p.hi - p.lo]), stack: `band-${name}`, stackStrategy: 'all', symbol: 'none', lineStyle: { opacity: 0 }, areaStyle: { color, opacity: 0.2 }, tooltip: { show: false }, silent: true },
    { name, type: 'line', data: points.map((p) => [p.x, p.y]), symbolSize: 6, lineStyle: { color, width: 2 }, itemStyle: { color },
      markLine: { silent: true, symbol: 'none', lineStyle: { color: '#777', type: 'dashed' }, label: { show: false }, data: marks } },
  ];
}

const axisTooltip = { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? est(v) : v) };
const titled = (text) => ({ text, left: 'center', textStyle: { fontSize: 13, fontWeight: 'normal' } });

function eventStudy(el, rows) {
  const points = rows.map((r) => ({ x: r.key, y: r.estimate, lo: r.ci_lo, hi: r.ci_hi }));
  chart(el).setOption({
    aria: { enabled: true },
    title: titled('Effect by years since adoption, with its 95% band'),
    tooltip: axisTooltip,
    grid: { left: 60, right: 15, top: 30, bottom: 40 },
    xAxis: { type: 'value', name: 'years since adoption', nameLocation: 'middle', nameGap: 24, minInterval: 1 },
    yAxis: { type: 'value', scale: true },
    series: bandSeries(points, qualitative[0], 'effect', [{ yAxis: 0 }, { xAxis: -0.5 }]),
  });
}

function pathsChart(c, rows, start) {
  c.setOption({
    aria: { enabled: true },
    title: titled('Treated against its counterfactual'),
    tooltip: axisTooltip,
    legend: { bottom: 0 },
    grid: { left: 60, right: 15, top: 30, bottom: 55 },
    xAxis: { type: 'value', min: 'dataMin', max: 'dataMax', minInterval: 1, axisLabel: { formatter: (v) => String(v) } },
    yAxis: { type: 'value', scale: true },
    series: [
      { name: 'treated', type: 'line', data: rows.map((r) => [r.time, r.treated]), symbolSize: 5, lineStyle: { color: qualitative[0], width: 2 }, itemStyle: { color: qualitative[0] },
        markLine: { silent: true, symbol: 'none', lineStyle: { color: '#777', type: 'dashed' }, label: { formatter: 'treated', position: 'insideStartTop' }, data: [{ xAxis: start - 0.5 }] } },
      { name: 'counterfactual', type: 'line', data: rows.map((r) => [r.time, r.counterfactual]), symbolSize: 5, lineStyle: { color: qualitative[1], width: 2, type: 'dashed' }, itemStyle: { color: qualitative[1] } },
    ],
  });
}

function gapChart(c, rows, start) {
  c.setOption({
    aria: { enabled: true },
    title: titled('Gap: treated minus counterfactual'),
    tooltip: axisTooltip,
    grid: { left: 60, right: 15, top: 30, bottom: 35 },
    xAxis: { type: 'value', min: 'dataMin', max: 'dataMax', minInterval: 1, axisLabel: { formatter: (v) => String(v) } },
    yAxis: { type: 'value', scale: true },
    series: [
      { name: 'gap', type: 'bar', data: rows.map((r) => [r.time, r.treated - r.counterfactual]), itemStyle: { color: (p) => (p.value[0] >= start ? qualitative[5] : '#9aa3ad') },
        markLine: { silent: true, symbol: 'none', lineStyle: { color: '#777', type: 'dashed' }, label: { show: false }, data: [{ yAxis: 0 }] } },
    ],
  });
}

function placeboChart(c, rows) {
  const sorted = [...rows].filter((r) => r.ratio !== null).sort((a, b) => a.ratio - b.ratio);
  c.setOption({
    aria: { enabled: true },
    title: titled(sorted.length ? 'Post/pre RMSPE ratio of every unit taken as treated' : 'No in-space placebos (fewer than 3 controls)'),
    tooltip: { trigger: 'axis', valueFormatter: (v) => number(v, 2) },
    grid: { left: 50, right: 15, top: 30, bottom: 60 },
    xAxis: { type: 'category', data: sorted.map((r) => r.unit), axisLabel: { rotate: 90, fontSize: 9, interval: 0 } },
    yAxis: { type: 'value' },
    series: [{ name: 'ratio', type: 'bar', data: sorted.map((r) => ({ value: r.ratio, itemStyle: { color: r.treated ? qualitative[5] : '#9aa3ad' } })) }],
  });
}

function weightsChart(c, rows) {
  const shown = rows.filter((r) => r.weight > 0).sort((a, b) => b.weight - a.weight).slice(0, 15).reverse();
  c.setOption({
    aria: { enabled: true },
    title: titled('Unit weights of the controls (largest 15)'),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => number(v, 3) },
    grid: { left: 55, right: 20, top: 30, bottom: 25 },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: shown.map((r) => r.unit), axisLabel: { interval: 0, fontSize: 10 } },
    series: [{ name: 'weight', type: 'bar', data: shown.map((r) => r.weight), itemStyle: { color: qualitative[2] } }],
  });
}

/** The panel's datasets as offered by POST /api/datasets (votes have no indicators). */
const panels = (ans) => (ans.datasets || []).filter((d) => d.kind === 'panel' && Array.isArray(d.indicator_codes));

export function render(root) {
  root.innerHTML = html`
    <h2>Evaluation</h2>
    <p class="lead">Did a programme change an outcome? Pick an outcome series and a programme from the workspace’s datasets; the engine estimates the effect on the countries that adopted it (Callaway and Sant’Anna for staggered adoption, or synthetic DiD, synthetic control and DiD for one treated country), writes the files and records the run. Both operations write, so the server asks for its write token.</p>
    <div id="eval-server" role="status"></div>
    <section aria-labelledby="eval-presets-title">
      <h3 id="eval-presets-title">Applied cases</h3>
      <div class="presets" id="eval-presets">${PRESETS.map(
        (p) => html`<div class="preset"><button type="button" id="eval-preset-${p.id}" data-preset="${p.id}">${p.name}</button><span class="hint">${p.what}</span></div>`,
      )}</div>
      <div id="eval-preset-note"></div>
    </section>
    <form id="eval-form" class="sim-form eval-form">
      <label>Design <select id="eval-design">
        <option value="staggered">Staggered adoption: Callaway–Sant’Anna</option>
        <option value="panel">One treated country from a year: synthetic DiD, synthetic control, DiD</option>
      </select></label>
      <fieldset><legend>Outcome</legend>
        <label>Dataset <select id="eval-outcome-dataset"></select></label>
        <label>Indicator <select id="eval-outcome"></select></label>
      </fieldset>
      <fieldset id="eval-staggered"><legend>Programme</legend>
        <label>Dataset <select id="eval-programme-dataset"></select></label>
        <label>Indicator <select id="eval-programme"></select><span class="hint">adoption: the first year it is above 0</span></label>
        <label>Controls <select id="eval-control"><option value="notyet">not yet treated</option><option value="never">never treated</option></select></label>
      </fieldset>
      <fieldset id="eval-panel" disabled hidden><legend>Treated country</legend>
        <label>Country <select id="eval-treated"></select></label>
        <label>Treated from <input id="eval-start" type="number" min="0" max="9999" value="2017" /></label>
        <span class="checks" role="group" aria-label="Estimators">${ESTIMATORS.map(
          ([k, name]) => html`<label class="check"><input type="checkbox" name="estimator" value="${k}" checked /> ${name}</label>`,
        )}</span>
        <label id="eval-donors-label">Donors <select id="eval-donors"><option value="">every unit of the outcome</option></select></label>
      </fieldset>
      <fieldset><legend>Periods</legend>
        <label>From <input id="eval-from" type="number" min="0" max="9999" value="2000" /></label>
        <label>To <input id="eval-to" type="number" min="0" max="9999" value="2016" /></label>
        <label class="check"><input id="eval-drop" type="checkbox" checked /> leave out units with a gap</label>
      </fieldset>
      <label>Replications <input id="eval-reps" type="number" min="2" max="100000" value="1000" /></label>
      ${jobButtons('eval')}
    </form>
    ${progressRow('eval', 'Evaluation')}
    <div id="eval-result"></div>`;
  const $ = (s) => root.querySelector(s);
  let closed = false;
  const follow = jobRunner(root, 'eval', 'steps', () => closed);
  let listing = { datasets: [], workspace: '' };
  let names = new Map();

  const byName = (name) => panels(listing).find((d) => d.name === name);
  const fillIndicators = (datasetSelect, indicatorSelect, wanted) => {
    const d = byName($(datasetSelect).value);
    const codes = d ? d.indicator_codes : [];
    $(indicatorSelect).innerHTML = html`${codes.map((c) => html`<option value="${c}"${raw(c === wanted ? ' selected' : '')}>${c}</option>`)}`.toString();
  };
  const fillTreated = (wanted) => {
    const d = byName($('#eval-outcome-dataset').value);
    const codes = d ? d.unit_codes || [] : [];
    const current = wanted || $('#eval-treated').value;
    $('#eval-treated').innerHTML = html`${codes.map((c) => html`<option value="${c}"${raw(c === current ? ' selected' : '')}>${names.get(c) ? `${names.get(c)} (${c})` : c}</option>`)}`.toString();
  };
  const showDesign = () => {
    const panel = $('#eval-design').value === 'panel';
    $('#eval-panel').disabled = !panel;
    $('#eval-panel').hidden = !panel;
    $('#eval-staggered').disabled = panel;
    $('#eval-staggered').hidden = panel;
  };
  $('#eval-design').addEventListener('change', showDesign);
  $('#eval-outcome-dataset').addEventListener('change', () => {
    fillIndicators('#eval-outcome-dataset', '#eval-outcome');
    fillTreated();
  });
  $('#eval-programme-dataset').addEventListener('change', () => fillIndicators('#eval-programme-dataset', '#eval-programme'));

  // What the server can do: writable or not; whether `evaluate panel` takes `units`.
  const api = getJSON('/api')
    .then((a) => {
      if (!a.writable) {
        notAvailable($('#eval-server'), 'Running an evaluation', {
          message: 'this server is read-only: both evaluations write their files and record their run, so start it with a write token (SOFTPOWER_WRITE_TOKEN=… softpower serve --workspace FILE) and type the token here. Runs already recorded are on the Runs page.',
        });
        root.dataset.readOnly = 'true';
      }
      const panelOp = (a.operations || []).find((o) => o.name === 'evaluate panel');
      const takesUnits = !!(panelOp && (panelOp.params || []).some((p) => p.name === 'units'));
      if (!takesUnits) $('#eval-donors-label').hidden = true;
      return { takesUnits };
    })
    .catch(() => ({ takesUnits: false }));

  const loaded = Promise.all([postJSON('/api/datasets', {}), countries().catch(() => [])])
    .then(([ans, list]) => {
      listing = ans;
      names = new Map(list.map((c) => [c.iso3, c.name]));
      const ds = panels(ans);
      if (!ds.length) throw new Error(`${ans.message || 'the workspace holds no panel dataset.'} Import one with softpower import (the applied cases’ commands are below their buttons once clicked).`);
      const options = html`${ds.map((d) => html`<option value="${d.name}">${d.name}</option>`)}`.toString();
      $('#eval-outcome-dataset').innerHTML = options;
      $('#eval-programme-dataset').innerHTML = options;
      $('#eval-donors').insertAdjacentHTML('beforeend', html`${ds.map((d) => html`<option value="${d.name}">the units of ${d.name}</option>`)}`.toString());
      fillIndicators('#eval-outcome-dataset', '#eval-outcome');
      fillIndicators('#eval-programme-dataset', '#eval-programme');
      fillTreated();
      root.dataset.datasets = String(ds.length);
    })
    .catch((err) => {
      notAvailable($('#eval-preset-note'), 'The workspace’s datasets', err);
      root.dataset.datasets = '0';
    });

  const setSelect = (sel, value) => {
    const el = $(sel);
    if ([...el.options].some((o) => o.value === value)) {
      el.value = value;
      return true;
    }
    return false;
  };

  async function applyPreset(p) {
    await loaded;
    const missing = [p.outcome[0], p.programme?.[0], p.donors].filter((n) => n && !byName(n));
    if (missing.length) {
      $('#eval-preset-note').innerHTML = html`<div class="unavailable" role="status"><strong>${p.name}: the workspace has no dataset ${[...new Set(missing)].join(', ')}.</strong> Make them with these commands (run from the checkout; the data are those of ../shared/data), then reload this page:<pre class="message" id="eval-import-commands">${importCommands(listing.workspace)}</pre></div>`.toString();
      root.dataset.state = 'missing';
      return false;
    }
    $('#eval-preset-note').innerHTML = '';
    $('#eval-design').value = p.design;
    showDesign();
    setSelect('#eval-outcome-dataset', p.outcome[0]);
    fillIndicators('#eval-outcome-dataset', '#eval-outcome', p.outcome[1]);
    fillTreated(p.treated);
    if (p.design === 'staggered') {
      setSelect('#eval-programme-dataset', p.programme[0]);
      fillIndicators('#eval-programme-dataset', '#eval-programme', p.programme[1]);
      $('#eval-control').value = p.control;
    } else {
      $('#eval-start').value = String(p.start);
      for (const box of root.querySelectorAll('input[name=estimator]')) box.checked = p.estimators.includes(box.value);
      if (!setSelect('#eval-donors', p.donors || '')) $('#eval-donors').value = '';
    }
    $('#eval-from').value = String(p.periods[0]);
    $('#eval-to').value = String(p.periods[1]);
    $('#eval-reps').value = String(p.reps);
    $('#eval-seed').value = '1';
    $('#eval-drop').checked = true;
    return true;
  }

  for (const p of PRESETS) {
    $(`#eval-preset-${p.id}`).addEventListener('click', async () => {
      if (await applyPreset(p)) $('#eval-form').requestSubmit();
    });
  }

  async function params() {
    const { takesUnits } = await api;
    const panel = $('#eval-design').value === 'panel';
    const outcomeSet = $('#eval-outcome-dataset').value;
    const from = Number($('#eval-from').value);
    const to = Number($('#eval-to').value);
    if (!outcomeSet) throw new Error('pick an outcome dataset (the workspace has none).');
    const p = {
      outcome: $('#eval-outcome').value,
      periods: `${from}:${to}`,
      reps: Number($('#eval-reps').value),
      seed: Number($('#eval-seed').value),
      out: `dashboard-evaluation-${Date.now()}`,
    };
    if ($('#eval-drop').checked) p['drop-incomplete'] = true;
    if (!panel) {
      const programmeSet = $('#eval-programme-dataset').value;
      // The programme's dataset first, as examples/evaluations/ gives them: the join's unit
      // order follows the datasets' order, and the bootstrap's draws follow the units.
      p.dataset = [...new Set([programmeSet, outcomeSet])];
      p.adoption = $('#eval-programme').value;
      p.control = $('#eval-control').value;
      return { operation: 'evaluate staggered', params: p };
    }
    const treated = $('#eval-treated').value;
    p.dataset = [outcomeSet];
    p.treated = [treated];
    p.start = Number($('#eval-start').value);
    p.estimators = [...root.querySelectorAll('input[name=estimator]:checked')].map((b) => b.value);
    const donors = $('#eval-donors').value;
    if (takesUnits && donors) {
      const d = byName(donors);
      p.units = [...new Set([treated, ...(d ? d.unit_codes : [])])];
    }
    return { operation: 'evaluate panel', params: p };
  }

  $('#eval-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    setWriteToken($('#eval-token').value.trim());
    const result = $('#eval-result');
    const status = $('#eval-status');
    result.innerHTML = '';
    delete root.dataset.state;
    delete root.dataset.run;
    $('#eval-run').disabled = true;
    try {
      const body = await params();
      const end = await follow(await postJSON('/api/jobs', body));
      if (closed) return;
      if (end.state !== 'done') {
        root.dataset.state = end.state;
        return;
      }
      await show(result, body, end.result || {});
      if (!closed) root.dataset.state = 'done';
    } catch (err) {
      status.textContent = `Evaluation not available: ${err.message}`;
      root.dataset.state = 'error';
    } finally {
      $('#eval-run').disabled = false;
      $('#eval-cancel').disabled = true;
    }
  });

  async function show(el, body, r) {
    const staggered = body.operation === 'evaluate staggered';
    const head = html`<h3>Result</h3><pre class="message" id="eval-message">${r.message || ''}</pre>`;
    if (r.run === undefined) {
      el.innerHTML = html`${head}<div id="eval-note"></div>`.toString();
      notAvailable(el.querySelector('#eval-note'), 'The tables and plots', { message: 'the server keeps no workspace, so the files of this run cannot be read back (start it with --workspace FILE).' });
      return;
    }
    root.dataset.run = String(r.run);
    const file = async (name) => parseCsv(await getText(`/api/runs/${r.run}/results/${name}`));
    const links = html`<p class="links"><a id="eval-report" href="/api/runs/${r.run}/results/evaluation.html" target="_blank" rel="noopener">The run’s full report (evaluation.html)</a> · <a href="#/runs/${r.run}">run ${r.run}: parameters and files</a></p>`;
    if (staggered) {
      const [aggregate, bacon] = await Promise.all([file('aggregate.csv'), file('bacon.csv')]);
      if (closed) return;
      const overall = aggregate.filter((a) => a.key === null);
      const dynamic = aggregate.filter((a) => a.type === 'dynamic' && a.key !== null);
      const comparisons = [...bacon].sort((a, b) => b.weight - a.weight);
      el.innerHTML = html`${head}${links}
        <h4>Average effects on the treated</h4>
        <div class="table-wrap"><table class="compact" id="eval-estimates"><thead><tr><th scope="col">aggregation</th><th scope="col" class="num">estimate</th><th scope="col" class="num">standard error</th><th scope="col" class="num">95% interval${body.params.reps > 0 ? ' (uniform band)' : ''}</th></tr></thead>
        <tbody>${overall.map((a) => html`<tr data-type="${a.type}"><th scope="row">${AGGREGATES[a.type] || a.type}</th><td class="num">${est(a.estimate)}</td><td class="num">${est(a.se)}</td><td class="num">${ci(a.ci_lo, a.ci_hi)}</td></tr>`)}</tbody></table></div>
        <p class="hint">Callaway and Sant’Anna give no p-values; an interval that excludes 0 is significant at 5%. ${r.units} units, ${r.dropped_units} dropped (treated from the first period), ${r.group_time_effects} group-time effects.</p>
        <div class="chart" id="eval-event-study" role="img" aria-label="Event study: the effect by years since adoption with its 95% band"></div>
        <h4>What plain two-way fixed effects average (Goodman-Bacon)</h4>
        ${r.twfe === null || r.twfe === undefined ? html`<p class="muted" id="eval-twfe">No decomposition for this panel (the run’s log says why).</p>` : html`<p id="eval-twfe">The TWFE estimate is <strong class="num">${est(r.twfe)}</strong>, the weighted sum of the ${comparisons.length} 2×2 comparisons below (largest weight first); the run’s report sums them by type.</p>`}
        ${comparisons.length ? html`<div class="table-wrap tall"><table class="compact" id="eval-bacon"><thead><tr><th scope="col">comparison</th><th scope="col" class="num">treated cohort</th><th scope="col" class="num">control cohort</th><th scope="col" class="num">estimate</th><th scope="col" class="num">weight</th></tr></thead>
        <tbody>${comparisons.map((c) => html`<tr><td>${c.type}</td><td class="num">${c.treated ?? '—'}</td><td class="num">${c.control ?? 'never'}</td><td class="num">${est(c.estimate)}</td><td class="num">${number(c.weight, 3)}</td></tr>`)}</tbody></table></div>` : ''}`.toString();
      if (dynamic.length) eventStudy(el.querySelector('#eval-event-study'), dynamic);
      else notAvailable(el.querySelector('#eval-event-study'), 'The event study', { message: 'the run has no dynamic aggregation.' });
      return;
    }
    const [estimates, paths, placebos, weights] = await Promise.all(['estimates.csv', 'paths.csv', 'placebos.csv', 'unit_weights.csv'].map(file));
    if (closed) return;
    const extra = new Map((r.estimates || []).map((x) => [x.estimator, x]));
    const estimators = estimates.map((x) => x.estimator);
    el.innerHTML = html`${head}${links}
      <h4>Average effect on the treated</h4>
      <div class="table-wrap"><table class="compact" id="eval-estimates"><thead><tr><th scope="col">estimator</th><th scope="col" class="num">estimate</th><th scope="col" class="num">standard error</th><th scope="col" class="num">95% interval</th><th scope="col" class="num">p-value</th><th scope="col" class="num">RMSPE ratio</th><th scope="col" class="num">permutation p</th></tr></thead>
      <tbody>${estimates.map((x) => html`<tr data-estimator="${x.estimator}"><th scope="row">${estimatorName(x.estimator)}</th><td class="num">${est(x.estimate)}</td><td class="num">${est(x.se)}</td><td class="num">${ci(x.ci_lo, x.ci_hi)}</td><td class="num">${number(x.p_value, 3)}</td><td class="num">${number(extra.get(x.estimator)?.rmspe_ratio, 2)}</td><td class="num">${number(extra.get(x.estimator)?.permutation_p, 3)}</td></tr>`)}</tbody></table></div>
      <p class="hint">${r.units} units, ${r.treated} treated from ${r.adoption}, ${r.periods} periods; standard errors: ${r.se}. The permutation p is the share of units (every control taken as treated, and the treated) whose post/pre RMSPE ratio is at least the treated one’s.</p>
      <label>Estimator <select id="eval-estimator">${estimators.map((k) => html`<option value="${k}"${raw(k === 'sdid' ? ' selected' : '')}>${estimatorName(k)}</option>`)}</select></label>
      <div class="chart-grid" id="eval-panel-charts">
        <div class="chart short" id="eval-paths" role="img" aria-label="The treated mean against its counterfactual"></div>
        <div class="chart short" id="eval-gap" role="img" aria-label="The gap between the treated mean and its counterfactual"></div>
        <div class="chart short" id="eval-placebos" role="img" aria-label="The post/pre RMSPE ratio of every unit taken as treated"></div>
        <div class="chart short" id="eval-weights" role="img" aria-label="The controls' unit weights"></div>
      </div>`.toString();
    const charts = Object.fromEntries(['paths', 'gap', 'placebos', 'weights'].map((k) => [k, chart(el.querySelector(`#eval-${k}`))]));
    const draw = () => {
      const e = el.querySelector('#eval-estimator').value;
      for (const c of Object.values(charts)) c.clear();
      const mine = paths.filter((x) => x.estimator === e);
      pathsChart(charts.paths, mine, r.adoption);
      gapChart(charts.gap, mine, r.adoption);
      placeboChart(charts.placebos, placebos.filter((x) => x.estimator === e));
      weightsChart(charts.weights, weights.filter((x) => x.estimator === e));
      root.dataset.estimator = e;
    };
    el.querySelector('#eval-estimator').addEventListener('change', draw);
    draw();
  }

  return () => {
    closed = true;
  };
}
