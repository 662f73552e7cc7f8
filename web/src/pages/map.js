// Map: a choropleth of the dashboard index's scores (GET /api/index/scores); a click opens
// the country's profile.
import { registerWorld, worldMap } from '../charts.js';
import { countries, scores } from '../data.js';
import { score } from '../format.js';
import { html, notAvailable } from '../ui.js';

export const title = 'Map';

export function render(root) {
  root.innerHTML = html`
    <h2>World map of index scores</h2>
    <p class="lead" id="map-lead"></p>
    <div id="world-map" class="chart map" role="img" aria-label="World map of index scores"></div>
    <div id="map-top" class="top-list"></div>`;
  const el = root.querySelector('#world-map');
  Promise.all([scores(), countries().catch(() => [])])
    .then(([s, list]) => {
      registerWorld(list);
      const values = s.units.filter((u) => u.score !== null).map((u) => ({ iso3: u.iso3, name: u.name, value: u.score }));
      root.querySelector('#map-lead').textContent =
        `${s.name}, ${s.year}: ${values.length} countries, scored 0–100. Click a country for its profile; scroll to zoom.`;
      worldMap(el, values, { onClick: (iso3) => (location.hash = `#/country/${iso3}`) });
      const top = s.units.slice(0, 10);
      root.querySelector('#map-top').innerHTML = html`<h3>Top ten</h3><ol>${top.map(
        (u) => html`<li><a href="#/country/${u.iso3}">${u.name}</a> <span class="num">${score(u.score)}</span></li>`,
      )}</ol>`;
    })
    .catch((err) => notAvailable(el, 'The map', err));
}
