// A country's every indicator in the index and year shown (GET /api/index/country): the raw
// value with its unit and year (or, when the year has none, the latest value before it), the
// dataset's producer, title, edition and licence, the normalised score, the rank among the index's
// countries and the flags the engine reads from its step tables. Flags the index outputs add
// later (coverage, the index capability's coverage.csv) come in the same `flags` list: a new
// flag needs only its words in FLAGS.
import { number, score } from '../format.js';
import { indexGet } from '../state.js';
import { html, loading, notAvailable } from '../ui.js';

/** What each flag means, in the words shown beside it. */
export const FLAGS = {
  missing: 'no value in the index year',
  imputed: 'filled in by the imputation step',
  treated: 'changed by the outlier treatment',
  denominated: 'divided by its denominator',
  excluded: 'the country was screened out',
};

function host(url) {
  try {
    return new URL(url).host.replace(/^www\./, '');
  } catch {
    return '';
  }
}

function rawCell(ind) {
  if (ind.raw !== null) return html`<td class="num">${number(ind.raw, 3)} <span class="muted">${ind.unit}</span></td><td class="num">${ind.data_year ?? '—'}</td>`;
  const latest = ind.latest ? html`<span class="muted">latest ${number(ind.latest.value, 3)} (${ind.latest.year})</span>` : html`<span class="muted">none</span>`;
  return html`<td class="num">— ${latest}</td><td class="num">${ind.data_year ?? '—'}</td>`;
}

function sourceCell(src) {
  const label = src.title || src.dataset;
  const link = src.producer_url
    ? html`<a href="${src.producer_url}" rel="noopener" target="_blank" title="${src.licence || ''}">${host(src.producer_url)}</a>`
    : html`<span>${src.dataset}</span>`;
  const edition = src.edition ? html`<br /><small class="muted edition">${src.edition}</small>` : '';
  return html`<td class="source">${link}<br /><small class="muted">${label}</small>${edition}</td>`;
}

export function indicatorsSection(el, iso3) {
  loading(el, 'Loading the indicators');
  indexGet('/api/index/country', { extra: `country=${encodeURIComponent(iso3)}` })
    .then((c) => {
      const cov = c.coverage;
      const byPillar = new Map(c.pillars.map((p) => [p.code, p.name]));
      const flagged = [...new Set(c.indicators.flatMap((i) => i.flags))];
      el.innerHTML = html`<p class="muted" id="coverage-line">${c.name} in ${c.index}, ${c.year}: ${cov.observed} of ${cov.indicators} indicators observed in the year, ${cov.imputed} imputed, ${cov.missing} missing${c.scored ? '' : ' (not scored: screened out)'}.</p>
        <div class="table-wrap"><table class="compact indicators" id="indicator-table"><caption class="visually-hidden">Indicators of ${c.name}</caption>
        <thead><tr><th scope="col">Indicator</th><th scope="col">Pillar</th><th scope="col">Raw value</th><th scope="col">Year</th><th scope="col">Source</th><th scope="col">Score</th><th scope="col">Rank</th><th scope="col">Flags</th></tr></thead>
        <tbody>${c.indicators.map(
          (i) => html`<tr data-code="${i.code}" data-flags="${i.flags.join(' ')}">
            <th scope="row" title="${i.description}">${i.name}</th>
            <td>${byPillar.get(i.pillar) || i.pillar}</td>
            ${rawCell(i)}
            ${sourceCell(i.source)}
            <td class="num">${score(i.score)}</td>
            <td class="num">${i.rank === null ? '—' : `${Math.round(i.rank)} of ${c.of}`}</td>
            <td>${i.flags.map((f) => html`<span class="flag flag-${f}" title="${FLAGS[f] || f}">${f}</span> `)}</td>
          </tr>`,
        )}</tbody></table></div>
        ${flagged.length ? html`<p class="muted" id="flag-legend">${flagged.map((f) => html`<strong>${f}</strong>: ${FLAGS[f] || f}. `)}</p>` : ''}`;
    })
    .catch((err) => notAvailable(el, 'Indicators', err));
}
