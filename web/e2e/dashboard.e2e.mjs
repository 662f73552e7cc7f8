// End-to-end tests of the dashboard in headless Chromium (Debian's /usr/bin/chromium driven
// by playwright-core) against a real `softpower serve` on the real data.
//
//   SOFTPOWER_BIN   the softpower binary (required unless SOFTPOWER_E2E_URL is given)
//   SOFTPOWER_DATA  the data directory (default ../shared/data beside the checkout)
//   SOFTPOWER_E2E_URL     test a server already running there instead of starting one
//   SOFTPOWER_E2E_TOKEN   its write token (default: the one given to the server started here)
//   SOFTPOWER_E2E_OUT     where screenshots go (default build/e2e-artifacts in the checkout)
//   CHROMIUM              the browser (default /usr/bin/chromium)
//   SOFTPOWER_E2E_ONLY    run only the tests whose name matches this regular expression
//
// Every test compares what the page shows with what the server answers for the same
// question, so a page that shows stale, made-up or reordered data fails.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const checkout = resolve(here, '..', '..');
const out = resolve(process.env.SOFTPOWER_E2E_OUT || join(checkout, 'build', 'e2e-artifacts'));
const data = resolve(process.env.SOFTPOWER_DATA || join(checkout, '..', 'shared', 'data'));
const browserPath = process.env.CHROMIUM || '/usr/bin/chromium';
mkdirSync(out, { recursive: true });

const log = (...a) => console.log(...a);

// ---- the server

let server = null;
let scratch = null;
let workspacePath = '';
let base = process.env.SOFTPOWER_E2E_URL || '';
let token = process.env.SOFTPOWER_E2E_TOKEN || '';

const servers = [];

/** Starts `softpower serve --port 0` on the real data with `extra` options; its URL once ready. */
async function launch(bin, extra) {
  const child = spawn(
    bin,
    ['serve', '--port', '0', '--data', data, '--web', join(checkout, 'web', 'dist'),
      '--spec', join(checkout, 'examples', 'soft-power.toml'), ...extra],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  servers.push(child);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const url = await new Promise((ok, fail) => {
    let text = '';
    const timer = setTimeout(() => fail(new Error(`the server did not start in 60 s: ${stderr}`)), 60000);
    child.stdout.on('data', (d) => {
      text += d;
      const m = text.match(/listening on (http:\/\/[^/\s]+)\//);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    child.on('exit', (code) => fail(new Error(`the server exited (${code}): ${stderr}`)));
  });
  return { child, url };
}

async function startServer() {
  const bin = process.env.SOFTPOWER_BIN;
  if (!bin || !existsSync(bin)) throw new Error('set SOFTPOWER_BIN to the softpower binary (or SOFTPOWER_E2E_URL)');
  scratch = mkdtempSync(join(tmpdir(), 'softpower-e2e-'));
  const workspace = join(scratch, 'e2e.workspace');
  token = `e2e-${process.pid}-${Date.now()}`;
  // The profile's ideal-point trajectory reads the workspace's latest ideal-points run:
  // record one first, as a user would (about 6 s).
  const ip = spawnSync(bin, ['alignment', 'ideal-points', '--data', data, '--workspace', workspace, '--out', join(scratch, 'ideal-points')], {
    encoding: 'utf8',
  });
  if (ip.status !== 0) throw new Error(`softpower alignment ideal-points failed: ${ip.stderr}`);
  // The evaluation page's applied cases read two panel datasets, made as docs/dashboard.md
  // says (under a second): UN agreement with China, and China's public diplomacy.
  const made = [
    ['alignment', 'with', 'CHN', '--positions', 'none', '--data', data, '--out', join(scratch, 'agreement-chn')],
    ['import', '--workspace', workspace, '--file', join(scratch, 'agreement-chn', 'alignment_with.csv'), '--unit-column', 'partner',
      '--code-system', 'iso3', '--year-column', 'year', '--value-columns', 'agree', '--name', 'un-agreement-chn'],
    ['import', '--workspace', workspace, '--file', join(data, 'cultural-diplomacy', 'ChinesePublicDiplomacy.csv'), '--unit-column',
      'receiving_country', '--code-system', 'name', '--year-column', 'year', '--value-columns', 'confucius_institutes,total_elite_visits',
      '--name', 'china-public-diplomacy'],
  ];
  for (const args of made) {
    const r = spawnSync(bin, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`softpower ${args.slice(0, 2).join(' ')} failed: ${r.stderr}`);
  }
  workspacePath = workspace;
  const started = await launch(bin, ['--workspace', workspace, '--write-token', token, '--out-root', join(scratch, 'out')]);
  server = started.child;
  base = started.url;
  log(`server: ${base} (workspace ${workspace})`);
}

function stopServer() {
  for (const child of servers) if (child.exitCode === null) child.kill('SIGTERM');
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}

async function api(path, body) {
  const res = await fetch(base + path, body === undefined ? {} : {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${json.error}`);
  return json;
}

// ---- helpers on the page

const fmt1 = (v) => Number(v).toFixed(1);

async function shot(page, name) {
  await page.waitForTimeout(400); // let ECharts finish its entry animation
  await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
}

async function rowsOf(page, selector) {
  return page.$$eval(`${selector} tbody tr`, (trs) => trs.map((tr) => tr.dataset.iso3));
}

/** Waits until the ECharts chart in `selector` has drawn at least `n` SVG paths. */
async function drawn(page, selector, n = 5, timeout = 15000) {
  await page.waitForFunction(([s, k]) => document.querySelectorAll(`${s} svg path`).length >= k, [selector, n], { timeout });
}

/** Asserts that the page does not scroll sideways in a 390 px window (a phone), then restores the size. */
async function fitsPhone(page) {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  const [scrollWidth, clientWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  const wide = await page.evaluate((w) => [...document.querySelectorAll('body *')].filter((e) => !e.closest('.table-wrap') && e.getBoundingClientRect().right > w + 0.5)
    .slice(0, 5).map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}.${e.className?.baseVal ?? e.className} ${Math.round(e.getBoundingClientRect().right)}`), clientWidth);
  assert.ok(scrollWidth <= clientWidth, `the page is ${scrollWidth} px wide in a ${clientWidth} px window: ${wide.join('; ')}`);
}

async function visit(page, hash) {
  await page.goto(`${base}/#/${hash}`);
}

// ---- the tests

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

let scores = null;

test('map: every scored country is a filled path, coloured by its score; a click opens its profile', async (page) => {
  // The page comes with the server's security headers, and runs under its CSP (a violation
  // is a console error, which fails the test).
  const res = await page.goto(`${base}/#/map`);
  const headers = res.headers();
  assert.match(headers['content-security-policy'] || '', /frame-ancestors 'none'/);
  assert.equal(headers['x-frame-options'], 'DENY');
  assert.equal(headers['x-content-type-options'], 'nosniff');
  await drawn(page, '#world-map', 150);
  await page.waitForFunction(() => document.querySelector('#map-top li'));
  const fills = await page.$$eval('#world-map svg path', (ps) => ps.map((p) => p.getAttribute('fill')));
  const coloured = new Set(fills.filter((f) => f && f !== 'none' && !/^#e6e6e6$/i.test(f) && !/rgb\(230,\s*230,\s*230\)/.test(f)));
  // 170-odd countries of the index are on the 110m map: many distinct shades of viridis.
  assert.ok(fills.length > 150, `only ${fills.length} paths on the map`);
  assert.ok(coloured.size > 20, `only ${coloured.size} distinct fill colours`);
  const top = await page.$$eval('#map-top li a', (as) => as.map((a) => a.textContent));
  assert.deepEqual(top, scores.units.slice(0, 10).map((u) => u.name));
  await shot(page, '01-map');
  // A click on the largest country (Russia: the middle of its box is Siberia) opens its profile.
  const box = await page.$$eval('#world-map svg path[stroke="#999"]', (ps) => {
    const boxes = ps.map((p) => p.getBoundingClientRect()).sort((a, b) => b.width * b.height - a.width * a.height);
    return { x: boxes[0].x + boxes[0].width / 2, y: boxes[0].y + boxes[0].height / 2 };
  });
  await page.mouse.click(box.x, box.y);
  await page.waitForFunction(() => location.hash === '#/country/RUS');
  await page.waitForSelector('#pillar-table tbody tr');
  assert.equal(await page.textContent('#country-name'), scores.units.find((u) => u.iso3 === 'RUS').name);
});

test('ranking: rows, names, scores, pillar scores and rank intervals are the server’s; sorting works', async (page) => {
  await visit(page, 'ranking');
  await page.waitForSelector('table.ranking tbody tr');
  const order = await rowsOf(page, 'table.ranking');
  assert.deepEqual(order, scores.units.map((u) => u.iso3));
  const first = await page.$$eval('table.ranking tbody tr:first-child > *', (cells) => cells.map((c) => c.textContent.trim()));
  const u = scores.units[0];
  assert.equal(first[0], '1');
  assert.equal(first[2], u.name);
  assert.equal(first[3], fmt1(u.score));
  assert.deepEqual(first.slice(4), scores.pillars.map((p) => fmt1(u.pillars[p])));
  // Sort by the last pillar: the first row is the country with the highest score on it.
  const pillar = scores.pillars[scores.pillars.length - 1];
  await page.click(`button.sort[data-key="${pillar}"]`);
  const best = [...scores.units].filter((x) => x.pillars[pillar] !== null).sort((a, b) => b.pillars[pillar] - a.pillars[pillar])[0];
  const top = await page.$eval('table.ranking tbody tr:first-child', (tr) => tr.dataset.iso3);
  assert.equal(top, best.iso3);
  await page.click(`button.sort[data-key="rank"]`);
  // Rank intervals: none yet; the button runs the Monte Carlo as a job, then every row has
  // the server's 5-95% interval.
  assert.equal(scores.intervals, null);
  await page.click('#intervals-button');
  await page.waitForFunction(() => document.querySelector('#intervals-status').textContent === 'Rank intervals computed.', null, { timeout: 60000 });
  const withIntervals = await api('/api/index/scores');
  assert.equal(withIntervals.intervals.runs, 1000);
  await page.waitForFunction(() => /1000 Monte Carlo/.test(document.querySelector('#ranking-lead').textContent));
  const shownIntervals = await page.$$eval('table.ranking tbody tr', (trs) => trs.map((tr) => tr.children[1].textContent));
  const wantIntervals = withIntervals.units.map((x) => {
    const lo = Math.round(x.interval.q05);
    const hi = Math.round(x.interval.q95);
    return lo === hi ? `${lo}` : `${lo}–${hi}`;
  });
  assert.deepEqual(shownIntervals, wantIntervals);
  assert.ok(wantIntervals.some((t) => t.includes('–')), 'some ranks are uncertain');
  await shot(page, '02-ranking');
});

test('weights: moving a slider reorders the ranking exactly as POST /api/index/reweight does', async (page) => {
  await visit(page, 'weights');
  await page.waitForSelector('#reweighted tbody tr');
  const before = await rowsOf(page, '#reweighted');
  assert.deepEqual(before, scores.units.map((u) => u.iso3), 'nominal weights give the nominal ranking');
  // Drag 'values' to its maximum with the keyboard (End), then culture down a few steps.
  const seq = Number(await page.$eval('main', (m) => m.dataset.reweighted || 0));
  await page.focus('#w-values');
  await page.keyboard.press('End');
  await page.focus('#w-culture');
  for (let k = 0; k < 5; k++) await page.keyboard.press('ArrowLeft');
  const weights = Object.fromEntries(scores.pillars.map((p) => [p, scores.weights[p]]));
  weights.values = 5;
  weights.culture = Number((scores.weights.culture - 0.5).toFixed(1));
  const shown = await page.$$eval('#weights-form input[type=range]', (is) => Object.fromEntries(is.map((i) => [i.name, Number(i.value)])));
  assert.deepEqual(shown, weights);
  const expected = await api('/api/index/reweight', { weights });
  const want = expected.ranking.map((r) => r.iso3);
  assert.notDeepEqual(want, before, 'these weights change the ranking');
  await page.waitForFunction(
    ([s, w]) => Number(document.querySelector('main').dataset.reweighted) > s &&
      [...document.querySelectorAll('#reweighted tbody tr')].map((tr) => tr.dataset.iso3).join() === w,
    [seq, want.join()],
    { timeout: 10000 },
  );
  const after = await rowsOf(page, '#reweighted');
  assert.deepEqual(after, want);
  // The scores shown are the engine's too, and the moved countries are marked.
  const firstScore = await page.$eval('#reweighted tbody tr:first-child td:nth-child(4)', (td) => td.textContent);
  assert.equal(firstScore, fmt1(expected.ranking[0].score));
  const moved = expected.ranking.filter((r) => r.rank !== r.nominal_rank).length;
  assert.match(await page.textContent('#weights-status'), new RegExp(`^${moved} of ${want.length} countries changed rank`));
  assert.ok(moved > 0);
  const marks = await page.$$eval('#reweighted td.move.up, #reweighted td.move.down', (tds) => tds.length);
  assert.equal(marks, moved);
  await shot(page, '03-weights-moved');
  // Reset brings the nominal ranking back.
  await page.click('#weights-reset');
  await page.waitForFunction((w) => [...document.querySelectorAll('#reweighted tbody tr')].map((tr) => tr.dataset.iso3).join() === w, before.join());
  // How long one slider step takes to show (the 50 ms debounce, the request, the redraw).
  const times = [];
  for (let k = 0; k < 5; k++) {
    const s = Number(await page.$eval('main', (m) => m.dataset.reweighted));
    await page.focus('#w-people');
    const t0 = Date.now();
    await page.keyboard.press(k % 2 ? 'ArrowLeft' : 'ArrowRight');
    await page.waitForFunction((x) => Number(document.querySelector('main').dataset.reweighted) > x, s);
    times.push(Date.now() - t0);
  }
  times.sort((a, b) => a - b);
  log(`     one slider step to a redrawn ranking and map: median ${times[2]} ms (of ${times.join(', ')})`);
  assert.ok(times[2] < 2000, 'the ranking follows the slider');
});

test('country profile: pillar scores, strengths, media tone, UN alignment and ideal points', async (page) => {
  const u = scores.units.find((x) => x.iso3 === 'DEU');
  await visit(page, 'country/DEU');
  await page.waitForSelector('#pillar-table tbody tr');
  assert.equal(await page.textContent('#country-name'), u.name);
  const cells = await page.$$eval('#pillar-table tbody tr', (trs) => trs.map((tr) => tr.children[1].textContent));
  assert.deepEqual(cells, scores.pillars.map((p) => fmt1(u.pillars[p])));
  const strengths = await page.$$eval('#strengths li', (lis) => lis.map((l) => l.textContent));
  assert.ok(strengths.length >= 1);
  await drawn(page, '#pillar-chart', 10);
  // UN agreement: a line per default partner, the values those of the API.
  await drawn(page, '#alignment-chart', 10);
  const legend = await page.$$eval('#partners button.chip', (bs) => bs.map((b) => b.dataset.iso3));
  assert.deepEqual(legend.sort(), ['CHN', 'RUS', 'USA']);
  // Perception: a chart when GDELT has events on the country, else a clear "not available".
  const series = await api('/api/perception/series?country=DEU&by=month');
  if (series.points.length) await drawn(page, '#perception-chart');
  else await page.waitForSelector('#perception .unavailable');
  // Ideal points of the recorded run.
  await drawn(page, '#ideal-chart', 5, 20000);
  await shot(page, '04-country-DEU');
});

test('country profile: connections in four networks, and how publics see it where polls exist', async (page) => {
  const position = await api('/api/network/position?country=DEU');
  const polls = await api('/api/opinion/profile?country=DEU');
  await visit(page, 'country/DEU');
  await page.waitForSelector('#connections-table tbody tr');
  const rows = await page.$$eval('#connections-table tbody tr', (trs) => trs.map((tr) => [tr.dataset.source, tr.children[2].textContent, tr.children[3].textContent]));
  assert.deepEqual(rows, position.networks.map((n) => [n.source, `${n.position.rank} of ${n.nodes}`, n.position.pagerank.toFixed(4)]));
  // Germany's public was polled (Pew): its views of the United States, with the server's latest figures.
  assert.ok(polls.as_public.length > 0, 'the polls ask the German public');
  await page.waitForSelector('#as-public-table tbody tr');
  assert.equal(await page.isVisible('#h-polls'), true);
  const latest = await page.$$eval('#as-public-table tbody tr', (trs) => trs.map((tr) => [tr.dataset.measure, tr.children[3].textContent]));
  assert.deepEqual(latest, polls.as_public.map((s) => {
    const last = s.points[s.points.length - 1];
    return [s.measure, `${last.value.toFixed(0)} (${last.year})`];
  }));
  await drawn(page, '#polls-chart', 2);
  await shot(page, '04b-country-DEU-connections');
  // China: no poll asks its public or about it here; the block stays hidden.
  assert.equal((await api('/api/opinion/profile?country=CHN')).as_public.length, 0);
  await visit(page, 'country/CHN');
  await page.waitForSelector('#connections-table tbody tr');
  await page.waitForTimeout(500);
  assert.equal(await page.isVisible('#h-polls'), false);
});

test('network: a source and year; the table is the server’s, the year slider moves it, the map draws the flows', async (page) => {
  const latest = await api('/api/network/graph?source=igo&top=300');
  await visit(page, 'network/igo');
  await page.waitForFunction((y) => document.querySelector('#network-year')?.textContent === String(y) && document.querySelector('#centrality tbody tr'), latest.year);
  const firstRow = () => page.$eval('#centrality tbody tr', (tr) => [tr.dataset.country, tr.children[2].textContent]);
  assert.deepEqual(await firstRow(), [latest.nodes[0].country, latest.nodes[0].pagerank.toFixed(4)]);
  assert.equal(await page.$$eval('#centrality tbody tr', (trs) => trs.length), latest.nodes.length);
  // The flows: every tie between two countries the map has, a line without fill over the map.
  await page.waitForFunction(() => Number(document.querySelector('#network-map')?.dataset.flows) > 0);
  const flows = Number(await page.$eval('#network-map', (e) => e.dataset.flows));
  assert.ok(flows > 250 && flows <= latest.ties.length, `${flows} flows drawn of ${latest.ties.length}`);
  await drawn(page, '#network-map', 150 + flows);
  const communities = await page.$$eval('#network-community-list li', (lis) => lis.length);
  assert.equal(communities, latest.communities.length);
  await shot(page, '10-network-igo');
  // The slider to 1950: the year shown, the table and the lead change to the server's 1950.
  const old = await api('/api/network/graph?source=igo&year=1950&top=300');
  await page.$eval('#network-slider', (s, k) => {
    s.value = String(k);
    s.dispatchEvent(new Event('input', { bubbles: true }));
  }, latest.years.indexOf(1950));
  await page.waitForFunction(() => document.querySelector('#network-year').textContent === '1950' && /, 1950:/.test(document.querySelector('#network-lead').textContent));
  assert.deepEqual(await firstRow(), [old.nodes[0].country, old.nodes[0].pagerank.toFixed(4)]);
  assert.equal(await page.$$eval('#centrality tbody tr', (trs) => trs.length), old.nodes.length);
  assert.notEqual(old.nodes.length, latest.nodes.length);
  assert.match(await page.textContent('#network-lead'), new RegExp(`${old.node_count} countries`));
  // Sorting by betweenness puts the server's largest first.
  await page.click('#centrality button.sort[data-key="betweenness"]');
  const top = [...old.nodes].sort((a, b) => b.betweenness - a.betweenness)[0];
  assert.equal(await page.$eval('#centrality tbody tr', (tr) => tr.dataset.country), top.country);
  // A country's name shows its ties among those drawn.
  const who = old.nodes[0].country;
  await page.click(`#centrality button.partners[data-country="${who}"]`);
  const mine = old.ties.filter((t) => t.from === who || t.to === who);
  await page.waitForFunction((n) => document.querySelectorAll('#network-ties li').length === n, Math.min(10, mine.length));
  assert.equal(Number(await page.$eval('#network-map', (e) => e.dataset.flows)) <= mine.length, true);
  // Another source: the alliances' latest year, directed.
  await page.selectOption('#network-source', 'alliances');
  const alliances = await api('/api/network/graph?source=alliances&top=300');
  await page.waitForFunction((y) => /Alliances/.test(document.querySelector('#network-lead').textContent) && document.querySelector('#network-year').textContent === String(y), alliances.year);
  assert.deepEqual(await firstRow(), [alliances.nodes[0].country, alliances.nodes[0].pagerank.toFixed(4)]);
  await fitsPhone(page);
  await shot(page, '10b-network-alliances-phone');
  // Every source of `network build` is offered; media attention reads the GDELT events.
  const offered = await page.$$eval('#network-source option', (os) => os.map((o) => o.value));
  assert.deepEqual(offered, ['alliances', 'igo', 'students', 'migration', 'us-missions', 'china-diplomacy', 'un-agreement', 'media']);
  await page.selectOption('#network-source', 'media');
  const media = await api('/api/network/graph?source=media&top=300');
  await page.waitForFunction((y) => /Media attention/.test(document.querySelector('#network-lead').textContent) && document.querySelector('#network-year').textContent === String(y), media.year);
  assert.deepEqual(await firstRow(), [media.nodes[0].country, media.nodes[0].pagerank.toFixed(4)]);
  // A few 15-minute files are a sample of moments: the page says so, with the engine's counts.
  assert.equal(media.basis.thin, true);
  await page.waitForSelector('#network-basis:not([hidden])');
  assert.match(media.basis.note, new RegExp(`^Thin data: this network rests on ${media.basis.events} GDELT events dated ${media.year}, from ${media.basis.files} files of ${media.year} holding ${media.basis.minutes} minutes`));
  assert.equal(await page.textContent('#network-basis'), media.basis.note);
  await shot(page, '10c-network-media-phone');
  await page.selectOption('#network-source', 'alliances');
  await page.waitForFunction(() => /Alliances/.test(document.querySelector('#network-lead').textContent));
  assert.equal(await page.$eval('#network-basis', (e) => e.hidden), true);
});

test('dyad: agreement and tone between two countries over time', async (page) => {
  await visit(page, 'dyad/USA/CHN');
  await drawn(page, '#agreement-chart', 10);
  const a = await api('/api/alignment/agreement?country=USA&partners=CHN&by=year');
  const years = a.series.CHN.filter((r) => r.n >= 10); // the page leaves out thinner years
  const last = years[years.length - 1];
  assert.ok(last.period >= 2018);
  assert.equal(
    await page.textContent('#dyad-agreement-summary'),
    `United States and China voted alike on ${(100 * last.agree).toFixed(0)}% of ${last.n} roll calls in ${last.period}.`,
  );
  await page.waitForSelector('#tone-chart, #dyad-tone .unavailable', { state: 'attached' });
  await shot(page, '05-dyad-USA-CHN');
});

test('simulation: a job runs with progress and is plotted; another is cancelled', async (page) => {
  await visit(page, 'simulation');
  await page.fill('#sim-token', token);
  await page.fill('#sim-L', '24');
  await page.fill('#sim-runs', '6');
  await page.click('#sim-run');
  await page.waitForFunction(() => document.querySelector('main').dataset.state, null, { timeout: 60000 });
  assert.equal(await page.$eval('main', (m) => m.dataset.state), 'done', await page.textContent('#sim-status'));
  const [value, max] = await page.$eval('#sim-progress', (p) => [p.value, p.max]);
  assert.equal(max, 6);
  assert.equal(value, 6);
  await drawn(page, '#sim-chart-1', 5);
  const id = await page.$eval('main', (m) => m.dataset.job);
  const job = await api(`/api/jobs/${id}`);
  assert.equal(job.state, 'done');
  assert.match(await page.textContent('#sim-message'), /Axelrod's model: 6 runs \(seed 1\)/);
  await shot(page, '07-simulation-done');
  // The page fits a phone's 390 px (before, the model's long option made the form 576 px
  // wide, and .chart-grid's columns could not be narrower than 380 px).
  await fitsPhone(page);
  await page.setViewportSize({ width: 1366, height: 860 });

  // A long job: progress arrives, then Cancel stops it.
  await page.$eval('main', (m) => delete m.dataset.state);
  await page.fill('#sim-L', '40');
  await page.fill('#sim-runs', '400');
  await page.click('#sim-run');
  await page.waitForFunction(() => /running: [1-9]\d* of 400/.test(document.querySelector('#sim-status').textContent), null, { timeout: 60000 });
  const progressed = await page.$eval('#sim-progress', (p) => p.value);
  assert.ok(progressed > 0 && progressed < 400);
  await shot(page, '08-simulation-running');
  await page.click('#sim-cancel');
  await page.waitForFunction(() => document.querySelector('main').dataset.state, null, { timeout: 30000 });
  assert.equal(await page.$eval('main', (m) => m.dataset.state), 'cancelled');
  const id2 = await page.$eval('main', (m) => m.dataset.job);
  assert.notEqual(id2, id);
  assert.equal((await api(`/api/jobs/${id2}`)).state, 'cancelled');
  await shot(page, '09-simulation-cancelled');
});

test('evaluation: the applied cases run on the real data; the page shows the run’s own numbers', async (page) => {
  const listed = await api('/api/datasets', {});
  const panelSets = listed.datasets.filter((d) => d.kind === 'panel').map((d) => d.name);
  assert.ok(panelSets.includes('un-agreement-chn') && panelSets.includes('china-public-diplomacy'), panelSets.join());
  await visit(page, 'evaluation');
  await page.waitForFunction(() => Number(document.querySelector('main').dataset.datasets) > 0);
  // The pickers offer the workspace's panel datasets and their indicators.
  assert.deepEqual(await page.$$eval('#eval-outcome-dataset option', (os) => os.map((o) => o.value)), panelSets);
  await page.selectOption('#eval-programme-dataset', 'china-public-diplomacy');
  assert.deepEqual(await page.$$eval('#eval-programme option', (os) => os.map((o) => o.value)), ['confucius_institutes', 'total_elite_visits']);
  await page.fill('#eval-token', token);

  // Case 1, one click: Confucius Institutes, staggered, not-yet-treated controls.
  const t0 = Date.now();
  await page.click('#eval-preset-confucius');
  await page.waitForFunction(() => ['done', 'error', 'failed', 'cancelled'].includes(document.querySelector('main').dataset.state), null, { timeout: 60000 });
  assert.equal(await page.$eval('main', (m) => m.dataset.state), 'done', await page.textContent('#eval-status'));
  log(`     Confucius Institutes case: ${Date.now() - t0} ms from the click to the table`);
  const run = await page.$eval('main', (m) => m.dataset.run);
  const detail = await api(`/api/runs/${run}`);
  assert.equal(detail.operation, 'evaluate staggered');
  assert.equal(detail.parameters.adoption, 'confucius_institutes');
  assert.equal(detail.parameters.control, 'notyet');
  assert.equal(detail.parameters.periods, '2000:2016');
  const aggregate = await (await fetch(`${base}/api/runs/${run}/results/aggregate.csv`)).text();
  const rows = aggregate.trim().split('\n').slice(1).map((l) => l.split(','));
  const simple = rows.find((r) => r[0] === 'simple');
  const f4 = (v) => Number(v).toFixed(4);
  const shownSimple = await page.$$eval('#eval-estimates tr[data-type="simple"] td', (tds) => tds.map((t) => t.textContent));
  assert.equal(shownSimple[0], f4(simple[2]), 'the simple ATT is aggregate.csv’s');
  assert.equal(shownSimple[1], f4(simple[3]));
  assert.equal(shownSimple[2], `${f4(simple[4])} to ${f4(simple[5])}`);
  // The figures of docs/evaluation-china-confucius.md (examples/evaluations/china-confucius.sh).
  assert.deepEqual(shownSimple, ['0.0069', '0.0100', '-0.0127 to 0.0265']);
  assert.equal(await page.$$eval('#eval-estimates tbody tr', (trs) => trs.length), rows.filter((r) => r[1] === '').length);
  // The event study: a point per event time of the dynamic aggregation.
  const dynamic = rows.filter((r) => r[0] === 'dynamic' && r[1] !== '');
  assert.ok(dynamic.length > 5, `${dynamic.length} event times`);
  await drawn(page, '#eval-event-study', 5);
  const bacon = (await (await fetch(`${base}/api/runs/${run}/results/bacon.csv`)).text()).trim().split('\n').length - 1;
  assert.equal(await page.$$eval('#eval-bacon tbody tr', (trs) => trs.length), bacon);
  assert.match(await page.textContent('#eval-twfe'), /The TWFE estimate is -?\d\.\d{4}/);
  // The full report is the run's stored page, served sandboxed.
  const report = await fetch(base + (await page.getAttribute('#eval-report', 'href')));
  assert.equal(report.status, 200);
  assert.match(report.headers.get('content-security-policy') || '', /sandbox/);
  await shot(page, '13-evaluation-staggered');

  // Case 2: the Philippines from 2016, synthetic DiD, synthetic control and DiD.
  await page.$eval('main', (m) => delete m.dataset.state);
  await page.click('#eval-preset-philippines');
  await page.waitForFunction(() => ['done', 'error', 'failed', 'cancelled'].includes(document.querySelector('main').dataset.state), null, { timeout: 60000 });
  assert.equal(await page.$eval('main', (m) => m.dataset.state), 'done', await page.textContent('#eval-status'));
  const run2 = await page.$eval('main', (m) => m.dataset.run);
  const detail2 = await api(`/api/runs/${run2}`);
  assert.equal(detail2.operation, 'evaluate panel');
  const cpd = listed.datasets.find((d) => d.name === 'china-public-diplomacy');
  assert.deepEqual([...detail2.parameters.units].sort(), [...cpd.unit_codes].sort(), 'the donors are the units of china-public-diplomacy');
  const estimates = (await (await fetch(`${base}/api/runs/${run2}/results/estimates.csv`)).text()).trim().split('\n').slice(1).map((l) => l.split(','));
  assert.equal(estimates.length, 3);
  for (const e of estimates) {
    const shown = await page.$$eval(`#eval-estimates tr[data-estimator="${e[0]}"] td`, (tds) => tds.map((t) => t.textContent));
    assert.equal(shown[0], f4(e[1]), `${e[0]}: the estimate is estimates.csv’s`);
    assert.equal(shown[3], Number(e[5]).toFixed(3), `${e[0]}: the p-value is estimates.csv’s`);
  }
  // The figures of docs/evaluation-philippines-2016.md: synthetic DiD, its RMSPE ratio and
  // permutation p.
  const sdid = await page.$$eval('#eval-estimates tr[data-estimator="sdid"] td', (tds) => tds.map((t) => t.textContent));
  assert.deepEqual([sdid[0], sdid[1], sdid[4], sdid[5]], ['-0.0040', '0.0443', '0.90', '0.824']);
  for (const id of ['#eval-paths', '#eval-gap', '#eval-placebos', '#eval-weights']) await drawn(page, id, 5);
  assert.equal(await page.$eval('main', (m) => m.dataset.estimator), 'sdid');
  await shot(page, '14-evaluation-panel');
  // Another estimator's paths and weights.
  await page.selectOption('#eval-estimator', 'did');
  await page.waitForFunction(() => document.querySelector('main').dataset.estimator === 'did');
  await drawn(page, '#eval-paths', 5);

  // On a phone's 390 px the page does not scroll sideways.
  await fitsPhone(page);
  await shot(page, '15-evaluation-390px');
  await page.setViewportSize({ width: 1366, height: 860 });
});

test('a read-only server with the workspace: the evaluation page says so, and shows the server’s refusal', async (page) => {
  if (!process.env.SOFTPOWER_BIN) {
    log('     skipped: it starts a second server of its own, which needs SOFTPOWER_BIN');
    return;
  }
  const readOnly = await launch(process.env.SOFTPOWER_BIN, ['--workspace', workspacePath, '--out-root', join(scratch, 'out-read-only')]);
  try {
    await page.goto(`${readOnly.url}/#/evaluation`);
    await page.waitForSelector('#eval-server .unavailable');
    assert.match(await page.textContent('#eval-server'), /read-only/);
    await page.waitForFunction(() => Number(document.querySelector('main').dataset.datasets) > 0);
    await page.fill('#eval-token', '');
    await page.click('#eval-preset-confucius');
    await page.waitForFunction(() => document.querySelector('main').dataset.state === 'error');
    assert.match(await page.textContent('#eval-status'), /^Evaluation not available: .*read-only/);
    await shot(page, '16-evaluation-read-only');
  } finally {
    readOnly.child.kill('SIGTERM');
  }
});

test('runs: the workspace’s runs with their provenance', async (page) => {
  const runs = (await api('/api/runs')).runs;
  await visit(page, 'runs');
  await page.waitForSelector('#runs-table tbody tr');
  const ids = await page.$$eval('#runs-table tbody tr td:first-child', (tds) => tds.map((t) => Number(t.textContent)));
  assert.deepEqual(ids, runs.map((r) => r.id));
  await shot(page, '06-runs');
  const ip = runs.find((r) => r.operation === 'alignment ideal-points');
  await page.click(`#runs-table a[href="#/runs/${ip.id}"]`);
  await page.waitForSelector('#run-params');
  assert.equal(await page.textContent('#run-title'), `Run ${ip.id}: alignment ideal-points`);
  const results = await page.$$eval('#run-results a', (as) => as.map((a) => a.textContent));
  assert.ok(results.includes('ideal_points.csv'));
  await shot(page, '06-run-detail');
});

test('a read-only server without a workspace: the pages say what is not available and keep working', async (page) => {
  if (!process.env.SOFTPOWER_BIN) {
    log('     skipped: it starts a second server of its own, which needs SOFTPOWER_BIN');
    return;
  }
  const plain = await launch(process.env.SOFTPOWER_BIN, ['--out-root', join(scratch, 'out-plain')]);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${plain.url}/#/runs`);
  await page.waitForSelector('#runs-body .unavailable');
  assert.match(await page.textContent('#runs-body .unavailable'), /Runs: not available\..*no workspace/);
  await page.goto(`${plain.url}/#/country/JPN`);
  // No recorded run: the trajectory is the server's own estimate (a background job first).
  await drawn(page, '#ideal-chart', 5, 120000);
  assert.match(await page.textContent('#ideal-source'), /the server's dynamic estimate \(anchored on USA\)/);
  // The rest of the profile is there.
  const cells = await page.$$eval('#pillar-table tbody tr', (trs) => trs.map((tr) => tr.children[1].textContent));
  const jpn = scores.units.find((u) => u.iso3 === 'JPN');
  assert.deepEqual(cells, scores.pillars.map((p) => fmt1(jpn.pillars[p])));
  await drawn(page, '#alignment-chart', 10);
  await shot(page, '10-read-only-country-JPN');
  await page.goto(`${plain.url}/#/simulation`);
  await page.fill('#sim-token', '');
  await page.click('#sim-run');
  await page.waitForFunction(() => document.querySelector('main').dataset.state === 'error');
  assert.match(await page.textContent('#sim-status'), /^Simulation not available: .*read-only/);
  await shot(page, '11-read-only-simulation');
  // A scenario runs in the server's memory without the token, and is plotted.
  await page.waitForFunction(() => Number(document.querySelector('main').dataset.scenarios) >= 1);
  await page.selectOption('#sim-scenario', 'scenarios/small.toml');
  await page.fill('#sim-runs', '3');
  await page.$eval('main', (m) => delete m.dataset.state);
  await page.click('#sim-run');
  await page.waitForFunction(() => document.querySelector('main').dataset.state, null, { timeout: 60000 });
  assert.equal(await page.$eval('main', (m) => m.dataset.state), 'done', await page.textContent('#sim-status'));
  assert.match(await page.textContent('#sim-message'), /: 3 runs \(seed 1\), in memory\./);
  await drawn(page, '#sim-chart-0', 5);
  await shot(page, '12-read-only-scenario');
  // Without a workspace there are no datasets: an applied case says how to make them.
  await page.goto(`${plain.url}/#/evaluation`);
  await page.waitForSelector('#eval-preset-note .unavailable');
  await page.click('#eval-preset-philippines');
  await page.waitForSelector('#eval-import-commands');
  assert.match(await page.textContent('#eval-preset-note'), /no dataset un-agreement-chn, china-public-diplomacy/);
  assert.match(await page.textContent('#eval-import-commands'), /^softpower alignment with CHN --positions none/);
  assert.deepEqual(errors, []);
  plain.child.kill('SIGTERM');
});

// ---- the analyst's tests (web/e2e/analyst.e2e.mjs): any index and year, state in the address,
// drill-down, method
import { analystTests } from './analyst.e2e.mjs';
analystTests(test, { api, visit, shot, drawn, fitsPhone, scores: () => scores, workspace: () => workspacePath, data, base: () => base });

// ---- the method choices' tests (web/e2e/method.e2e.mjs): normalisation, treatment, aggregation,
// the Sobol' indices beside them, exact weights, the workspace's specs in the index picker
import { methodTests } from './method.e2e.mjs';
methodTests(test, { api, visit, shot, drawn, fitsPhone, scores: () => scores, workspace: () => workspacePath, data, base: () => base });

// ---- the tests of the tools (web/e2e/tools.e2e.mjs), registered with the same helpers
(await import('./tools.e2e.mjs')).register({ test, api, visit, drawn, shot, fitsPhone, rowsOf, scores: () => scores, shotPath: (name) => join(out, `${name}.png`) });

// ---- the tests of an index build's report.html (web/e2e/report.e2e.mjs)
(await import('./report.e2e.mjs')).reportTests(test, { data, shot, fitsPhone });

// ---- the agreement heatmap's tests (web/e2e/agreement.e2e.mjs): the dashboard's and agreement.html's
import { agreementTests } from './agreement.e2e.mjs';
agreementTests(test, { api, visit, shot, fitsPhone, data });

// ---- run them

// A stopped test run (Ctrl-C, the script's timeout) stops its server too.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopServer();
    process.exit(1);
  });
}

let failed = 0;
let ran = 0;
let browser = null;
try {
  if (!base) await startServer();
  scores = await api('/api/index/scores');
  assert.ok(scores.units.length > 100, 'the index has its countries');
  browser = await chromium.launch({ executablePath: browserPath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const context = await browser.newContext({ viewport: { width: 1366, height: 860 } });
  const only = process.env.SOFTPOWER_E2E_ONLY ? new RegExp(process.env.SOFTPOWER_E2E_ONLY) : null;
  for (const t of tests.filter((x) => !only || only.test(x.name))) {
    const page = await context.newPage();
    page.setDefaultTimeout(15000);
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const expectFailures = t.name.startsWith('a read-only server');
    // A Content-Security-Policy violation fails every test, even one expecting refusals.
    page.on('console', (m) => m.type() === 'error' && (!expectFailures || /Content.Security.Policy/i.test(m.text())) && errors.push(m.text()));
    const t0 = Date.now();
    ran++;
    try {
      await t.fn(page);
      assert.deepEqual(errors, [], 'no error in the page');
      log(`ok   ${t.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    } catch (err) {
      failed++;
      log(`FAIL ${t.name}\n     ${err.message.split('\n').join('\n     ')}`);
      await page.screenshot({ path: join(out, `failed-${tests.indexOf(t)}.png`) }).catch(() => {});
    }
    await page.close();
  }
} catch (err) {
  failed++;
  ran++;
  log(`FAIL setup: ${err.message}`);
} finally {
  if (browser) await browser.close();
  stopServer();
}
log(`${ran - failed} of ${tests.length} passed${ran < tests.length ? ` (${tests.length - ran} not run)` : ''}; screenshots in ${out}`);
process.exit(failed ? 1 : 0);
