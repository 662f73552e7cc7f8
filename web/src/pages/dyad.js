// Dyad view: two countries, their agreement at the UN over time
// (GET /api/alignment/agreement) and the tone of each one's media events towards the other
// (GET /api/perception/series, role dyad) with change points.
import { getJSON } from '../api.js';
import { chart, qualitative } from '../charts.js';
import { dyadPanel } from '../media.js';
import { countries } from '../data.js';
import { countryOptions, html, notAvailable } from '../ui.js';

export const title = 'Dyad';

const MIN_VOTES = 10;

function agreementChart(el, a, b) {
  getJSON(`/api/alignment/agreement?country=${a}&partners=${b}&by=year`)
    .then((ans) => {
      // Years with few common roll calls (the last, partial session) say little: left out.
      const rows = (ans.series[Object.keys(ans.series)[0]] || []).filter((r) => r.n >= MIN_VOTES);
      if (!rows.length) {
        notAvailable(el, 'Agreement at the UN', { message: `no roll calls on which both ${ans.name} and ${Object.values(ans.partners)[0]} voted.` });
        return;
      }
      const last = rows[rows.length - 1];
      el.innerHTML = html`<p class="muted" id="dyad-agreement-summary">${ans.name} and ${Object.values(ans.partners)[0]} voted alike on ${(100 * last.agree).toFixed(0)}% of ${last.n} roll calls in ${last.period}.</p>
        <div class="chart short" id="agreement-chart" role="img" aria-label="Agreement at the UN by year"></div>`;
      chart(el.querySelector('#agreement-chart')).setOption({
        aria: { enabled: true },
        color: qualitative,
        legend: { top: 0 },
        tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? v.toFixed(2) : '—') },
        grid: { left: 50, right: 20, top: 30, bottom: 30 },
        xAxis: { type: 'category', data: rows.map((r) => r.period), name: 'year' },
        yAxis: { type: 'value', min: -1, max: 1 },
        series: [
          { name: 'share of identical votes', type: 'line', showSymbol: false, data: rows.map((r) => r.agree) },
          { name: 'S-score', type: 'line', showSymbol: false, data: rows.map((r) => r.s_score) },
          { name: 'Cohen’s kappa', type: 'line', showSymbol: false, data: rows.map((r) => r.kappa) },
        ],
      });
    })
    .catch((err) => notAvailable(el, 'Agreement at the UN', err));
}

function toneChart(el, a, b, names) {
  // Tone of a's media events about b: b is the target, a the source.
  const series = (source, target) =>
    getJSON(`/api/perception/series?country=${target}&partner=${source}&role=dyad&by=month`);
  Promise.all([series(a, b), series(b, a)])
    .then(([ab, ba]) => {
      if (!ab.points.length && !ba.points.length) {
        notAvailable(el, 'Tone between them', { message: 'no GDELT events between these two in the data.' });
        return;
      }
      // On a time axis, each series broken at its gaps, with its events and the engine's
      // minimums for change points (media.js).
      dyadPanel(el, [
        { name: `${names[a]} → ${names[b]}`, answer: ab },
        { name: `${names[b]} → ${names[a]}`, answer: ba },
      ]);
    })
    .catch((err) => notAvailable(el, 'Tone between them', err));
}

export function render(root, [aParam, bParam]) {
  const a = (aParam || 'USA').toUpperCase();
  const b = (bParam || 'CHN').toUpperCase();
  root.innerHTML = html`<h2>Dyad</h2>
    <p class="lead">Two countries: how alike they vote at the UN General Assembly, and the tone of the events between them in the world’s media.</p>
    <div id="dyad-body"></div>`;
  const body = root.querySelector('#dyad-body');
  countries()
    .then((all) => {
      const list = all.filter((c) => c.iso3).sort((x, y) => x.name.localeCompare(y.name));
      const names = Object.fromEntries(list.map((c) => [c.iso3, c.name]));
      body.innerHTML = html`
        <form class="toolbar" id="dyad-form">
          <label>First country <select id="dyad-a">${countryOptions(list, a)}</select></label>
          <label>Second country <select id="dyad-b">${countryOptions(list, b)}</select></label>
        </form>
        <h3 id="dyad-title">${names[a] || a} and ${names[b] || b}</h3>
        <section aria-labelledby="h-agree"><h3 id="h-agree">Agreement at the UN</h3><div id="dyad-agreement"></div></section>
        <section aria-labelledby="h-tone"><h3 id="h-tone">Tone between them</h3><div id="dyad-tone"></div></section>`;
      const go = () => {
        location.hash = `#/dyad/${body.querySelector('#dyad-a').value}/${body.querySelector('#dyad-b').value}`;
      };
      body.querySelector('#dyad-a').addEventListener('change', go);
      body.querySelector('#dyad-b').addEventListener('change', go);
      if (a === b) {
        notAvailable(body.querySelector('#dyad-agreement'), 'A dyad', { message: 'choose two different countries.' });
        return;
      }
      agreementChart(body.querySelector('#dyad-agreement'), a, b);
      toneChart(body.querySelector('#dyad-tone'), a, b, names);
    })
    .catch((err) => notAvailable(body, 'The dyad view', err));
}
