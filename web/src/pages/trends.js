// Time in the index (GET /api/index/series): a country's score and pillar scores over the
// index's years, and the biggest movers in rank between two years.
import { chart, qualitative } from '../charts.js';
import { rank, score } from '../format.js';
import { href, indexGet } from '../state.js';
import { html, loading, notAvailable } from '../ui.js';

/** The country's index score and pillar scores by year, with its rank in the tooltip. */
export function trendSection(el, iso3, pillars) {
  loading(el, 'Loading the years');
  indexGet('/api/index/series', { extra: `countries=${encodeURIComponent(iso3)}`, year: false })
    .then((series) => {
      const unit = series.units[0];
      if (series.years.length < 2) {
        el.innerHTML = html`<p class="muted" id="trend-note">${series.name} has one year (${series.years[0]}): no trend to draw.</p>`;
        return;
      }
      const ranks = new Map(unit.points.map((p) => [p.year, `${rank(p.rank)} of ${p.of}`]));
      el.innerHTML = html`<p class="muted" id="trend-line">${unit.name} in ${series.name}, ${unit.points.map((p) => `${p.year}: ${score(p.score)} (${ranks.get(p.year)})`).join('; ')}.</p>
        <div id="trend-chart" class="chart short" role="img" aria-label="Index and pillar scores of ${unit.name} by year"></div>`;
      chart(el.querySelector('#trend-chart')).setOption({
        aria: { enabled: true },
        color: qualitative,
        tooltip: { trigger: 'axis', valueFormatter: (v) => score(v) },
        legend: { top: 0, type: 'scroll' },
        grid: { left: 50, right: 20, top: 30, bottom: 30 },
        xAxis: { type: 'value', min: 'dataMin', max: 'dataMax', name: 'year', axisLabel: { formatter: (v) => String(v) } },
        yAxis: { type: 'value', name: 'score', scale: true },
        series: [
          { name: 'index', type: 'line', lineStyle: { width: 3 }, data: unit.points.map((p) => [p.year, p.score]) },
          ...pillars.map((p) => ({ name: p.name, type: 'line', lineStyle: { type: 'dashed', width: 1.5 }, data: unit.points.map((q) => [q.year, q.pillars[p.code]]) })),
        ],
      });
    })
    .catch((err) => notAvailable(el, 'Trends', err));
}

/**
 * The countries whose rank moved most between two years of the index (both scored in both):
 * the ten risers and the ten fallers, with their scores. `from` and `to` pickers redraw it.
 */
export function moversSection(el, years) {
  if (years.length < 2) {
    el.innerHTML = html`<p class="muted" id="movers-note">The index has one year: no movers.</p>`;
    return;
  }
  const options = (selected) => years.map((y) => html`<option value="${y}"${y === selected ? ' selected' : ''}>${y}</option>`);
  el.innerHTML = html`<div class="toolbar"><label>From <select id="movers-from">${options(years[0])}</select></label>
    <label>to <select id="movers-to">${options(years[years.length - 1])}</select></label></div><div id="movers-tables"></div>`;
  const out = el.querySelector('#movers-tables');
  const draw = () => {
    const from = Number(el.querySelector('#movers-from').value);
    const to = Number(el.querySelector('#movers-to').value);
    indexGet('/api/index/series', { year: false })
      .then((series) => {
        const moves = [];
        for (const u of series.units) {
          const a = u.points.find((p) => p.year === from);
          const b = u.points.find((p) => p.year === to);
          if (!a || !b || a.rank === null || b.rank === null) continue;
          moves.push({ iso3: u.iso3, name: u.name, a, b, up: a.rank - b.rank });
        }
        moves.sort((x, y) => y.up - x.up || x.name.localeCompare(y.name));
        const risers = moves.filter((m) => m.up > 0).slice(0, 10);
        const fallers = moves.filter((m) => m.up < 0).reverse().slice(0, 10);
        const table = (id, caption, list) => html`<div class="table-wrap"><table class="compact" id="${id}"><caption>${caption}</caption>
          <thead><tr><th scope="col">Country</th><th scope="col" class="num">Rank ${from}</th><th scope="col" class="num">Rank ${to}</th><th scope="col" class="num">Move</th><th scope="col" class="num">Score ${from}</th><th scope="col" class="num">Score ${to}</th></tr></thead>
          <tbody>${list.length ? list.map((m) => html`<tr data-iso3="${m.iso3}"><th scope="row"><a href="${href(`country/${m.iso3}`)}">${m.name}</a></th><td class="num">${rank(m.a.rank)}</td><td class="num">${rank(m.b.rank)}</td><td class="num move ${m.up > 0 ? 'up' : 'down'}">${m.up > 0 ? '▲' : '▼'} ${rank(Math.abs(m.up))}</td><td class="num">${score(m.a.score)}</td><td class="num">${score(m.b.score)}</td></tr>`) : html`<tr><td colspan="6" class="muted">none</td></tr>`}</tbody></table></div>`;
        out.innerHTML = html`<p class="muted" id="movers-line">${moves.length} countries ranked in both ${from} and ${to}.</p><div class="two narrow-ok">${table('movers-up', `Risers, ${from} to ${to}`, risers)}${table('movers-down', `Fallers, ${from} to ${to}`, fallers)}</div>`;
      })
      .catch((err) => notAvailable(out, 'Movers', err));
  };
  el.querySelector('#movers-from').addEventListener('change', draw);
  el.querySelector('#movers-to').addEventListener('change', draw);
  draw();
}
