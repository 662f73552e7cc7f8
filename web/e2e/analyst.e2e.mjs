// Browser tests of the analyst's features (docs/dashboard.md): any index and any year, the
// page's state in its address, a country's every indicator, the methodology page. Registered
// into web/e2e/dashboard.e2e.mjs, which starts the server and runs them with its own tests;
// each is run at 1440 px and at 390 px, with screenshots (a-*.png) beside the others.
//
// As there, every test compares what the page shows with what the server answers.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const checkout = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const WIDE = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

/**
 * Adds the analyst's tests through `test(name, fn)`. `env` gives what the runner knows:
 * api(path, body) (the server's answer), visit(page, hash), shot(page, name),
 * drawn(page, selector, n), fitsPhone(page), scores() (the server's own index), workspace() (the
 * server's workspace, '' when the server was not started here) and data (the data directory).
 */
export function analystTests(test, env) {
  const { api, visit, shot, drawn, fitsPhone } = env;
  const fmt1 = (v) => Number(v).toFixed(1);
  const rows = (page, selector) => page.$$eval(`${selector} tbody tr`, (trs) => trs.map((tr) => tr.dataset.iso3));
  const hash = (page) => page.evaluate(() => location.hash);

  test('analyst: any index and year, chosen on the page, kept in the address', async (page) => {
    await page.setViewportSize(WIDE);
    const list = await api('/api/index/list');
    const specs = list.indices.map((i) => i.spec);
    assert.ok(specs.includes(''), 'the server’s own index is listed');
    assert.ok(specs.includes('elcano.toml') && specs.includes('asem.toml'), `listed: ${specs.join(', ')}`);
    // A link with an index and a year shows that ranking.
    const elcano2010 = await api('/api/index/scores?spec=elcano.toml&year=2010');
    await visit(page, 'ranking?index=elcano.toml&year=2010');
    await page.waitForSelector('#year-picker');
    await page.waitForSelector('table.ranking tbody tr');
    assert.deepEqual(await rows(page, 'table.ranking'), elcano2010.units.map((u) => u.iso3));
    assert.equal(await page.$eval('#index-picker', (s) => s.value), 'elcano.toml');
    assert.equal(await page.$eval('#year-picker', (s) => s.value), '2010');
    const first = await page.$$eval('table.ranking tbody tr:first-child > *', (cells) => cells.map((c) => c.textContent.trim()));
    assert.equal(first[3], fmt1(elcano2010.units[0].score));
    await page.waitForFunction(() => /Elcano Global Presence Index, 2010/.test(document.querySelector('#index-name').textContent));
    await shot(page, 'a01-ranking-elcano-2010');
    // The year picker: another year's ranking, and the address says so.
    const elcano1990 = await api('/api/index/scores?spec=elcano.toml&year=1990');
    await page.selectOption('#year-picker', '1990');
    await page.waitForFunction(() => location.hash.includes('year=1990'));
    await page.waitForFunction((n) => document.querySelectorAll('table.ranking tbody tr').length === n && document.querySelector('#year-picker')?.value === '1990', elcano1990.units.length);
    assert.deepEqual(await rows(page, 'table.ranking'), elcano1990.units.map((u) => u.iso3));
    assert.match(await hash(page), /^#\/ranking\?index=elcano\.toml&year=1990$/);
    // The navigation keeps the index and year: the map of Elcano in 1990.
    await page.click('#nav a[data-page="map"]');
    await page.waitForFunction(() => location.hash.startsWith('#/map?index=elcano.toml&year=1990'));
    await drawn(page, '#world-map', 150);
    await page.waitForSelector('#map-top li');
    assert.deepEqual(await page.$$eval('#map-top li a', (as) => as.map((a) => a.textContent)), elcano1990.units.slice(0, 10).map((u) => u.name));
    await shot(page, 'a02-map-elcano-1990');
    // The index picker: ASEM (one year: no year picker), then back to the server's own.
    const asem = await api('/api/index/scores?spec=asem.toml');
    await page.selectOption('#index-picker', 'asem.toml');
    await page.waitForFunction(() => location.hash === '#/map?index=asem.toml');
    await page.waitForFunction((name) => document.querySelector('#map-top li a')?.textContent === name, asem.units[0].name);
    assert.equal(await page.$('#year-picker'), null);
    await page.selectOption('#index-picker', '');
    await page.waitForFunction(() => location.hash === '#/map');
    const own = env.scores();
    await page.waitForFunction((name) => document.querySelector('#map-top li a')?.textContent === name, own.units[0].name);
    // Weights in the address: the sliders start there and the ranking is the engine's for them.
    const pillar = own.pillars[0];
    const reweighted = await api('/api/index/reweight', { weights: { [pillar]: 5 }, pillars: false });
    await visit(page, `weights?w=${pillar}:5`);
    await page.waitForFunction(() => document.querySelector('main').dataset.reweighted);
    assert.equal(await page.$eval(`#w-${pillar}`, (i) => i.value), '5');
    assert.deepEqual(await rows(page, '#reweighted'), reweighted.ranking.map((u) => u.iso3));
    // A slider's move goes into the address, without a new page.
    await page.focus(`#w-${pillar}`);
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction((p) => location.hash.includes(`w=${p}:4.9`), pillar);
    await shot(page, 'a03-weights-from-address');
    // A phone: the same pickers, nothing wider than the window.
    await visit(page, 'ranking?index=elcano.toml&year=2010');
    await page.waitForSelector('table.ranking tbody tr');
    await fitsPhone(page);
    await shot(page, 'a04-ranking-elcano-390px');
    await visit(page, 'map?index=asem.toml');
    await drawn(page, '#world-map', 40);
    await fitsPhone(page);
    await shot(page, 'a05-map-asem-390px');
  });

  test('analyst: a country’s every indicator, with its source and flags; the method page', async (page) => {
    await page.setViewportSize(WIDE);
    const own = env.scores();
    const deu = await api('/api/index/country?country=DEU');
    assert.equal(deu.indicators.length, own.framework.filter((n) => n.indicator).length);
    await visit(page, 'country/DEU');
    await page.waitForSelector('#indicator-table tbody tr');
    const codes = await page.$$eval('#indicator-table tbody tr', (trs) => trs.map((tr) => tr.dataset.code));
    assert.deepEqual(codes, deu.indicators.map((i) => i.code));
    // A row with a raw value: value, year, producer, score, rank as the server has them.
    const seen = deu.indicators.find((i) => i.raw !== null && i.rank !== null && i.source.producer_url);
    const cells = await page.$$eval(`#indicator-table tr[data-code="${seen.code}"] > *`, (cs) => cs.map((c) => c.textContent.replace(/\s+/g, ' ').trim()));
    assert.equal(cells[0], seen.name);
    assert.equal(cells[3], String(seen.data_year));
    assert.ok(cells[4].startsWith(new URL(seen.source.producer_url).host.replace(/^www\./, '')), cells[4]);
    assert.equal(cells[5], fmt1(seen.score));
    assert.equal(cells[6], `${Math.round(seen.rank)} of ${deu.of}`);
    assert.match(await page.textContent('#coverage-line'), new RegExp(`${deu.coverage.observed} of ${deu.coverage.indicators} indicators observed`));
    await shot(page, 'a06-country-DEU-indicators');
    // Malta: values missing in the year and imputed are flagged so, with the legend.
    const lie = await api('/api/index/country?country=MLT');
    const imputed = lie.indicators.filter((i) => i.flags.includes('imputed')).map((i) => i.code);
    assert.ok(imputed.length > 0, 'Malta has imputed values');
    await visit(page, 'country/MLT');
    await page.waitForSelector('#indicator-table tbody tr');
    const flaggedRows = await page.$$eval('#indicator-table tbody tr', (trs) => trs.filter((tr) => tr.querySelector('.flag-imputed')).map((tr) => tr.dataset.code));
    assert.deepEqual(flaggedRows, imputed);
    assert.match(await page.textContent('#flag-legend'), /imputed: filled in by the imputation step/);
    assert.match(await page.textContent('#coverage-line'), new RegExp(`${lie.coverage.imputed} imputed`));
    await shot(page, 'a07-country-MLT-flags');
    // The methodology page, linked from the header: Elcano's framework, weights, steps, sources.
    await visit(page, 'ranking?index=elcano.toml&year=2013');
    await page.waitForFunction(() => /Elcano Global Presence Index, 2013/.test(document.querySelector('#index-name a')?.textContent));
    await page.click('#index-name a');
    await page.waitForFunction(() => location.hash === '#/method?index=elcano.toml&year=2013');
    const m = await api('/api/index/method?spec=elcano.toml&year=2013');
    await page.waitForSelector('#framework-table tbody tr');
    const parts = await page.$$eval('#framework-table tbody tr', (trs) => trs.map((tr) => tr.dataset.code));
    assert.deepEqual([...parts].sort(), m.framework.map((n) => n.code).sort());
    const effective = await page.$$eval('#framework-table tbody tr', (trs) => trs.map((tr) => [tr.dataset.code, tr.querySelector('.effective').textContent]));
    for (const [code, text] of effective) {
      const node = m.framework.find((n) => n.code === code);
      assert.equal(text, `${(100 * node.effective_weight).toFixed(1)}%`, code);
    }
    const leaves = m.framework.filter((n) => n.indicator).reduce((a, n) => a + n.effective_weight, 0);
    assert.ok(Math.abs(leaves - 1) < 1e-9, `the indicators' effective weights sum to ${leaves}`);
    assert.deepEqual(await page.$$eval('#method-steps li', (ls) => ls.map((l) => l.dataset.step)), m.steps.map((s) => s.step));
    assert.deepEqual(await page.$$eval('#sources-table tbody tr', (trs) => trs.map((tr) => tr.dataset.dataset)), m.sources.map((s) => s.dataset));
    await shot(page, 'a08-method-elcano');
    // Every page of the index links to it.
    for (const p of ['map', 'ranking', 'weights', 'country/DEU']) {
      await visit(page, p);
      await page.waitForSelector('#method-link');
      assert.equal(await page.$eval('#method-link', (a) => a.getAttribute('href')), '#/method');
    }
    await fitsPhone(page);
    await visit(page, 'country/DEU');
    await page.waitForSelector('#indicator-table tbody tr');
    await fitsPhone(page);
    await shot(page, 'a09-country-DEU-390px');
    await visit(page, 'method');
    await page.waitForSelector('#framework-table tbody tr');
    await fitsPhone(page);
    await shot(page, 'a10-method-390px');
  });

  test('analyst: two to four countries compared; trends and the biggest movers', async (page) => {
    await page.setViewportSize(WIDE);
    const own = env.scores();
    const unit = (c) => own.units.find((u) => u.iso3 === c);
    await visit(page, 'compare?c=DEU,FRA');
    await page.waitForSelector('#compare-pillars tbody tr');
    assert.deepEqual(await page.$$eval('#compare-pillars thead th[data-iso3]', (ths) => ths.map((t) => t.dataset.iso3)), ['DEU', 'FRA']);
    const score = await page.$$eval('#compare-pillars tr[data-part="score"] td', (tds) => tds.map((t) => t.textContent));
    assert.deepEqual(score, [fmt1(unit('DEU').score), fmt1(unit('FRA').score)]);
    for (const p of own.pillars) {
      const cells = await page.$$eval(`#compare-pillars tr[data-part="${p}"] td`, (tds) => tds.map((t) => t.textContent));
      assert.deepEqual(cells, [fmt1(unit('DEU').pillars[p]), fmt1(unit('FRA').pillars[p])], p);
    }
    await page.waitForSelector('#compare-indicators tbody tr');
    const deu = await api('/api/index/country?country=DEU');
    assert.equal((await page.$$('#compare-indicators tbody tr')).length, deu.indicators.length);
    // Agreement with each other, as the API gives it for the last year with enough votes.
    const agree = await api('/api/alignment/agreement?country=DEU&partners=FRA&by=year');
    const last = agree.series.FRA.filter((r) => r.n >= 10).at(-1);
    await page.waitForSelector('#compare-agreement-line');
    assert.match(await page.textContent('#compare-agreement-line'), new RegExp(`Germany – France: ${Math.round(100 * last.agree)}% in ${last.period}`));
    await drawn(page, '#compare-agreement-chart', 5);
    await page.waitForSelector('#compare-media-line, #compare-media .unavailable');
    await page.waitForSelector('#compare-polls tbody tr');
    assert.match(await page.textContent('#compare-polls tr[data-iso3="DEU"]'), /no polls about it/);
    await shot(page, 'a11-compare-DEU-FRA');
    // A third country from the picker (no Ctrl-click): the United States, whose polls there are.
    await page.selectOption('#compare-add', 'USA');
    await page.waitForFunction(() => location.hash === '#/compare?c=DEU,FRA,USA');
    await page.waitForSelector('#compare-polls tr[data-iso3="USA"] td.num');
    const usa = await api('/api/opinion/profile?country=USA');
    const publics = usa.seen_by.filter((x) => x.measure === 'favourable').length;
    assert.equal(await page.textContent('#compare-polls tr[data-iso3="USA"] td.num'), String(publics));
    await page.click('button.remove[data-iso3="FRA"]');
    await page.waitForFunction(() => location.hash === '#/compare?c=DEU,USA');
    await page.waitForSelector('#compare-pillars thead th[data-iso3="USA"]');
    await fitsPhone(page);
    await shot(page, 'a12-compare-390px');
    await page.setViewportSize(WIDE);
    // Trends: Elcano's eight years for two countries, and a country's index and pillars.
    const series = await api('/api/index/series?spec=elcano.toml&countries=DEU');
    await visit(page, 'compare?index=elcano.toml&c=DEU,FRA');
    await drawn(page, '#compare-trend-chart', 5);
    await visit(page, 'country/DEU?index=elcano.toml');
    await page.waitForSelector('#trend-line');
    const line = await page.textContent('#trend-line');
    for (const p of series.units[0].points) assert.ok(line.includes(`${p.year}: ${fmt1(p.score)} (${p.rank} of ${p.of})`), `${p.year} in: ${line}`);
    await drawn(page, '#trend-chart', 5);
    await shot(page, 'a13-country-DEU-elcano-trend');
    // The biggest movers from 1990 to 2013: the ten risers are the server's largest rank gains.
    const all = await api('/api/index/series?spec=elcano.toml');
    const moves = all.units.map((u) => {
      const a = u.points.find((p) => p.year === 1990);
      const b = u.points.find((p) => p.year === 2013);
      return a && b ? { iso3: u.iso3, name: u.name, up: a.rank - b.rank } : null;
    }).filter(Boolean).sort((x, y) => y.up - x.up || x.name.localeCompare(y.name));
    await visit(page, 'ranking?index=elcano.toml');
    await page.waitForSelector('#movers-up tbody tr[data-iso3]');
    assert.deepEqual(await rows(page, '#movers-up'), moves.filter((m) => m.up > 0).slice(0, 10).map((m) => m.iso3));
    assert.deepEqual(await rows(page, '#movers-down'), moves.filter((m) => m.up < 0).reverse().slice(0, 10).map((m) => m.iso3));
    await shot(page, 'a14-ranking-elcano-movers');
    await fitsPhone(page);
  });

  test('analyst: uncertainty from a recorded run on the ranking and the map; a map per pillar', async (page) => {
    await page.setViewportSize(WIDE);
    const own = env.scores();
    // A map per pillar: coloured by the pillar, its top ten the server's best on it.
    const pillar = own.pillars[1];
    await visit(page, `map?p=${pillar}`);
    await page.waitForFunction((p) => document.querySelector('#world-map')?.dataset.layer === p, pillar);
    await drawn(page, '#world-map', 150);
    const best = own.units.filter((u) => u.pillars[pillar] !== null).map((u, k) => ({ u, k }))
      .sort((a, b) => b.u.pillars[pillar] - a.u.pillars[pillar] || a.k - b.k).slice(0, 10).map((x) => x.u.name);
    assert.deepEqual(await page.$$eval('#map-top li a', (as) => as.map((a) => a.textContent)), best);
    await shot(page, 'a15-map-pillar');
    // Choosing another layer writes it into the address.
    await page.selectOption('#map-layer', own.pillars[0]);
    await page.waitForFunction((p) => location.hash === `#/map?p=${p}`, own.pillars[0]);
    if (!env.workspace()) return; // a server not started here: no run can be recorded in it
    // An uncertainty run of ASEM recorded in the workspace, as a user would make it.
    const scratch = mkdtempSync(join(tmpdir(), 'softpower-e2e-analyst-'));
    try {
      const r = spawnSync(process.env.SOFTPOWER_BIN, ['index', 'uncertainty', join(checkout, 'examples', 'asem.toml'), '--runs', '100', '--seed', '3',
        '--data', env.data, '--workspace', env.workspace(), '--out', join(scratch, 'u')], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    const runs = await api('/api/runs?limit=50');
    const run = runs.runs.find((x) => x.operation === 'index uncertainty');
    const csv = await (await fetch(`${env.base()}/api/runs/${run.id}/results/rank_intervals.csv`)).text();
    const lines = csv.trim().split('\n').map((l) => l.split(','));
    const col = (name) => lines[0].indexOf(name);
    const recorded = new Map(lines.slice(1).map((l) => [l[col('unit')], { q05: Number(l[col('q05')]), q95: Number(l[col('q95')]) }]));
    const asem = await api('/api/index/scores?spec=asem.toml');
    assert.equal(asem.intervals, null, 'the server computed none: the page takes the recorded ones');
    const words = (iv) => (Math.round(iv.q05) === Math.round(iv.q95) ? `${Math.round(iv.q05)}` : `${Math.round(iv.q05)}–${Math.round(iv.q95)}`);
    await visit(page, 'ranking?index=asem.toml');
    await page.waitForFunction((id) => document.querySelector('#ranking-table')?.dataset.intervals === `run ${id}`, run.id);
    assert.match(await page.textContent('#ranking-lead'), new RegExp(`run ${run.id} of index uncertainty \\(100 replications, seed 3`));
    const shown = await page.$$eval('table.ranking tbody tr', (trs) => trs.map((tr) => [tr.dataset.iso3, tr.children[1].textContent]));
    assert.equal(shown.length, asem.units.length);
    for (const [iso3, text] of shown) assert.equal(text, words(recorded.get(iso3)), iso3);
    await shot(page, 'a16-ranking-recorded-intervals');
    // The map coloured by the width of each rank interval; its list the narrowest ten.
    await visit(page, 'map?index=asem.toml&p=uncertainty');
    await page.waitForFunction(() => document.querySelector('#world-map')?.dataset.layer === 'uncertainty');
    await drawn(page, '#world-map', 40);
    const narrow = asem.units.map((u, k) => ({ u, k, w: recorded.get(u.iso3).q95 - recorded.get(u.iso3).q05 }))
      .sort((a, b) => a.w - b.w || a.k - b.k).slice(0, 10).map((x) => x.u.name);
    assert.deepEqual(await page.$$eval('#map-top li a', (as) => as.map((a) => a.textContent)), narrow);
    assert.match(await page.textContent('#map-lead'), new RegExp(`run ${run.id} of index uncertainty`));
    await shot(page, 'a17-map-uncertainty');
    await fitsPhone(page);
    await shot(page, 'a18-map-uncertainty-390px');
  });
}
