// Compare: two to four countries side by side (#/compare?c=DEU,FRA,JPN, state.js), in the
// index and year shown: their pillars (GET /api/index/scores), every indicator (GET
// /api/index/country), the index over its years (GET /api/index/series), their agreement with
// each other at the UN (GET /api/alignment/agreement), the tone of the world's media towards
// each (GET /api/perception/series) and how other publics see each (GET /api/opinion/profile).
// Countries are added with a picker and removed with a button: no Ctrl-click.
import { getJSON } from '../api.js';
import { chart, pillarChart, qualitative } from '../charts.js';
import { pillarInfo } from '../data.js';
import { number, score } from '../format.js';
import { current, href, indexBar, indexGet, indexList, indexScores, setState } from '../state.js';
import { countryPicker, html, loading, notAvailable } from '../ui.js';
import { FLAGS } from './indicators.js';

export const title = 'Compare';

const MIN = 2;
const MAX = 4;
const MIN_VOTES = 10;

function pillarsPart(el, s, chosen) {
  const pillars = pillarInfo(s);
  const units = chosen.map((c) => s.units.find((u) => u.iso3 === c)).filter(Boolean);
  el.innerHTML = html`<div class="table-wrap"><table class="compact" id="compare-pillars"><caption class="visually-hidden">Scores and pillars</caption>
    <thead><tr><th scope="col">Part</th>${units.map((u) => html`<th scope="col" class="num" data-iso3="${u.iso3}">${u.name}</th>`)}</tr></thead>
    <tbody>
      <tr data-part="rank"><th scope="row">Rank (of ${s.units.length})</th>${units.map((u) => html`<td class="num">${u.rank ?? '—'}</td>`)}</tr>
      <tr data-part="score"><th scope="row"><strong>Score</strong></th>${units.map((u) => html`<td class="num strong">${score(u.score)}</td>`)}</tr>
      ${pillars.map((p) => html`<tr data-part="${p.code}"><th scope="row">${p.name}</th>${units.map((u) => html`<td class="num">${score(u.pillars[p.code])}</td>`)}</tr>`)}
    </tbody></table></div>
    <div id="compare-pillar-chart" class="chart short" role="img" aria-label="Pillar scores of the countries compared"></div>`;
  pillarChart(
    el.querySelector('#compare-pillar-chart'),
    pillars,
    units.map((u) => ({ name: u.name, type: 'bar', data: pillars.map((p) => u.pillars[p.code]), barMaxWidth: 10 })),
  );

}

function indicatorsPart(el, chosen) {
  loading(el, 'Loading the indicators');
  Promise.all(chosen.map((c) => indexGet('/api/index/country', { extra: `country=${encodeURIComponent(c)}` })))
    .then((answers) => {
      const first = answers[0];
      el.innerHTML = html`<p class="muted">Each indicator’s raw value (its year when not the index year) and, below, its normalised score and rank; flags on hover.</p>
        <div class="table-wrap"><table class="compact" id="compare-indicators"><caption class="visually-hidden">Indicators of the countries compared</caption>
        <thead><tr><th scope="col">Indicator</th><th scope="col">Unit</th>${answers.map((a) => html`<th scope="col" class="num">${a.name}</th>`)}</tr></thead>
        <tbody>${first.indicators.map((ind, k) => html`<tr data-code="${ind.code}"><th scope="row" title="${ind.description}">${ind.name}</th><td class="muted">${ind.unit}</td>
          ${answers.map((a) => {
            const i = a.indicators[k];
            const flags = i.flags.map((f) => `${f}: ${FLAGS[f] || f}`).join('; ');
            const year = i.raw !== null && i.data_year !== a.year ? ` (${i.data_year})` : '';
            return html`<td class="num" data-iso3="${a.iso3}" title="${flags}">${i.raw === null ? '—' : number(i.raw, 3)}${year}${i.flags.length ? html` <span class="flag flag-${i.flags.includes('imputed') ? 'imputed' : i.flags[0]}">${i.flags.includes('imputed') ? 'imputed' : i.flags[0]}</span>` : ''}<br /><small class="muted">${score(i.score)} · ${i.rank === null ? '—' : Math.round(i.rank)}</small></td>`;
          })}</tr>`)}</tbody></table></div>`;
    })
    .catch((err) => notAvailable(el, 'Indicators', err));
}

function trendsPart(el, chosen) {
  loading(el, 'Loading the index over its years');
  indexGet('/api/index/series', { extra: `countries=${chosen.join(',')}`, year: false })
    .then((series) => {
      if (series.years.length < 2) {
        el.innerHTML = html`<p class="muted" id="compare-trends-note">${series.name} has one year (${series.years[0]}): no trend to draw. Elcano’s index has eight (Index picker above).</p>`;
        return;
      }
      el.innerHTML = html`<div id="compare-trend-chart" class="chart short" role="img" aria-label="Index score of the countries compared by year"></div>`;
      chart(el.querySelector('#compare-trend-chart')).setOption({
        aria: { enabled: true },
        color: qualitative,
        tooltip: { trigger: 'axis', valueFormatter: (v) => score(v) },
        legend: { top: 0 },
        grid: { left: 50, right: 20, top: 30, bottom: 30 },
        xAxis: { type: 'value', min: 'dataMin', max: 'dataMax', name: 'year', axisLabel: { formatter: (v) => String(v) } },
        yAxis: { type: 'value', name: 'score', scale: true },
        series: series.units.map((u) => ({ name: u.name, type: 'line', data: u.points.map((p) => [p.year, p.score]) })),
      });
    })
    .catch((err) => notAvailable(el, 'Trends', err));
}

function agreementPart(el, chosen, names) {
  loading(el, 'Loading the UN votes');
  // Each pair once: the first country with those after it.
  const requests = chosen.slice(0, -1).map((c, k) =>
    getJSON(`/api/alignment/agreement?country=${encodeURIComponent(c)}&partners=${chosen.slice(k + 1).join(',')}&by=year`).then((a) => ({ from: c, a })),
  );
  Promise.all(requests)
    .then((answers) => {
      const lines = [];
      for (const { from, a } of answers) {
        for (const [p, rows] of Object.entries(a.series)) {
          const kept = rows.filter((r) => r.n >= MIN_VOTES);
          lines.push({ name: `${names.get(from) || from} – ${a.partners[p] || p}`, data: kept.map((r) => [r.period, r.agree]), last: kept[kept.length - 1] });
        }
      }
      el.innerHTML = html`<p class="muted" id="compare-agreement-line">Share of identical votes in the UN General Assembly, by year (years with fewer than ${MIN_VOTES} common roll calls left out). ${lines.filter((l) => l.last).map((l) => `${l.name}: ${Math.round(100 * l.last.agree)}% in ${l.last.period}`).join('; ')}.</p>
        <div id="compare-agreement-chart" class="chart short" role="img" aria-label="Agreement at the UN between the countries compared"></div>`;
      chart(el.querySelector('#compare-agreement-chart')).setOption({
        aria: { enabled: true },
        color: qualitative,
        tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? v.toFixed(2) : '—') },
        legend: { top: 0, type: 'scroll' },
        grid: { left: 50, right: 20, top: 30, bottom: 30 },
        xAxis: { type: 'value', min: 'dataMin', max: 'dataMax', name: 'year', axisLabel: { formatter: (v) => String(v) } },
        yAxis: { type: 'value', min: 0, max: 1 },
        series: lines.map((l) => ({ name: l.name, type: 'line', showSymbol: false, data: l.data })),
      });
    })
    .catch((err) => notAvailable(el, 'UN agreement', err));
}

function mediaPart(el, chosen) {
  loading(el, 'Loading the media series');
  Promise.all(chosen.map((c) => getJSON(`/api/perception/series?country=${encodeURIComponent(c)}&by=month`).catch(() => null)))
    .then((answers) => {
      const withEvents = answers.filter((p) => p && p.points.length);
      const counts = answers.map((p, k) => `${p ? p.name : chosen[k]}: ${p ? p.points.reduce((a, x) => a + x.events, 0).toLocaleString('en') : 0} events`);
      if (!withEvents.length) {
        notAvailable(el, 'Media tone', { message: 'no GDELT events with these countries as target in the data.' });
        return;
      }
      el.innerHTML = html`<p class="muted" id="compare-media-line">Average tone of the world’s media towards each, by month, on a time axis (GDELT; ${counts.join(', ')}). Months without events are gaps, not lines.</p>
        <div id="compare-media-chart" class="chart short" role="img" aria-label="Media tone towards the countries compared"></div>`;
      chart(el.querySelector('#compare-media-chart')).setOption({
        aria: { enabled: true },
        color: qualitative,
        tooltip: { trigger: 'item', formatter: (q) => `${q.seriesName}, ${q.value[0].slice(0, 7)}: tone ${q.value[1].toFixed(2)} (${q.value[2]} events)` },
        legend: { top: 0 },
        grid: { left: 50, right: 20, top: 30, bottom: 30 },
        xAxis: { type: 'time' },
        yAxis: { type: 'value', name: 'tone', scale: true },
        series: withEvents.map((p) => ({ name: p.name, type: 'scatter', symbolSize: 7, data: p.points.map((x) => [`${x.period}-01`, x.value, x.events]) })),
      });
    })
    .catch((err) => notAvailable(el, 'Media tone', err));
}

function pollsPart(el, chosen, names) {
  loading(el, 'Loading the polls');
  Promise.all(chosen.map((c) => getJSON(`/api/opinion/profile?country=${encodeURIComponent(c)}`).catch(() => null)))
    .then((answers) => {
      const rows = answers.map((p, k) => {
        const series = (p?.seen_by || []).filter((s) => s.measure === 'favourable');
        const latest = series.map((s) => s.points[s.points.length - 1]);
        const values = latest.map((x) => x.value).sort((a, b) => a - b);
        const median = values.length ? values[Math.floor(values.length / 2)] : null;
        const years = latest.map((x) => x.year);
        return { iso3: chosen[k], name: names.get(chosen[k]) || chosen[k], publics: series.length, median, from: Math.min(...years), to: Math.max(...years) };
      });
      el.innerHTML = html`<p class="muted">How other publics see each country (Pew Global Attitudes, favourable view, each public’s latest poll; docs/opinion.md). The data poll only about the United States.</p>
        <div class="table-wrap"><table class="compact" id="compare-polls"><caption class="visually-hidden">Polls</caption>
        <thead><tr><th scope="col">Country</th><th scope="col" class="num">Publics polled</th><th scope="col" class="num">Median favourable (%)</th><th scope="col" class="num">Latest polls</th></tr></thead>
        <tbody>${rows.map((r) => html`<tr data-iso3="${r.iso3}"><th scope="row">${r.name}</th>${r.publics
          ? html`<td class="num">${r.publics}</td><td class="num">${score(r.median, 0)}</td><td class="num">${r.from === r.to ? r.from : `${r.from}–${r.to}`}</td>`
          : html`<td colspan="3" class="muted">no polls about it in the data</td>`}</tr>`)}</tbody></table></div>`;
    })
    .catch((err) => notAvailable(el, 'Polls', err));
}

export function render(root) {
  root.innerHTML = html`<h2>Compare countries</h2><div class="toolbar" id="index-bar"></div><div id="compare-body"></div>`;
  const body = root.querySelector('#compare-body');
  loading(body);
  Promise.all([indexScores(), indexList().catch(() => null)])
    .then(([s, indices]) => {
      indexBar(root.querySelector('#index-bar'), s, indices);
      const inIndex = new Set(s.units.map((u) => u.iso3));
      let chosen = current().countries.filter((c) => inIndex.has(c)).slice(0, MAX);
      if (chosen.length < 2) chosen = [...chosen, ...s.units.map((u) => u.iso3).filter((c) => !chosen.includes(c))].slice(0, Math.max(2, chosen.length));
      const names = new Map(s.units.map((u) => [u.iso3, u.name]));
      body.innerHTML = html`
        <div class="toolbar" id="compare-chosen"></div>
        <section aria-labelledby="h-cmp-pillars"><h3 id="h-cmp-pillars">Score and pillars, ${s.year}</h3><div id="compare-pillars-part"></div></section>
        <section aria-labelledby="h-cmp-trends"><h3 id="h-cmp-trends">The index over its years</h3><div id="compare-trends"></div></section>
        <section aria-labelledby="h-cmp-indicators"><h3 id="h-cmp-indicators">Indicators</h3><div id="compare-indicators-part"></div></section>
        <div class="two narrow-ok">
          <section aria-labelledby="h-cmp-agreement"><h3 id="h-cmp-agreement">Agreement with each other at the UN</h3><div id="compare-agreement"></div></section>
          <section aria-labelledby="h-cmp-media"><h3 id="h-cmp-media">Media tone</h3><div id="compare-media"></div></section>
        </div>
        <section aria-labelledby="h-cmp-polls"><h3 id="h-cmp-polls">How publics see them</h3><div id="compare-polls-part"></div></section>`;
      if (!current().countries.length) setState({ countries: chosen }, { replace: true });
      const offered = [...s.units].sort((a, b) => a.name.localeCompare(b.name));
      countryPicker(body.querySelector('#compare-chosen'), offered, chosen, {
        id: 'compare', label: `Countries (${MIN} to ${MAX})`, max: MAX, min: MIN,
        link: (c) => href(`country/${c}`), onChange: (codes) => setState({ countries: codes }),
      });
      pillarsPart(body.querySelector('#compare-pillars-part'), s, chosen);
      trendsPart(body.querySelector('#compare-trends'), chosen);
      indicatorsPart(body.querySelector('#compare-indicators-part'), chosen);
      agreementPart(body.querySelector('#compare-agreement'), chosen, names);
      mediaPart(body.querySelector('#compare-media'), chosen);
      pollsPart(body.querySelector('#compare-polls-part'), chosen, names);
    })
    .catch((err) => notAvailable(body, 'The comparison', err));
}
