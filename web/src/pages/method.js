// Methodology: how the index shown is made (GET /api/index/method): its framework with each
// pillar's and indicator's declared weight, the weight used in the year and its effective
// weight in the index; the steps in order with their settings; the indicators with unit,
// direction and dataset; the sources with their producers and licences; the uncertainty the
// spec declares. Linked from every page (the header's index name, and the index bar).
import { number } from '../format.js';
import { indexBar, indexGet, indexList, indexScores } from '../state.js';
import { html, loading, notAvailable } from '../ui.js';

export const title = 'Method';

const STEP_WORDS = {
  denominate: 'Denominate: divide indicators by their denominators (per person, per GDP)',
  impute: 'Impute missing values',
  screen: 'Screen out countries with too little data',
  treat: 'Treat outliers',
  normalise: 'Normalise each indicator to a common scale',
  aggregate: 'Aggregate, level by level, with the weights below',
};

function settingsText(step, settings) {
  if (!settings) return '';
  if (step === 'aggregate') {
    return settings.levels
      .map((l) => `${l.name || `level ${l.level}`}: ${l.method} mean${l.method === 'generalised' ? ` (p = ${l.p})` : ''}, ${l.weights} weights${l.min_coverage > 0 ? `, at least ${Math.round(100 * l.min_coverage)}% of parts present, else ${l.below === 'missing' ? 'not scored' : `the missing parts take the ${l.below === 'mean' ? 'mean' : 'lowest value'}`}` : ''}`)
      .join('; ');
  }
  return Object.entries(settings)
    .filter(([, v]) => v !== '' && v !== null && !(Array.isArray(v) && !v.length))
    .map(([k, v]) => `${k.replace(/_/g, ' ')} ${Array.isArray(v) ? v.join(', ') : v}`)
    .join(', ');
}

const pct = (w) => (w === null ? '—' : `${(100 * w).toFixed(1)}%`);

function frameworkRows(m) {
  const byCode = new Map(m.framework.map((n) => [n.code, n]));
  const root = m.framework.find((n) => n.parent === null);
  const rows = [];
  const walk = (node, depth) => {
    rows.push({ node, depth });
    for (const c of node.children) walk(byCode.get(c), depth + 1);
  };
  if (root) walk(root, 0);
  return rows;
}

export function render(root) {
  root.innerHTML = html`<h2>How the index is made</h2><div class="toolbar" id="index-bar"></div><div id="method-body"></div>`;
  const body = root.querySelector('#method-body');
  loading(body);
  Promise.all([indexScores(), indexList().catch(() => null), indexGet('/api/index/method')])
    .then(([s, indices, m]) => {
      indexBar(root.querySelector('#index-bar'), s, indices);
      root.querySelector('#method-link')?.remove();
      const indicators = new Map(m.indicators.map((i) => [i.code, i]));
      body.innerHTML = html`
        <p class="lead" id="method-lead">${m.name} (${m.file}): ${m.description} Years: ${m.years.join(', ')}. In ${m.year}: ${m.units} countries scored, ${m.screened_out} screened out, ${m.imputed_values} values imputed.</p>
        <section aria-labelledby="h-framework"><h3 id="h-framework">Framework and weights</h3>
          <p class="muted">Declared: the weight the spec gives within its parent. Used: the weight the year used (equal or PCA weights where a level asks). Effective: its share of the whole index, the product down the tree of each weight over the sum of its siblings’.</p>
          <div class="table-wrap"><table class="compact" id="framework-table"><caption class="visually-hidden">Framework</caption>
          <thead><tr><th scope="col">Part</th><th scope="col">Unit</th><th scope="col">Direction</th><th scope="col">Declared</th><th scope="col">Used</th><th scope="col">Effective</th></tr></thead>
          <tbody>${frameworkRows(m).map(({ node, depth }) => {
            const ind = indicators.get(node.code);
            return html`<tr data-code="${node.code}" class="depth-${Math.min(depth, 3)}">
              <th scope="row" style="padding-left:${0.4 + depth * 1.2}em">${node.indicator ? node.name : html`<strong>${node.name}</strong>`}</th>
              <td>${ind ? ind.unit : ''}</td>
              <td>${ind ? (ind.direction > 0 ? 'higher is better' : 'lower is better') : ''}</td>
              <td class="num">${number(node.weight, 3)}</td>
              <td class="num">${number(node.used_weight, 3)}</td>
              <td class="num effective">${pct(node.effective_weight)}</td></tr>`;
          })}</tbody></table></div>
        </section>
        <section aria-labelledby="h-steps"><h3 id="h-steps">Steps, in order</h3>
          <ol id="method-steps">${m.steps.map((st) => html`<li data-step="${st.step}"><strong>${STEP_WORDS[st.step] || st.step}</strong>${settingsText(st.step, st.settings) ? `: ${settingsText(st.step, st.settings)}` : ''}</li>`)}</ol>
          ${m.uncertainty ? html`<p id="method-uncertainty">Uncertainty declared for rank intervals (${m.uncertainty.runs} runs): ${[
            Object.keys(m.uncertainty.weight_noise).length ? `weights varied by ${Object.entries(m.uncertainty.weight_noise).map(([l, p]) => `±${Math.round(100 * p)}% at level ${l}`).join(', ')}` : '',
            m.uncertainty.normalisations.length ? `normalisation among ${m.uncertainty.normalisations.join(', ')}` : '',
            m.uncertainty.aggregations.length ? `aggregation among ${m.uncertainty.aggregations.join(', ')}` : '',
            m.uncertainty.imputations.length ? `imputation among ${m.uncertainty.imputations.join(', ')}` : '',
            m.uncertainty.treatment ? 'outlier treatment on or off' : '',
            m.uncertainty.leave_one_out ? 'one indicator left out' : '',
          ].filter(Boolean).join('; ')}.</p>` : html`<p class="muted" id="method-uncertainty">The spec declares no uncertainty analysis.</p>`}
        </section>
        <section aria-labelledby="h-sources"><h3 id="h-sources">Sources</h3>
          <div class="table-wrap"><table class="compact" id="sources-table"><caption class="visually-hidden">Sources</caption>
          <thead><tr><th scope="col">Dataset</th><th scope="col">What it holds</th><th scope="col">Producer</th><th scope="col">Licence</th><th scope="col">Indicators</th></tr></thead>
          <tbody>${m.sources.map((src) => html`<tr data-dataset="${src.dataset}"><th scope="row">${src.dataset}</th><td>${src.title || ''}</td>
            <td>${src.producer_url ? html`<a href="${src.producer_url}" rel="noopener" target="_blank">${src.producer_url}</a>` : '—'}</td><td>${src.licence || '—'}</td>
            <td>${m.indicators.filter((i) => i.dataset === src.dataset).map((i) => i.name).join(', ')}</td></tr>`)}</tbody></table></div>
        </section>`;
    })
    .catch((err) => notAvailable(body, 'The method', err));
}
