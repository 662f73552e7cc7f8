// Weights and method: a slider and a number field per pillar, and the method choices the
// sensitivity analysis finds decisive (normalisation, outlier treatment, aggregation). With the
// spec's own method the weights go to POST /api/index/reweight; with another, the ranking is
// rebuilt by GET /api/index/choices (debounced to 50 ms, stale answers dropped); the ranking and
// the map show the engine's answer with each country's move from its rank under the spec. Beside
// the choices, the Sobol' indices of the spec's uncertain inputs: the server's (`index sobol`,
// a job the button starts), else the workspace's latest recorded `index sensitivity` run of the
// same spec file and year. Weights and choices are kept in the address (…?w=culture:2&m=treat:none,
// state.js); a number field keeps a weight exactly (1/3 stays 0.333…), the slider shows it.
import { followJob, getJSON, getText, parseCsv, postJSON } from '../api.js';
import { diverging, registerWorld, updateMap, worldMap } from '../charts.js';
import { countries, pillarInfo } from '../data.js';
import { rank, score } from '../format.js';
import { current as currentState, href, indexBar, indexBody, indexList, indexQuery, indexScores, setState } from '../state.js';
import { debounce, html, notAvailable, raw } from '../ui.js';
import { recordedRun } from '../uncertainty.js';

export const title = 'Weights';

const MAX = 5;

const CHOICE_WORDS = {
  normalise: {
    minmax: 'min–max, 0 to 100',
    zscore: 'z-score',
    rank: 'rank',
    prank: 'percentile rank',
    borda: 'Borda (rank − 1)',
    dist2max: 'distance to the best',
    fracmax: 'share of the best',
  },
  treat: {
    none: 'none',
    winsorise: 'winsorise (up to 5 points), else log',
    'winsorise-only': 'winsorise only (up to 5 points)',
    log: 'log of skewed indicators',
  },
  aggregate: {
    arithmetic: 'arithmetic mean',
    geometric: 'geometric mean',
    harmonic: 'harmonic mean',
    copeland: 'Copeland (pairwise)',
    outranking: 'outranking (pairwise)',
  },
};

// The control (#m-…) of each Sobol' input the page has one for.
const INPUT_CONTROL = { normalisation: 'normalise', treatment: 'treat', aggregation: 'aggregate' };

// The Sobol' inputs in the words of the page's controls.
function inputWords(input) {
  if (input.startsWith('weights:')) return `the ${input.slice(8).toLowerCase()} weights`;
  return (
    {
      normalisation: 'the normalisation',
      treatment: 'the outlier treatment',
      aggregation: 'the aggregation',
      imputation: 'the imputation',
      'indicator left out': 'leaving one indicator out',
    }[input] || input
  );
}

/** The sentence saying which choice drives the ranking (largest total-order index). */
export function drivingSentence(inputs) {
  if (!inputs.length) return '';
  const sorted = [...inputs].sort((a, b) => b.ST - a.ST);
  const top = sorted[0];
  const pct = (v) => `${Math.round(100 * Math.max(0, v))}%`;
  const rest = sorted.slice(1).map((i) => `${inputWords(i.input)} ${pct(i.ST)}`).join(', ');
  const first = inputWords(top.input);
  return `${first[0].toUpperCase()}${first.slice(1)} drives the ranking: with its interactions it accounts for ${pct(top.ST)} of the variance of the mean rank shift (total-order index ${top.ST.toFixed(2)}, alone ${Math.max(0, top.S1).toFixed(2)})${rest ? `; ${rest}` : ''}.`;
}

// The arrows' text colours: the map's diverging blue, and its orange darkened to 5.2:1 on white
// (the map's own orange, 3.9:1, is too light for text: WCAG AA asks 4.5:1).
const MOVE_TEXT = { up: diverging.up, down: '#B35000' };

function moveCell(u) {
  if (u.rank === null || u.nominal_rank === null) return raw('<td class="num">—</td>');
  const d = u.nominal_rank - u.rank;
  if (d === 0) return raw(`<td class="num move same" aria-label="unchanged">·</td>`);
  const up = d > 0;
  const text = `${up ? '▲' : '▼'} ${Math.abs(d) % 1 === 0 ? Math.abs(d) : Math.abs(d).toFixed(1)}`;
  return raw(
    `<td class="num move ${up ? 'up' : 'down'}" style="color:${up ? MOVE_TEXT.up : MOVE_TEXT.down}" aria-label="${up ? 'up' : 'down'} ${Math.abs(d)}">${text}</td>`,
  );
}

const isSpecMethod = (m) => ['normalise', 'treat', 'aggregate'].every((k) => !m[k] || m[k] === 'spec');

function sensitivityTable(sens, source) {
  const iv = (v, lo, hi) => `${v.toFixed(2)} [${lo.toFixed(2)}, ${hi.toFixed(2)}]`;
  return html`<p id="sensitivity-words" class="strong">${drivingSentence(sens.inputs)}</p>
    <div class="table-wrap"><table class="compact" id="sensitivity-table"><caption>Sobol’ indices of the mean absolute rank shift, ${sens.year}</caption>
    <thead><tr><th scope="col">Uncertain input</th><th scope="col" class="num">First order S1 [95%]</th><th scope="col" class="num">Total order ST [95%]</th></tr></thead>
    <tbody>${[...sens.inputs].sort((a, b) => b.ST - a.ST).map((i) => html`<tr data-input="${i.input}"><th scope="row">${i.input}</th><td class="num">${iv(i.S1, i.S1_lo, i.S1_hi)}</td><td class="num">${iv(i.ST, i.ST_lo, i.ST_hi)}</td></tr>`)}</tbody></table></div>
    <p class="muted" id="sensitivity-source">${source}</p>`;
}

function choiceSelect(id, name, label, options, chosen, specWords) {
  return html`<label class="choice" for="${id}">${label}
    <select id="${id}" name="${name}">${options.map(
      (o) => html`<option value="${o}"${raw(o === chosen ? ' selected' : '')}>${o === 'spec' ? `the spec’s (${specWords})` : CHOICE_WORDS[name][o] || o}</option>`,
    )}</select></label>`;
}

export function render(root) {
  root.innerHTML = html`
    <h2>Weights and method</h2>
    <div class="toolbar" id="index-bar"></div>
    <p class="lead">Move a pillar’s weight, or choose another normalisation, outlier treatment or aggregation: the engine rebuilds the ranking at once and the ranking and the map follow. Arrows show each country’s move from its rank under the spec’s own weights and method.</p>
    <div class="weights-layout">
      <div class="controls">
        <form id="weights-form" class="sliders" aria-label="Pillar weights"></form>
        <form id="method-form" class="sliders" aria-label="Method choices"></form>
      </div>
      <div class="weights-results">
        <section id="sensitivity" class="panel" aria-labelledby="h-sensitivity"><h3 id="h-sensitivity">Which choice matters</h3><div id="sensitivity-body"></div></section>
        <p id="weights-status" class="status" role="status" aria-live="polite"></p>
        <div id="weights-map" class="chart map-small" role="img" aria-label="World map of the reweighted scores"></div>
        <div id="weights-ranking" class="table-wrap tall"></div>
      </div>
    </div>`;
  const form = root.querySelector('#weights-form');
  const methodForm = root.querySelector('#method-form');
  const sensBody = root.querySelector('#sensitivity-body');
  const status = root.querySelector('#weights-status');
  const tableEl = root.querySelector('#weights-ranking');
  let map = null;
  let sent = 0;
  let shown = 0;
  let closed = false;
  let pillars = [];

  // The number fields hold the weights exactly; the sliders show them to a step of 0.1.
  const current = () => Object.fromEntries(pillars.map((p) => [p.code, Number(form.querySelector(`#wn-${p.code}`).value)]));
  const method = () => {
    const m = {};
    for (const el of methodForm.querySelectorAll('select')) if (el.value !== 'spec' && !(el.name === 'level' && el.value === '0')) m[el.name] = el.value;
    if (!m.aggregate) delete m.level;
    return m;
  };

  const show = (answer, weights) => {
    const moved = answer.ranking.filter((u) => u.rank !== u.nominal_rank).length;
    const total = Object.values(weights).reduce((a, b) => a + b, 0);
    status.textContent = `${moved} of ${answer.ranking.length} countries changed rank.`;
    for (const p of pillars) {
      const share = total > 0 ? (100 * weights[p.code]) / total : 0;
      const out = form.querySelector(`#share-${p.code}`);
      if (out) out.textContent = `${share.toFixed(0)}%`;
    }
    tableEl.innerHTML = html`<table class="ranking" id="reweighted">
      <caption>Ranking under these weights and method, ${answer.year}</caption>
      <thead><tr><th scope="col" class="num">Rank</th><th scope="col" class="num">Move</th><th scope="col">Country</th><th scope="col" class="num">Score</th><th scope="col" class="num">Rank under the spec</th></tr></thead>
      <tbody>${answer.ranking.map(
        (u) => html`<tr data-iso3="${u.iso3}"><td class="num">${rank(u.rank)}</td>${moveCell(u)}<th scope="row"><a href="${href(`country/${u.iso3}`)}">${u.name}</a></th><td class="num strong">${score(u.score)}</td><td class="num">${rank(u.nominal_rank)}</td></tr>`,
      )}</tbody></table>`;
    const values = answer.ranking.filter((u) => u.score !== null).map((u) => ({ iso3: u.iso3, name: u.name, value: u.score }));
    if (map) updateMap(map, values);
  };

  const reweight = async () => {
    const seq = ++sent;
    const weights = current();
    if (Object.values(weights).some((w) => !Number.isFinite(w) || w < 0 || w > MAX)) {
      status.textContent = `Each weight is a number from 0 to ${MAX}.`;
      return;
    }
    if (Object.values(weights).every((w) => w === 0)) {
      status.textContent = 'At least one weight must be above zero.';
      return;
    }
    const m = method();
    const nominal = pillars.every((p) => weights[p.code] === p.weight);
    try {
      let answer;
      if (isSpecMethod(m)) {
        // The page shows only the ranking: the answer without pillar scores is a third the size.
        answer = await postJSON('/api/index/reweight', { ...indexBody(), weights, pillars: false });
      } else {
        const q = new URLSearchParams(indexQuery());
        for (const [k, v] of Object.entries(m)) q.set(k, v);
        if (!nominal) for (const [k, v] of Object.entries(weights)) q.append('weights', `${k}=${v}`);
        answer = await getJSON(`/api/index/choices?${q}`);
      }
      if (closed || seq < shown) return;
      shown = seq;
      show(answer, weights);
      // The address keeps the weights and choices unless they are the spec's own.
      setState({ weights: nominal ? {} : weights, method: m }, { replace: true });
      root.dataset.reweighted = String(seq);
    } catch (err) {
      if (!closed && seq >= shown) {
        shown = seq;
        status.textContent = `This ranking is not available: ${err.message}`;
        root.dataset.reweighted = String(seq);
      }
    }
  };
  const soon = debounce(reweight, 50);

  // Each control whose choice the analysis varied says its total-order index.
  const annotate = (inputs) => {
    for (const el of root.querySelectorAll('.sobol-tag')) el.remove();
    const top = Math.max(...inputs.map((i) => i.ST));
    for (const i of inputs) {
      const target = i.input.startsWith('weights:') ? form.querySelector('h3') : methodForm.querySelector(`#m-${INPUT_CONTROL[i.input]}`)?.closest('label');
      if (!target) continue;
      const tag = document.createElement('span');
      tag.className = `sobol-tag${i.ST === top ? ' drives' : ''}`;
      tag.textContent = ` ST ${i.ST.toFixed(2)}${i.ST === top ? ', drives the ranking' : ''}`;
      target.insertBefore(tag, target.querySelector('select'));
    }
  };

  const showSensitivity = async (s, choices) => {
    if (choices.sensitivity) {
      const c = choices.sensitivity;
      sensBody.innerHTML = sensitivityTable(c, `Computed on this server: N = ${c.base_runs} (${c.model_runs} replications, seed ${c.seed}).`);
      sensBody.dataset.source = 'server';
      annotate(c.inputs);
      return;
    }
    const run = await recordedRun(s, 'index sensitivity').catch(() => null);
    if (closed) return;
    if (run) {
      const rows = parseCsv(await getText(`/api/runs/${run.id}/results/sobol.csv`));
      sensBody.innerHTML = sensitivityTable(
        { year: s.year, inputs: rows },
        `Recorded in the workspace: run ${run.id} of index sensitivity (N = ${run.parameters?.runs ?? 256}, seed ${run.parameters?.seed ?? 1}, ${run.started_at.slice(0, 10)}).`,
      );
      sensBody.dataset.source = `run ${run.id}`;
      annotate(rows);
      return;
    }
    sensBody.innerHTML = html`<p>No sensitivity analysis of this index and year yet. It rebuilds the index for a Saltelli design over the uncertain choices its spec declares and tells which of them moves the ranking most (or record one: <code>softpower index sensitivity SPEC --workspace W</code>).</p>
      <button type="button" id="sensitivity-run">Run the sensitivity analysis</button> <span id="sensitivity-status" role="status"></span>`;
    sensBody.dataset.source = 'none';
    sensBody.querySelector('#sensitivity-run').addEventListener('click', async (e) => {
      e.target.disabled = true;
      const line = sensBody.querySelector('#sensitivity-status');
      try {
        const job = await postJSON('/api/index/sobol', { ...indexBody(), year: s.year });
        const end = await followJob(job.id, (st) => {
          line.textContent = st.total ? `${st.task || 'running'}: ${st.done} of ${st.total}` : st.state;
        });
        if (end.state !== 'done') throw new Error(end.error || end.state);
        const again = await getJSON(`/api/index/choices?${indexQuery()}`);
        if (!closed) await showSensitivity(s, again);
      } catch (err) {
        line.textContent = `The sensitivity analysis stopped: ${err.message}`;
        e.target.disabled = false;
      }
    });
  };

  Promise.all([indexScores(), countries().catch(() => []), indexList().catch(() => null), getJSON(`/api/index/choices?${indexQuery()}`)])
    .then(([s, list, indices, choices]) => {
      if (closed) return;
      indexBar(root.querySelector('#index-bar'), s, indices);
      pillars = pillarInfo(s);
      // Weights given in the address start the sliders where the link left them.
      const given = currentState().weights;
      const start = (p) => (Number.isFinite(given[p.code]) ? Math.min(MAX, Math.max(0, given[p.code])) : p.weight);
      form.innerHTML = html`<h3>Pillar weights</h3>${pillars.map(
        (p) => html`<div class="slider">
          <label for="w-${p.code}">${p.name}</label>
          <input id="w-${p.code}" name="${p.code}" type="range" min="0" max="${MAX}" step="0.1" value="${start(p)}"
            aria-describedby="hint-${p.code}" />
          <input id="wn-${p.code}" name="${p.code}" class="weight-number" type="number" min="0" max="${MAX}" step="any" value="${start(p)}"
            aria-label="${p.name}: weight" />
          <span class="share" id="share-${p.code}"></span>
          <small id="hint-${p.code}" class="hint">${p.indicators.join(', ')}</small>
        </div>`,
      )}<button type="button" id="weights-reset">Reset to the spec’s weights</button>`;
      form.addEventListener('input', (e) => {
        const code = e.target.name;
        if (e.target.type === 'range') form.querySelector(`#wn-${code}`).value = e.target.value;
        else if (e.target.type === 'number') form.querySelector(`#w-${code}`).value = e.target.value;
        else return;
        soon();
      });
      form.querySelector('#weights-reset').addEventListener('click', () => {
        for (const p of pillars) {
          form.querySelector(`#w-${p.code}`).value = p.weight;
          form.querySelector(`#wn-${p.code}`).value = p.weight;
        }
        reweight();
      });

      const sc = choices.spec_choices;
      const givenMethod = currentState().method;
      const aggWords = [...new Set(sc.aggregate.map((l) => l.method))].join(', ');
      methodForm.innerHTML = html`<h3>Method</h3>
        ${choiceSelect('m-normalise', 'normalise', 'Normalisation', choices.options.normalise, givenMethod.normalise || 'spec', CHOICE_WORDS.normalise[sc.normalise] || sc.normalise)}
        ${choiceSelect('m-treat', 'treat', 'Outlier treatment', choices.options.treat, givenMethod.treat || 'spec', CHOICE_WORDS.treat[sc.treat] || sc.treat)}
        ${choiceSelect('m-aggregate', 'aggregate', 'Aggregation', choices.options.aggregate, givenMethod.aggregate || 'spec', aggWords)}
        <label class="choice" for="m-level">at level <select id="m-level" name="level"><option value="0">every level</option>${choices.options.levels.map(
          (l) => html`<option value="${l.level}"${raw(String(l.level) === givenMethod.level ? ' selected' : '')}>${l.name}</option>`,
        )}</select></label>
        <p class="muted">A choice replaces the spec’s for every indicator (or the aggregation of the level chosen); the steps before it, imputation and screening, stay as the spec has them.</p>
        <button type="button" id="method-reset">Back to the spec’s method</button>`;
      methodForm.addEventListener('change', () => soon());
      methodForm.querySelector('#method-reset').addEventListener('click', () => {
        for (const el of methodForm.querySelectorAll('select')) el.value = el.name === 'level' ? '0' : 'spec';
        reweight();
      });
      registerWorld(list);
      map = worldMap(root.querySelector('#weights-map'), [], {});
      reweight();
      showSensitivity(s, choices).catch((err) => notAvailable(sensBody, 'The sensitivity analysis', err));
    })
    .catch((err) => notAvailable(form, 'The weights', err));

  return () => {
    closed = true;
    soon.cancel();
  };
}
