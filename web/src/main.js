// The dashboard: one page, hash routes (#/map, #/ranking, #/weights, #/country/USA,
// #/dyad/USA/CHN, #/runs, #/runs/3, #/simulation, #/evaluation, #/network/igo/2000, #/method,
// #/compare?c=DEU,FRA, #/agreement/session/74),
// each page a module with render(); a query after '?' holds the index, year, weights and
// countries shown (state.js).
import './style.css';
import { disposeCharts } from './charts.js';
import { escapeHtml } from './format.js';
import { keyboardScrollRegions } from './ui.js';
import { enableExports } from './exports.js';
import * as mapPage from './pages/map.js';
import * as rankingPage from './pages/ranking.js';
import * as weightsPage from './pages/weights.js';
import * as countryPage from './pages/country.js';
import * as dyadPage from './pages/dyad.js';
import * as runsPage from './pages/runs.js';
import * as simulationPage from './pages/simulation.js';
import * as evaluationPage from './pages/evaluation.js';
import * as networkPage from './pages/network.js';
import * as methodPage from './pages/method.js';
import * as comparePage from './pages/compare.js';
// The agreement heatmap (wt-agree).
import * as agreementPage from './pages/agreement.js';
import { decorate, parseHash } from './state.js';

const pages = {
  map: mapPage,
  ranking: rankingPage,
  weights: weightsPage,
  country: countryPage,
  dyad: dyadPage,
  runs: runsPage,
  simulation: simulationPage,
  evaluation: evaluationPage,
  network: networkPage,
  method: methodPage,
  compare: comparePage,
  agreement: agreementPage,
};

const main = document.getElementById('main');
let leave = null;

function route() {
  const { parts } = parseHash();
  const name = pages[parts[0]] ? parts[0] : 'map';
  if (leave) leave();
  leave = null;
  disposeCharts();
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.page === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  main.innerHTML = '';
  main.dataset.page = name;
  document.title = `${pages[name].title} · softpower`;
  try {
    const cleanup = pages[name].render(main, parts.slice(1));
    if (typeof cleanup === 'function') leave = cleanup;
  } catch (err) {
    main.innerHTML = `<p class="unavailable">This page failed: ${escapeHtml(err.message)}</p>`;
  }
}

window.addEventListener('hashchange', () => {
  route();
  decorate();
});
route();
decorate();
// Scrolling tables are keyboard-reachable regions (ui.js; wt-dash-tools).
keyboardScrollRegions(main);
// Every table as CSV and Excel, every chart as PNG and SVG (exports.js; wt-dash-tools).
enableExports(main);

