// Country profile: the pillars (GET /api/index/scores), strengths and weaknesses (pillars on
// which the country ranks well above or below its overall rank), perception in the world's
// media with its change points (GET /api/perception/series), agreement at the UN with chosen
// countries (GET /api/alignment/agreement) and the ideal-point trajectory: ideal_points.csv of
// the workspace's latest 'alignment ideal-points' run (GET /api/runs) when there is one, else
// the server's own estimate (GET /api/alignment/ideal-points; the first time a POST there starts
// a background job, its progress shown, then kept in memory); its connections: its place in the
// latest year of the alliance, IGO, student and migrant networks (GET /api/network/position);
// and, where polls exist, how publics see it and how its public sees others (GET
// /api/opinion/profile). The index and year are those shown (state.js); every indicator of the
// country, from raw value to rank with its source and flags, comes from GET /api/index/country
// (indicators.js).
import { followJob, getJSON, getText, parseCsv, postJSON } from '../api.js';
import { mediaPanel } from '../media.js';
import { chart, pillarChart, qualitative } from '../charts.js';
import { pillarInfo } from '../data.js';
import { number, rank, score } from '../format.js';
import { href, indexBar, indexList, indexScores } from '../state.js';
import { countryOptions, countryPicker, html, loading, notAvailable } from '../ui.js';
import { indicatorsSection } from './indicators.js';
import { trendSection } from './trends.js';

export const title = 'Country profile';

const MIN_VOTES = 10;
const DEFAULT_PARTNERS = ['USA', 'CHN', 'RUS', 'GBR', 'FRA', 'IND'];

function ordinal(n) {
  const r = Math.round(n);
  const s = r % 100 >= 11 && r % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' }[r % 10] || 'th');
  return `${r}${s}`;
}

/** Each pillar's rank among the index's countries (1 = best). */
function pillarRanks(units, code) {
  const sorted = units.filter((u) => u.pillars[code] !== null).sort((a, b) => b.pillars[code] - a.pillars[code]);
  return new Map(sorted.map((u, k) => [u.iso3, k + 1]));
}

function pillarsSection(el, s, unit) {
  const pillars = pillarInfo(s);
  const ranks = Object.fromEntries(pillars.map((p) => [p.code, pillarRanks(s.units, p.code).get(unit.iso3)]));
  const medians = Object.fromEntries(
    pillars.map((p) => {
      const v = s.units.map((u) => u.pillars[p.code]).filter((x) => x !== null).sort((a, b) => a - b);
      return [p.code, v.length ? v[Math.floor(v.length / 2)] : null];
    }),
  );
  const judged = pillars
    .filter((p) => ranks[p.code] !== undefined)
    .map((p) => ({ ...p, rank: ranks[p.code], gap: unit.rank - ranks[p.code] }))
    .sort((a, b) => b.gap - a.gap);
  const strengths = judged.filter((p) => p.gap > 0).slice(0, 2);
  const weaknesses = judged.filter((p) => p.gap < 0).slice(-2).reverse();
  const item = (p) =>
    html`<li><strong>${p.name}</strong>: ${ordinal(p.rank)} of ${s.units.length} (score ${score(unit.pillars[p.code])})</li>`;
  el.innerHTML = html`
    <div class="summary">
      <p class="big"><span class="num">${score(unit.score)}</span> <span class="muted">score</span>
         <span class="num">${ordinal(unit.rank)}</span> <span class="muted">of ${s.units.length}${unit.interval ? `, interval ${Math.round(unit.interval.q05)}–${Math.round(unit.interval.q95)}` : ''}</span></p>
      <div class="sw">
        <div><h4>Strengths</h4><ul id="strengths">${strengths.length ? strengths.map(item) : html`<li class="muted">no pillar ranks above the overall ${ordinal(unit.rank)}</li>`}</ul></div>
        <div><h4>Weaknesses</h4><ul id="weaknesses">${weaknesses.length ? weaknesses.map(item) : html`<li class="muted">no pillar ranks below the overall ${ordinal(unit.rank)}</li>`}</ul></div>
      </div>
    </div>
    <div id="pillar-chart" class="chart short" role="img" aria-label="Pillar scores of ${unit.name}"></div>
    <table class="compact" id="pillar-table"><caption class="visually-hidden">Pillar scores</caption>
      <thead><tr><th scope="col">Pillar</th><th scope="col">Score</th><th scope="col">Rank</th><th scope="col">Median country</th></tr></thead>
      <tbody>${pillars.map((p) => html`<tr><th scope="row">${p.name}</th><td class="num">${score(unit.pillars[p.code])}</td><td class="num">${ranks[p.code] ?? '—'}</td><td class="num">${score(medians[p.code])}</td></tr>`)}</tbody>
    </table>`;
  pillarChart(el.querySelector('#pillar-chart'), pillars, [
    { name: unit.name, type: 'bar', data: pillars.map((p) => unit.pillars[p.code]), barMaxWidth: 18 },
    {
      name: 'median country',
      type: 'scatter',
      symbol: 'diamond',
      symbolSize: 11,
      itemStyle: { color: '#000' },
      data: pillars.map((p) => medians[p.code]),
    },
  ]);
}

function perceptionSection(el, iso3) {
  loading(el, 'Loading the media series');
  getJSON(`/api/perception/series?country=${encodeURIComponent(iso3)}&by=month`)
    .then((p) => {
      if (!p.points.length) {
        notAvailable(el, 'Perception over time', { message: `no GDELT events with ${p.name} as target in the data.` });
        return;
      }
      // Time axis, gaps, event counts and the engine's minimums for change points: media.js.
      mediaPanel(el, p, { label: `Media tone towards ${p.name}` });
    })
    .catch((err) => notAvailable(el, 'Perception over time', err));
}

function alignmentSection(el, iso3, units) {
  const others = units.filter((u) => u.iso3 !== iso3).sort((a, b) => a.name.localeCompare(b.name));
  const chosen = DEFAULT_PARTNERS.filter((c) => c !== iso3 && others.some((u) => u.iso3 === c)).slice(0, 3);
  el.innerHTML = html`
    <div class="toolbar">
      <div id="partners-picker"></div>
      <label>Measure <select id="align-measure">
        <option value="agree">share of identical votes</option>
        <option value="s_score">S-score</option>
        <option value="kappa">Cohen’s kappa</option>
      </select></label>
    </div>
    <div id="alignment-chart" class="chart short" role="img" aria-label="Agreement at the UN over time"></div>`;
  // Chips and a select that adds one (ui.js): no Ctrl-click needed.
  const picker = countryPicker(el.querySelector('#partners-picker'), others, chosen, { id: 'partners', label: 'Partners (up to 8)', max: 8, onChange: () => load() });
  const chartEl = el.querySelector('#alignment-chart');
  let c = null;
  let answer = null;
  const draw = () => {
    if (!answer) return;
    const measure = el.querySelector('#align-measure').value;
    const years = new Set();
    for (const rows of Object.values(answer.series)) for (const r of rows) years.add(r.period);
    const axis = [...years].sort((a, b) => a - b);
    if (!c) c = chart(chartEl);
    c.setOption(
      {
        aria: { enabled: true },
        color: qualitative,
        tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? v.toFixed(2) : '—') },
        legend: { top: 0 },
        grid: { left: 50, right: 20, top: 30, bottom: 30 },
        xAxis: { type: 'category', data: axis, name: 'year' },
        yAxis: { type: 'value', min: measure === 'agree' ? 0 : undefined, max: 1 },
        series: Object.entries(answer.series).map(([p, rows]) => {
          // Years with few common roll calls (the last, partial session) say little: left out.
          const byYear = new Map(rows.filter((r) => r.n >= MIN_VOTES).map((r) => [r.period, r[measure]]));
          return { name: answer.partners[p], type: 'line', showSymbol: false, connectNulls: false, data: axis.map((y) => byYear.get(y) ?? null) };
        }),
      },
      true,
    );
  };
  const load = () => {
    const partners = picker.value();
    if (!partners.length) return;
    getJSON(`/api/alignment/agreement?country=${encodeURIComponent(iso3)}&partners=${partners.join(',')}&by=year`)
      .then((a) => {
        answer = a;
        draw();
      })
      .catch((err) => notAvailable(chartEl, 'UN alignment', err));
  };
  el.querySelector('#align-measure').addEventListener('change', draw);
  load();
}

async function latestRun(operation) {
  const list = await getJSON('/api/runs?limit=500');
  return list.runs.find((r) => r.operation === operation && r.status === 'ok') || null;
}

// The trajectory as {points: [{year, x, se}], source}: the workspace's latest run first (the
// user's own, with its provenance), else the server's in-memory estimate.
async function idealPoints(el, iso3) {
  const run = await latestRun('alignment ideal-points').catch(() => null);
  if (run) {
    const rows = parseCsv(await getText(`/api/runs/${run.id}/results/ideal_points.csv`));
    // Sessions of the General Assembly open in September: session s is the year 1945 + s.
    const points = rows.filter((r) => r.country === iso3).map((r) => ({ year: 1945 + r.session, x: r.x, se: r.se }));
    return { points, source: `run ${run.id} of the workspace (anchored on ${run.parameters?.anchor || 'the anchor'})` };
  }
  const path = `/api/alignment/ideal-points?countries=${encodeURIComponent(iso3)}`;
  let answer = await getJSON(path);
  if (!answer.series) {
    // Not estimated yet: start the server's job (a POST: a GET changes nothing), follow it.
    const job = await postJSON('/api/alignment/ideal-points/estimate', {});
    const end = await followJob(job.id, (st) => {
      loading(el, `Estimating ideal points for every session (job ${st.id} ${st.state}${st.total ? `: ${st.done} of ${st.total}` : ''})`);
    });
    if (end.state !== 'done') throw new Error(`the estimate ${end.state}${end.error ? `: ${end.error}` : ''}.`);
    answer = await getJSON(path);
  }
  const years = answer.session_years || {};
  const points = (answer.series[iso3] || []).map((p) => ({ year: years[p.session] ?? 1945 + p.session, x: p.x, se: null }));
  return { points, source: `the server's ${answer.dynamic ? 'dynamic ' : ''}estimate (anchored on ${answer.anchor})` };
}

function idealPointSection(el, iso3, name) {
  loading(el, 'Looking for ideal points');
  idealPoints(el, iso3)
    .then(({ points, source }) => {
      if (!points.length) {
        notAvailable(el, 'Ideal-point trajectory', { message: `${source} has no ideal points for ${name}.` });
        return;
      }
      const line = points.map((p) => [p.year, p.x]);
      const band = points.filter((p) => p.se !== null).map((p) => [p.year, p.x - 1.96 * p.se, 3.92 * p.se]);
      el.innerHTML = html`<p class="muted" id="ideal-source">Position on the UN General Assembly’s main dimension (ordinal IRT), from ${source}.</p>
        <div id="ideal-chart" class="chart short" role="img" aria-label="Ideal point of ${name} by year"></div>`;
      const c = chart(el.querySelector('#ideal-chart'));
      c.setOption({
        aria: { enabled: true },
        color: qualitative,
        tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? v.toFixed(2) : v) },
        grid: { left: 50, right: 20, top: 20, bottom: 30 },
        xAxis: { type: 'value', min: 'dataMin', max: 'dataMax', name: 'year', axisLabel: { formatter: (v) => String(v) } },
        yAxis: { type: 'value', name: 'ideal point', scale: true },
        series: [
          ...(band.length
            ? [
                { type: 'line', data: band.map((b) => [b[0], b[1]]), stack: 'se', lineStyle: { opacity: 0 }, symbol: 'none', tooltip: { show: false } },
                { type: 'line', data: band.map((b) => [b[0], b[2]]), stack: 'se', lineStyle: { opacity: 0 }, areaStyle: { color: '#56B4E9', opacity: 0.3 }, symbol: 'none', tooltip: { show: false } },
              ]
            : []),
          { name, type: 'line', data: line, showSymbol: false, lineStyle: { width: 2 } },
        ],
      });
    })
    .catch((err) => notAvailable(el, 'Ideal-point trajectory', err));
}

const NETWORK_NAMES = {
  alliances: 'Alliances (ATOP)',
  igo: 'IGO co-memberships',
  students: 'International students',
  migration: 'Migrant stock',
};

function connectionsSection(el, iso3, name) {
  loading(el, 'Loading the networks');
  getJSON(`/api/network/position?country=${encodeURIComponent(iso3)}`)
    .then((p) => {
      const row = (n) => {
        const label = html`<th scope="row"><a href="#/network/${n.source}/${n.year}">${NETWORK_NAMES[n.source] || n.source}</a></th><td class="num">${n.year}</td>`;
        if (!n.present) return html`<tr data-source="${n.source}">${label}<td colspan="5" class="muted">no ties that year</td></tr>`;
        const x = n.position;
        const both = (a, b) => (n.directed ? `${number(a)} / ${number(b)}` : number(a));
        const partners = n.partners.map((q) => q.country).join(', ');
        return html`<tr data-source="${n.source}">${label}
          <td class="num">${x.rank} of ${n.nodes}</td>
          <td class="num">${x.pagerank.toFixed(4)}</td>
          <td class="num">${both(x.in_degree, x.out_degree)}</td>
          <td class="num">${both(x.in_strength, x.out_strength)}</td>
          <td>${x.community + 1} (${n.community_size} of ${n.nodes}); partners ${partners}</td></tr>`;
      };
      el.innerHTML = html`<p class="muted">${name}’s place in the latest year of each network: its rank by PageRank, its ties (in / out where the ties have a direction), their weight, its community and strongest partners. The network page shows each one in full.</p>
        <div class="table-wrap"><table class="compact" id="connections-table"><caption class="visually-hidden">Network position of ${name}</caption>
        <thead><tr><th scope="col">Network</th><th scope="col">Year</th><th scope="col">PageRank rank</th><th scope="col">PageRank</th><th scope="col">Degree</th><th scope="col">Strength</th><th scope="col">Community</th></tr></thead>
        <tbody>${p.networks.map(row)}</tbody></table></div>`;
    })
    .catch((err) => notAvailable(el, 'Connections', err));
}

const MEASURE_NAMES = { favourable: 'favourable view', confidence_president: 'confidence in the president' };

function pollsSection(section, el, iso3, name) {
  getJSON(`/api/opinion/profile?country=${encodeURIComponent(iso3)}`)
    .then((p) => {
      if (!p.seen_by.length && !p.as_public.length) {
        section.hidden = true;
        return;
      }
      section.hidden = false;
      const latest = (s) => s.points[s.points.length - 1];
      const table = (id, series, key, caption) => html`<div class="table-wrap"><table class="compact" id="${id}"><caption>${caption}</caption>
        <thead><tr><th scope="col">${key === 'public' ? 'Public' : 'Of'}</th><th scope="col">Measure</th><th scope="col">Years</th><th scope="col">Latest (%)</th></tr></thead>
        <tbody>${series.map((s) => {
          const last = latest(s);
          return html`<tr data-other="${s[key]}" data-measure="${s.measure}"><th scope="row">${s.name}</th><td>${MEASURE_NAMES[s.measure] || s.measure}</td><td class="num">${s.points[0].year}–${last.year}</td><td class="num">${score(last.value, 0)} (${last.year})</td></tr>`;
        })}</tbody></table></div>`;
      el.innerHTML = html`<p class="muted">Poll figures (Pew Global Attitudes; docs/opinion.md): the share of each public, in per cent, holding the view.</p>
        ${p.seen_by.length ? table('seen-by-table', p.seen_by, 'public', `How other publics see ${name}`) : ''}
        ${p.as_public.length ? html`${table('as-public-table', p.as_public, 'object', `How the public of ${name} sees others`)}<div id="polls-chart" class="chart short" role="img" aria-label="Poll figures of the public of ${name}"></div>` : ''}`;
      if (p.as_public.length) {
        const c = chart(el.querySelector('#polls-chart'));
        c.setOption({
          aria: { enabled: true },
          color: qualitative,
          tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? `${v.toFixed(0)}%` : '—') },
          legend: { top: 0 },
          grid: { left: 50, right: 20, top: 30, bottom: 30 },
          xAxis: { type: 'value', min: 'dataMin', max: 'dataMax', name: 'year', axisLabel: { formatter: (v) => String(v) } },
          yAxis: { type: 'value', min: 0, max: 100, name: '%' },
          series: p.as_public.map((s) => ({
            name: `${MEASURE_NAMES[s.measure] || s.measure}: ${s.name}`,
            type: 'line',
            data: s.points.map((q) => [q.year, q.value]),
          })),
        });
      }
    })
    .catch((err) => {
      section.hidden = false;
      notAvailable(el, 'Polls', err);
    });
}

export function render(root, [iso3Param]) {
  root.innerHTML = html`<h2>Country profile</h2><div class="toolbar" id="index-bar"></div><div id="country-body"></div>`;
  const body = root.querySelector('#country-body');
  loading(body);
  Promise.all([indexScores(), indexList().catch(() => null)])
    .then(([s, indices]) => {
      indexBar(root.querySelector('#index-bar'), s, indices);
      const units = [...s.units].sort((a, b) => a.name.localeCompare(b.name));
      const iso3 = (iso3Param || s.units[0].iso3).toUpperCase();
      const unit = s.units.find((u) => u.iso3 === iso3);
      body.innerHTML = html`
        <div class="toolbar"><label>Country <select id="country-picker">${countryOptions(units, iso3)}</select></label>
          <a id="compare-link" href="${href('compare', { c: iso3 })}">Compare with others</a></div>
        <h3 id="country-name">${unit ? unit.name : iso3}</h3>
        <section aria-labelledby="h-pillars"><h3 id="h-pillars">Pillars</h3><div id="pillars"></div></section>
        <section aria-labelledby="h-trend"><h3 id="h-trend">Over the years</h3><div id="trend"></div></section>
        <section aria-labelledby="h-indicators"><h3 id="h-indicators">Indicators</h3><div id="indicators"></div></section>
        <div class="two narrow-ok">
          <section aria-labelledby="h-perception"><h3 id="h-perception">Perception over time</h3><div id="perception"></div></section>
          <section aria-labelledby="h-ideal"><h3 id="h-ideal">Ideal-point trajectory at the UN</h3><div id="ideal"></div></section>
        </div>
        <section aria-labelledby="h-alignment"><h3 id="h-alignment">Agreement at the UN with chosen countries</h3><div id="alignment"></div></section>
        <section aria-labelledby="h-connections"><h3 id="h-connections">Connections</h3><div id="connections"></div></section>
        <section aria-labelledby="h-polls" id="polls-section" hidden><h3 id="h-polls">How publics see it</h3><div id="polls"></div></section>`;
      body.querySelector('#country-picker').addEventListener('change', (e) => (location.hash = href(`country/${e.target.value}`)));
      if (unit) pillarsSection(body.querySelector('#pillars'), s, unit);
      else notAvailable(body.querySelector('#pillars'), 'Pillars', { message: `${iso3} is not in the index.` });
      const name = unit ? unit.name : iso3;
      indicatorsSection(body.querySelector('#indicators'), iso3);
      if (unit) trendSection(body.querySelector('#trend'), iso3, pillarInfo(s));
      perceptionSection(body.querySelector('#perception'), iso3);
      alignmentSection(body.querySelector('#alignment'), iso3, s.units);
      idealPointSection(body.querySelector('#ideal'), iso3, name);
      connectionsSection(body.querySelector('#connections'), iso3, name);
      pollsSection(body.querySelector('#polls-section'), body.querySelector('#polls'), iso3, name);
    })
    .catch((err) => notAvailable(body, 'The country profile', err));
}
