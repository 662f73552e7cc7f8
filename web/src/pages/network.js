// Network: one of `network build`'s eight sources of ties between countries (alliances, IGOs,
// students, migrants, US missions, China's public diplomacy, UN agreement, media attention) in
// one year, from GET /api/network/graph: the strongest ties drawn on the world map between the
// countries' centroids, countries coloured by community, every country's centrality (sortable),
// the communities; a slider over the source's years. Route: #/network/SOURCE/YEAR.
import { getJSON } from '../api.js';
import { flowMap, qualitative, registerWorld } from '../charts.js';
import { countries } from '../data.js';
import { number } from '../format.js';
import { debounce, html, loading, notAvailable, raw, sortHeader } from '../ui.js';

export const title = 'Network';

const SOURCES = [
  ['alliances', 'Alliances (ATOP obligations)'],
  ['igo', 'IGO co-memberships (COW)'],
  ['students', 'International students (OECD)'],
  ['migration', 'Migrant stock (UN DESA)'],
  ['us-missions', 'US diplomatic missions'],
  ['china-diplomacy', 'China’s public diplomacy (AidData: elite visits)'],
  ['un-agreement', 'UN General Assembly agreement'],
  ['media', 'Media attention (GDELT events)'],
];
const TOP_TIES = 300;
const GREY = '#bbbbbb';

const COLUMNS = [
  ['rank', 'Rank', 'rank by PageRank'],
  ['name', 'Country', ''],
  ['pagerank', 'PageRank', 'share of a random walk along the ties'],
  ['degree', 'Degree', 'ties (in / out when directed)'],
  ['strength', 'Strength', 'sum of the ties’ weights (in / out when directed)'],
  ['eigenvector', 'Eigenvector', 'largest 1'],
  ['betweenness', 'Betweenness', 'shortest paths through the country'],
  ['harmonic', 'Harmonic', 'closeness: mean 1 / distance'],
  ['community', 'Community', ''],
];

const communityColour = (c) => (c < qualitative.length ? qualitative[c] : GREY);
const fixed = (v, d) => (v === null || v === undefined ? '—' : Number(v).toFixed(d));

function sortValue(n, key) {
  if (key === 'degree') return n.in_degree + n.out_degree;
  if (key === 'strength') return n.in_strength + n.out_strength;
  return n[key];
}

function pair(a, b, directed) {
  return directed ? `${number(a)} / ${number(b)}` : number(a);
}

export function render(root, [sourceParam, yearParam]) {
  const source = SOURCES.some(([s]) => s === sourceParam) ? sourceParam : 'alliances';
  root.innerHTML = html`
    <h2>Networks between countries</h2>
    <div class="toolbar">
      <label>Network <select id="network-source">${raw(
        SOURCES.map(([s, label]) => `<option value="${s}"${s === source ? ' selected' : ''}>${label}</option>`).join(''),
      )}</select></label>
      <label>Year <input id="network-slider" type="range" min="0" max="0" value="0" aria-describedby="network-year" disabled>
        <output id="network-year" class="num"></output></label>
    </div>
    <p class="lead" id="network-lead"></p>
    <p class="refused" id="network-basis" role="status" hidden></p>
    <div id="network-map" class="chart map" role="img" aria-label="World map of the strongest ties"></div>
    <div class="two narrow-ok">
      <section aria-labelledby="h-network-communities"><h3 id="h-network-communities">Communities</h3><div id="network-communities"></div></section>
      <section aria-labelledby="h-network-partners"><h3 id="h-network-partners">Strongest ties</h3><div id="network-partners"></div></section>
    </div>
    <section aria-labelledby="h-network-table"><h3 id="h-network-table">Centrality</h3><div id="network-table" class="table-wrap"></div></section>`;
  const slider = root.querySelector('#network-slider');
  const yearOut = root.querySelector('#network-year');
  const lead = root.querySelector('#network-lead');
  const basisEl = root.querySelector('#network-basis');
  const mapEl = root.querySelector('#network-map');
  const tableEl = root.querySelector('#network-table');
  let answer = null;
  let years = [];
  let sortKey = 'rank';
  let ascending = true;
  let selected = null;
  let request = 0;

  const names = () => new Map(answer.nodes.map((n) => [n.country, n.name]));

  const drawTable = () => {
    const rows = [...answer.nodes];
    rows.sort((a, b) => {
      const x = sortValue(a, sortKey);
      const y = sortValue(b, sortKey);
      const order = typeof x === 'string' ? x.localeCompare(y) : x - y;
      return ascending ? order : -order;
    });
    const head = COLUMNS.map(([key, label, hint]) => sortHeader(key, label, hint, sortKey, ascending));
    const d = answer.directed;
    tableEl.innerHTML = html`<table class="ranking" id="centrality">
      <caption>${answer.source}, ${answer.year}: ${answer.nodes.length} countries by ${sortKey === 'rank' ? 'PageRank' : sortKey}</caption>
      <thead><tr>${head}</tr></thead>
      <tbody>${rows.map(
        (n) => html`<tr data-country="${n.country}"${raw(n.country === selected ? ' class="selected"' : '')}>
          <td class="num">${n.rank}</td>
          <th scope="row"><button type="button" class="link partners" data-country="${n.country}">${n.name}</button> <a href="#/country/${n.country}" title="profile of ${n.name}">↗</a></th>
          <td class="num">${fixed(n.pagerank, 4)}</td>
          <td class="num">${pair(n.in_degree, n.out_degree, d)}</td>
          <td class="num">${pair(n.in_strength, n.out_strength, d)}</td>
          <td class="num">${fixed(n.eigenvector, 3)}</td>
          <td class="num">${number(n.betweenness, 1)}</td>
          <td class="num">${fixed(n.harmonic, 2)}</td>
          <td class="num"><span class="swatch" style="background:${communityColour(n.community)}"></span>${n.community + 1}</td>
        </tr>`,
      )}</tbody></table>`;
  };

  // The strongest ties drawn, or those of the chosen country among them.
  const drawPartners = () => {
    const el = root.querySelector('#network-partners');
    const who = names();
    const ties = selected ? answer.ties.filter((t) => t.from === selected || t.to === selected) : answer.ties;
    const arrow = answer.directed ? '→' : '–';
    el.innerHTML = html`<p class="muted">${selected ? `${who.get(selected)}’s ties among the ${answer.ties.length} strongest drawn` : `The ${Math.min(10, ties.length)} strongest of ${answer.tie_count.toLocaleString('en')} ties`} (weight: ${answer.weight}).${selected ? raw(' <button type="button" class="link" id="network-all">all countries</button>') : ''}</p>
      <ol id="network-ties">${ties.slice(0, 10).map((t) => html`<li>${who.get(t.from) || t.from} ${arrow} ${who.get(t.to) || t.to} <span class="num">${number(t.weight)}</span></li>`)}</ol>`;
    const all = el.querySelector('#network-all');
    if (all) all.addEventListener('click', () => select(null));
  };

  const drawCommunities = () => {
    const el = root.querySelector('#network-communities');
    const who = names();
    el.innerHTML = html`<p class="muted">${answer.communities.length} communities (Leiden), modularity ${fixed(answer.modularity, 3)}.</p>
      <ul class="communities" id="network-community-list">${answer.communities.map(
        (c) => html`<li><span class="swatch" style="background:${communityColour(c.community)}"></span><strong>${c.community + 1}</strong>: ${c.size} countries, ${fixed(100 * c.pagerank, 1)}% of PageRank — ${c.members.slice(0, 8).map((m) => who.get(m) || m).join(', ')}${c.members.length > 8 ? ', …' : ''}</li>`,
      )}</ul>`;
  };

  const drawMap = () => {
    const who = names();
    const byCountry = new Map(answer.nodes.map((n) => [n.country, n]));
    const ties = selected ? answer.ties.filter((t) => t.from === selected || t.to === selected) : answer.ties;
    flowMap(mapEl, {
      regions: answer.nodes.map((n) => ({ iso3: n.country, colour: communityColour(n.community) })),
      ties,
      directed: answer.directed,
      tooltip: (p) => {
        const n = byCountry.get(p.name);
        return n ? `${who.get(p.name)}: PageRank ${fixed(n.pagerank, 4)} (rank ${n.rank}), community ${n.community + 1}` : `${p.name.replace(/^\?/, '')}: no ties`;
      },
      onClick: (iso3) => byCountry.has(iso3) && select(iso3),
    });
  };

  function select(iso3) {
    selected = iso3;
    drawMap();
    drawPartners();
    drawTable();
  }

  const show = (a) => {
    answer = a;
    years = a.years;
    slider.max = String(years.length - 1);
    slider.value = String(years.indexOf(a.year));
    slider.disabled = false;
    yearOut.textContent = String(a.year);
    if (selected && !a.nodes.some((n) => n.country === selected)) selected = null;
    lead.textContent = `${SOURCES.find(([s]) => s === a.source)[1]}, ${a.year}: ${a.node_count} countries, ${a.tie_count.toLocaleString('en')} ties (${a.directed ? 'directed' : 'undirected'}; weight: ${a.weight}). The map draws the ${a.ties.length} strongest; click a country for its ties. Years ${years[0]}–${years[years.length - 1]}.`;
    // What a thin year of the media network rests on, in the engine's words (docs/networks.md).
    const note = a.basis ? a.basis.note : '';
    basisEl.hidden = !note;
    basisEl.textContent = note;
    history.replaceState(null, '', `#/network/${a.source}/${a.year}`);
    drawMap();
    drawCommunities();
    drawPartners();
    drawTable();
  };

  const load = (src, year) => {
    const ask = ++request;
    lead.textContent = `Loading ${src}${year ? ` ${year}` : ''}…`;
    if (!answer) loading(tableEl);
    const query = `source=${encodeURIComponent(src)}&top=${TOP_TIES}${year ? `&year=${year}` : ''}`;
    Promise.all([getJSON(`/api/network/graph?${query}`), countries().catch(() => [])])
      .then(([a, list]) => {
        if (ask !== request) return;
        registerWorld(list);
        show(a);
      })
      .catch((err) => ask === request && notAvailable(tableEl, 'The network', err));
  };

  const onSlide = debounce(() => load(root.querySelector('#network-source').value, years[Number(slider.value)]), 150);
  slider.addEventListener('input', () => {
    yearOut.textContent = String(years[Number(slider.value)]);
    onSlide();
  });
  root.querySelector('#network-source').addEventListener('change', (e) => {
    selected = null;
    load(e.target.value, null);
  });
  tableEl.addEventListener('click', (e) => {
    const b = e.target.closest('button');
    if (!b || !answer) return;
    if (b.classList.contains('sort')) {
      if (b.dataset.key === sortKey) ascending = !ascending;
      else {
        sortKey = b.dataset.key;
        ascending = sortKey === 'rank' || sortKey === 'name' || sortKey === 'community';
      }
      drawTable();
    } else if (b.classList.contains('partners')) {
      select(b.dataset.country === selected ? null : b.dataset.country);
    }
  });
  load(source, yearParam ? Number(yearParam) : null);
  return () => onSlide.cancel();
}
