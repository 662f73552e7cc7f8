// Map: a choropleth of the index and year shown (GET /api/index/scores; the index and year
// pickers change them, state.js keeps them in the address), coloured by the index score, by a
// pillar's score, or by the width of each country's rank interval (uncertainty.js: computed on
// the server, else recorded in the workspace; never recomputed here). Hover for the score, rank
// and interval; a click opens the country's profile.
import { registerWorld, worldMap } from '../charts.js';
import { countries, pillarInfo } from '../data.js';
import { interval, rank, score } from '../format.js';
import { current, href, indexBar, indexList, indexScores, setState } from '../state.js';
import { rankIntervals } from '../uncertainty.js';
import { html, notAvailable } from '../ui.js';

export const title = 'Map';

const UNCERTAINTY = 'uncertainty';

export function render(root) {
  root.innerHTML = html`
    <h2>World map of index scores</h2>
    <div class="toolbar" id="index-bar"></div>
    <div class="toolbar"><label>Colour by <select id="map-layer"></select></label></div>
    <p class="lead" id="map-lead"></p>
    <div id="world-map" class="chart map" role="img" aria-label="World map of index scores"></div>
    <div id="map-top" class="top-list"></div>`;
  const el = root.querySelector('#world-map');
  Promise.all([indexScores(), countries().catch(() => []), indexList().catch(() => null)])
    .then(async ([s, list, indices]) => {
      indexBar(root.querySelector('#index-bar'), s, indices);
      registerWorld(list);
      const pillars = pillarInfo(s);
      const intervals = await rankIntervals(s).catch(() => null);
      let layer = current().layer;
      if (layer !== UNCERTAINTY && !pillars.some((p) => p.code === layer)) layer = '';
      if (layer === UNCERTAINTY && !intervals) layer = '';
      const picker = root.querySelector('#map-layer');
      picker.innerHTML = html`<option value="">the index score</option>${pillars.map(
        (p) => html`<option value="${p.code}"${p.code === layer ? ' selected' : ''}>${p.name}</option>`,
      )}<option value="${UNCERTAINTY}"${layer === UNCERTAINTY ? ' selected' : ''}${intervals ? '' : ' disabled'}>rank uncertainty (interval width)${intervals ? '' : ': no intervals yet'}</option>`;
      picker.addEventListener('change', (e) => setState({ layer: e.target.value }));
      const pillar = pillars.find((p) => p.code === layer);
      const valueOf = (u) => {
        if (layer === UNCERTAINTY) {
          const iv = intervals.byUnit.get(u.iso3);
          return iv ? iv.q95 - iv.q05 : null;
        }
        return pillar ? u.pillars[pillar.code] : u.score;
      };
      const values = s.units.map((u) => ({ iso3: u.iso3, name: u.name, value: valueOf(u) })).filter((v) => v.value !== null && v.value !== undefined);
      const what = layer === UNCERTAINTY ? 'width of the 5–95% rank interval (ranks)' : pillar ? `${pillar.name} score` : 'index score';
      root.querySelector('#map-lead').textContent =
        `${s.name}, ${s.year}: ${values.length} countries coloured by ${what}. ${intervals ? `Rank intervals ${intervals.source}.` : 'No rank intervals yet (the ranking page computes them; a recorded `index uncertainty` run of this spec is used when the workspace has one).'} Click a country for its profile; scroll to zoom.`;
      // Scores 0–100 for most indices; Elcano's have no upper bound (the US: about 1000).
      const max = layer === UNCERTAINTY ? Math.max(1, ...values.map((v) => v.value)) : Math.max(100, ...values.map((v) => v.value));
      const c = worldMap(el, values, { max, label: what, onClick: (iso3) => (location.hash = href(`country/${iso3}`)) });
      const byIso3 = new Map(s.units.map((u) => [u.iso3, u]));
      c.setOption({
        tooltip: {
          formatter: (p) => {
            const u = byIso3.get(p.name);
            if (!u) return `${p.name.replace(/^\?/, '')}: not in the index`;
            const iv = intervals?.byUnit.get(u.iso3);
            const part = pillar ? `, ${pillar.name} ${score(u.pillars[pillar.code])}` : '';
            return `${u.name}: score ${score(u.score)}${part}, rank ${rank(u.rank)}${iv ? ` (interval ${interval(iv)})` : ''}`;
          },
        },
      });
      el.dataset.layer = layer;
      const ranked = [...values].sort((a, b) => (layer === UNCERTAINTY ? a.value - b.value : b.value - a.value)).slice(0, 10);
      root.querySelector('#map-top').innerHTML = html`<h3>${layer === UNCERTAINTY ? 'Ten most certain ranks' : pillar ? `Top ten in ${pillar.name}` : 'Top ten'}</h3><ol>${ranked.map(
        (u) => html`<li><a href="${href(`country/${u.iso3}`)}">${u.name}</a> <span class="num">${layer === UNCERTAINTY ? interval(intervals.byUnit.get(u.iso3)) : score(u.value)}</span></li>`,
      )}</ol>`;
    })
    .catch((err) => notAvailable(el, 'The map', err));
}
