// Weights: a slider per pillar. While the user drags, the weights go to
// POST /api/index/reweight (debounced to 50 ms, stale answers dropped) and the ranking and
// the map show the engine's new ranking, with each country's move from its nominal rank. The
// weights are kept in the address (…?w=culture:2,values:1, state.js), so a link gives the
// same ranking; the index and year are those shown.
import { postJSON } from '../api.js';
import { diverging, registerWorld, updateMap, worldMap } from '../charts.js';
import { countries, pillarInfo } from '../data.js';
import { rank, score } from '../format.js';
import { current as currentState, href, indexBar, indexBody, indexList, indexScores, setState } from '../state.js';
import { debounce, html, notAvailable, raw } from '../ui.js';

export const title = 'Weights';

const MAX = 5;

function moveCell(u) {
  if (u.rank === null || u.nominal_rank === null) return raw('<td class="num">—</td>');
  const d = u.nominal_rank - u.rank;
  if (d === 0) return raw(`<td class="num move same" aria-label="unchanged">·</td>`);
  const up = d > 0;
  const text = `${up ? '▲' : '▼'} ${Math.abs(d) % 1 === 0 ? Math.abs(d) : Math.abs(d).toFixed(1)}`;
  return raw(
    `<td class="num move ${up ? 'up' : 'down'}" style="color:${up ? diverging.up : diverging.down}" aria-label="${up ? 'up' : 'down'} ${Math.abs(d)}">${text}</td>`,
  );
}

export function render(root) {
  root.innerHTML = html`
    <h2>Weights</h2>
    <div class="toolbar" id="index-bar"></div>
    <p class="lead">Move a pillar’s weight: the engine re-aggregates the index at once and the ranking and the map follow. Arrows show each country’s move from its rank under the spec’s own weights.</p>
    <div class="weights-layout">
      <form id="weights-form" class="sliders" aria-label="Pillar weights"></form>
      <div class="weights-results">
        <p id="weights-status" class="status" role="status" aria-live="polite"></p>
        <div id="weights-map" class="chart map-small" role="img" aria-label="World map of the reweighted scores"></div>
        <div id="weights-ranking" class="table-wrap tall"></div>
      </div>
    </div>`;
  const form = root.querySelector('#weights-form');
  const status = root.querySelector('#weights-status');
  const tableEl = root.querySelector('#weights-ranking');
  let map = null;
  let sent = 0;
  let shown = 0;
  let closed = false;
  let pillars = [];

  const current = () => Object.fromEntries(pillars.map((p) => [p.code, Number(form.querySelector(`#w-${p.code}`).value)]));

  const show = (answer) => {
    const moved = answer.ranking.filter((u) => u.rank !== u.nominal_rank).length;
    const total = Object.values(answer.weights).reduce((a, b) => a + b, 0);
    status.textContent = `${moved} of ${answer.ranking.length} countries changed rank.`;
    for (const p of pillars) {
      const share = total > 0 ? (100 * answer.weights[p.code]) / total : 0;
      const out = form.querySelector(`#share-${p.code}`);
      if (out) out.textContent = `${share.toFixed(0)}%`;
    }
    tableEl.innerHTML = html`<table class="ranking" id="reweighted">
      <caption>Ranking under these weights, ${answer.year}</caption>
      <thead><tr><th scope="col" class="num">Rank</th><th scope="col" class="num">Move</th><th scope="col">Country</th><th scope="col" class="num">Score</th><th scope="col" class="num">Nominal rank</th></tr></thead>
      <tbody>${answer.ranking.map(
        (u) => html`<tr data-iso3="${u.iso3}"><td class="num">${rank(u.rank)}</td>${moveCell(u)}<th scope="row"><a href="${href(`country/${u.iso3}`)}">${u.name}</a></th><td class="num strong">${score(u.score)}</td><td class="num">${rank(u.nominal_rank)}</td></tr>`,
      )}</tbody></table>`;
    const values = answer.ranking.filter((u) => u.score !== null).map((u) => ({ iso3: u.iso3, name: u.name, value: u.score }));
    if (map) updateMap(map, values);
  };

  const reweight = async () => {
    const seq = ++sent;
    const weights = current();
    if (Object.values(weights).every((w) => w === 0)) {
      status.textContent = 'At least one weight must be above zero.';
      return;
    }
    try {
      // The page shows only the ranking: the answer without pillar scores is a third the size.
      const answer = await postJSON('/api/index/reweight', { ...indexBody(), weights, pillars: false });
      if (closed || seq < shown) return;
      shown = seq;
      show(answer);
      // The address keeps the weights unless they are the spec's own.
      const nominal = pillars.every((p) => weights[p.code] === p.weight);
      setState({ weights: nominal ? {} : weights }, { replace: true });
      root.dataset.reweighted = String(seq);
    } catch (err) {
      if (!closed) status.textContent = `Reweighting not available: ${err.message}`;
    }
  };
  const soon = debounce(reweight, 50);

  Promise.all([indexScores(), countries().catch(() => []), indexList().catch(() => null)])
    .then(([s, list, indices]) => {
      if (closed) return;
      indexBar(root.querySelector('#index-bar'), s, indices);
      pillars = pillarInfo(s);
      // Weights given in the address start the sliders where the link left them.
      const given = currentState().weights;
      const start = (p) => (Number.isFinite(given[p.code]) ? Math.min(MAX, Math.max(0, given[p.code])) : p.weight);
      form.innerHTML = html`${pillars.map(
        (p) => html`<div class="slider">
          <label for="w-${p.code}">${p.name}</label>
          <input id="w-${p.code}" name="${p.code}" type="range" min="0" max="${MAX}" step="0.1" value="${start(p)}"
            aria-describedby="hint-${p.code}" />
          <output for="w-${p.code}" id="val-${p.code}">${Number(start(p)).toFixed(1)}</output>
          <span class="share" id="share-${p.code}"></span>
          <small id="hint-${p.code}" class="hint">${p.indicators.join(', ')}</small>
        </div>`,
      )}<button type="button" id="weights-reset">Reset to the spec’s weights</button>`;
      form.addEventListener('input', (e) => {
        if (e.target.type !== 'range') return;
        form.querySelector(`#val-${e.target.name}`).textContent = Number(e.target.value).toFixed(1);
        soon();
      });
      form.querySelector('#weights-reset').addEventListener('click', () => {
        for (const p of pillars) {
          form.querySelector(`#w-${p.code}`).value = p.weight;
          form.querySelector(`#val-${p.code}`).textContent = Number(p.weight).toFixed(1);
        }
        reweight();
      });
      registerWorld(list);
      map = worldMap(root.querySelector('#weights-map'), [], {});
      reweight();
    })
    .catch((err) => notAvailable(form, 'The weights', err));

  return () => {
    closed = true;
    soon.cancel();
  };
}
