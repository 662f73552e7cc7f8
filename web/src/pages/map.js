// Map: a choropleth of the scores of the index and year shown (GET /api/index/scores; the
// index and year pickers change them, state.js keeps them in the address); a click opens the
// country's profile.
import { registerWorld, worldMap } from '../charts.js';
import { countries } from '../data.js';
import { score } from '../format.js';
import { href, indexBar, indexList, indexScores } from '../state.js';
import { html, notAvailable } from '../ui.js';

export const title = 'Map';

export function render(root) {
  root.innerHTML = html`
    <h2>World map of index scores</h2>
    <div class="toolbar" id="index-bar"></div>
    <p class="lead" id="map-lead"></p>
    <div id="world-map" class="chart map" role="img" aria-label="World map of index scores"></div>
    <div id="map-top" class="top-list"></div>`;
  const el = root.querySelector('#world-map');
  Promise.all([indexScores(), countries().catch(() => []), indexList().catch(() => null)])
    .then(([s, list, indices]) => {
      indexBar(root.querySelector('#index-bar'), s, indices);
      registerWorld(list);
      const values = s.units.filter((u) => u.score !== null).map((u) => ({ iso3: u.iso3, name: u.name, value: u.score }));
      root.querySelector('#map-lead').textContent =
        `${s.name}, ${s.year}: ${values.length} countries. Click a country for its profile; scroll to zoom.`;
      // Scores 0–100 for most indices; Elcano's have no upper bound (the US: about 1000).
      const max = Math.max(100, ...values.map((v) => v.value));
      worldMap(el, values, { max, onClick: (iso3) => (location.hash = href(`country/${iso3}`)) });
      const top = s.units.slice(0, 10);
      root.querySelector('#map-top').innerHTML = html`<h3>Top ten</h3><ol>${top.map(
        (u) => html`<li><a href="${href(`country/${u.iso3}`)}">${u.name}</a> <span class="num">${score(u.score)}</span></li>`,
      )}</ol>`;
    })
    .catch((err) => notAvailable(el, 'The map', err));
}
