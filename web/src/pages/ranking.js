// Ranking: every country of the index and year shown with its rank, rank interval (when
// computed: POST /api/index/intervals runs the Monte Carlo as a background job), score and
// pillar scores; sortable by any column.
import { followJob, postJSON } from '../api.js';
import { pillarInfo } from '../data.js';
import { interval, rank, score } from '../format.js';
import { href, indexBar, indexBody, indexList, indexScores } from '../state.js';
import { html, notAvailable, sortHeader } from '../ui.js';
import { moversSection } from './trends.js';
import { rankIntervals } from '../uncertainty.js';

export const title = 'Ranking';

function sortValue(u, key) {
  if (key === 'name') return u.name;
  if (key === 'rank') return u.rank;
  if (key === 'score') return u.score;
  if (key === 'interval') return u.interval ? u.interval.q95 - u.interval.q05 : null;
  return u.pillars[key];
}

export function render(root) {
  root.innerHTML = html`
    <h2>Ranking</h2>
    <div class="toolbar" id="index-bar"></div>
    <p class="lead" id="ranking-lead"></p>
    <div class="toolbar">
      <label>Filter <input id="ranking-filter" type="search" placeholder="country" /></label>
      <button id="intervals-button" type="button">Compute rank intervals</button>
      <span id="intervals-status" role="status"></span>
    </div>
    <div id="ranking-table" class="table-wrap"></div>
    <section aria-labelledby="h-movers" id="movers-section" hidden><h3 id="h-movers">Biggest movers</h3><div id="movers"></div></section>`;
  const tableEl = root.querySelector('#ranking-table');
  let sortKey = 'rank';
  let ascending = true;
  let data = null;
  let closed = false;

  const draw = () => {
    if (!data) return;
    const pillars = pillarInfo(data);
    const filter = root.querySelector('#ranking-filter').value.trim().toLowerCase();
    const rows = data.units.filter((u) => !filter || u.name.toLowerCase().includes(filter) || u.iso3.toLowerCase() === filter);
    rows.sort((a, b) => {
      const x = sortValue(a, sortKey);
      const y = sortValue(b, sortKey);
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      const c = typeof x === 'string' ? x.localeCompare(y) : x - y;
      return ascending ? c : -c;
    });
    const head = (key, label, hint) => sortHeader(key, label, hint, sortKey, ascending);
    tableEl.innerHTML = html`<table class="ranking">
      <caption>${data.name}, ${data.year}: ${rows.length} countries</caption>
      <thead><tr>
        ${head('rank', 'Rank')}
        ${head('interval', 'Interval', '5–95% rank interval under the spec’s uncertainty')}
        ${head('name', 'Country')}
        ${head('score', 'Score')}
        ${pillars.map((p) => head(p.code, p.name))}
      </tr></thead>
      <tbody>${rows.map(
        (u) => html`<tr data-iso3="${u.iso3}">
          <td class="num">${rank(u.rank)}</td>
          <td class="num">${interval(u.interval)}</td>
          <th scope="row"><a href="${href(`country/${u.iso3}`)}">${u.name}</a></th>
          <td class="num strong">${score(u.score)}</td>
          ${pillars.map((p) => html`<td class="num">${score(u.pillars[p.code])}</td>`)}
        </tr>`,
      )}</tbody></table>`;
  };

  const lead = (recorded) => {
    root.querySelector('#ranking-lead').textContent = recorded
      ? `Rank intervals: 5th to 95th percentile of each rank, ${recorded.source}.`
      : 'Rank intervals are not computed yet: the button runs the Monte Carlo in the background (or record an `index uncertainty` run of this spec in the workspace).';
  };

  const load = (fresh) =>
    Promise.all([indexScores({ fresh }), indexList().catch(() => null)])
      .then(([s, indices]) => {
        if (closed) return;
        if (!data) {
          indexBar(root.querySelector('#index-bar'), s, indices);
          if (s.years.length > 1) {
            root.querySelector('#movers-section').hidden = false;
            moversSection(root.querySelector('#movers'), s.years);
          }
        }
        data = s;
        lead(null);
        draw();
        // The server's intervals, else a recorded run's: never recomputed here.
        return rankIntervals(s).catch(() => null).then((recorded) => {
          if (closed || !recorded) return;
          data = { ...s, units: s.units.map((u) => ({ ...u, interval: u.interval || recorded.byUnit.get(u.iso3) || null })) };
          tableEl.dataset.intervals = recorded.run ? `run ${recorded.run.id}` : 'server';
          lead(recorded);
          draw();
        });
      })
      .catch((err) => notAvailable(tableEl, 'The ranking', err));
  load(false);

  tableEl.addEventListener('click', (e) => {
    const b = e.target.closest('button.sort');
    if (!b) return;
    if (b.dataset.key === sortKey) ascending = !ascending;
    else {
      sortKey = b.dataset.key;
      ascending = ['rank', 'name', 'interval'].includes(sortKey);
    }
    draw();
    tableEl.querySelector(`button.sort[data-key="${sortKey}"]`)?.focus();
  });
  root.querySelector('#ranking-filter').addEventListener('input', draw);
  const status = root.querySelector('#intervals-status');
  root.querySelector('#intervals-button').addEventListener('click', async (e) => {
    e.target.disabled = true;
    try {
      const job = await postJSON('/api/index/intervals', { ...indexBody(), runs: 1000 });
      const end = await followJob(job.id, (st) => {
        status.textContent = st.total ? `${st.task || 'running'}: ${st.done} of ${st.total}` : st.state;
      });
      status.textContent = end.state === 'done' ? 'Rank intervals computed.' : `Stopped: ${end.error || end.state}`;
      await load(true);
    } catch (err) {
      status.textContent = `Rank intervals not available: ${err.message}`;
    } finally {
      e.target.disabled = false;
    }
  });
  return () => {
    closed = true;
  };
}
