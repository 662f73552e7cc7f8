// Browser tests of an index build's report.html (docs/report.md): a panel's page writes its
// latest year in full and holds every year once; its script ranks any year from what it holds.
// Registered into web/e2e/dashboard.e2e.mjs, which runs them with its own tests; the page is
// built here with `softpower index build` and opened from its file, as a reader opens it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seriousViolations } from './tools.e2e.mjs';

const checkout = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Builds examples/<spec>.toml into dir/<spec> and gives the folder. */
function build(bin, data, dir, spec) {
  const out = join(dir, spec);
  const run = spawnSync(bin, ['index', 'build', join(checkout, 'examples', `${spec}.toml`), '--data', data, '--out', out], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return out;
}

/** The page's height with every fold as it is. */
const heightOf = (page) => page.evaluate(() => document.documentElement.scrollHeight);

/** The index rank of every unit of `year` for the node `code`, from scores.csv ('—' for none). */
function ranksOf(scoresCsv, year, code) {
  const [head, ...lines] = scoresCsv.trim().split('\n').map((l) => l.split(','));
  const col = (name) => head.indexOf(name);
  const out = new Map();
  for (const l of lines) {
    if (l[col('year')] === String(year) && l[col('code')] === code) {
      out.set(l[col('unit')], l[col('rank')] === '' ? '—' : String(Number(l[col('rank')])));
    }
  }
  return out;
}

/**
 * Adds the report's tests through `test(name, fn)`; `env` gives data (the data directory),
 * shot(page, name) and fitsPhone(page).
 */
export function reportTests(test, env) {
  test('report: a panel’s year selector ranks any year as scores.csv does; profiles draw their trends', async (page) => {
    const bin = process.env.SOFTPOWER_BIN;
    if (!bin) return; // a server given by address: no binary to build the report with
    const dir = mkdtempSync(join(tmpdir(), 'softpower-report-'));
    try {
      const out = build(bin, env.data, dir, 'elcano');
      const scores = readFileSync(join(out, 'scores.csv'), 'utf8');
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.goto(`file://${join(out, 'report.html')}`);
      const rows = () => page.$$eval('table.ranking tbody tr.unit', (trs) => trs.map((tr) => [tr.dataset.key, tr.cells[0].textContent]));
      // The latest year is the page's own table, every row with its rank trend drawn.
      assert.equal(await page.$eval('#ranking-year', (s) => s.value), '2013');
      const latest = await rows();
      assert.deepEqual(new Map(latest), ranksOf(scores, 2013, 'iepg'));
      assert.equal(await page.$$eval('table.ranking td.trend svg.spark', (s) => s.length), latest.length);
      // Another year: its units ranked as scores.csv ranks them, best first, from the held years.
      await page.selectOption('#ranking-year', '1990');
      const y1990 = await rows();
      const want = ranksOf(scores, 1990, 'iepg');
      assert.equal(y1990.length, want.size);
      assert.deepEqual(new Map(y1990), want);
      const ranked = y1990.map(([, r]) => r).filter((r) => r !== '—').map(Number);
      assert.deepEqual(ranked, [...ranked].sort((a, b) => a - b));
      assert.match(await page.$eval('table.ranking caption', (c) => c.textContent), /^1990 ranking of 63 units by Global Presence Index\. .*Profiles are of 2013 only/);
      // Sorting by a column works on the rows the script made; the rank sorts them back.
      await page.click('table.ranking th[data-col="2"] button.sort');
      assert.notDeepEqual((await rows()).map(([, r]) => r), y1990.map(([, r]) => r));
      await page.click('table.ranking th[data-col="0"] button.sort');
      assert.deepEqual((await rows()).map(([, r]) => r), y1990.map(([, r]) => r));
      await env.shot(page, 'r01-report-elcano-1990');
      // Back to the latest year: the page's own rows, with their profiles and the unit's trends.
      await page.selectOption('#ranking-year', '2013');
      assert.deepEqual(await rows(), latest);
      await page.click('table.ranking tbody tr.unit button.expand');
      await page.waitForSelector('tr.detail:not([hidden]) .trends figure svg path');
      const charts = await page.$$eval('tr.detail:not([hidden]) .trends figure', (f) => f.length);
      assert.equal(charts, 4); // the index and its three presences
      await env.shot(page, 'r02-report-elcano-profile');
      await page.setViewportSize({ width: 390, height: 844 });
      await env.shot(page, 'r03-report-elcano-390');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('report: the sections are headings over closed folds, the page under 6,000 px; links and printing open them; a profile shows the engine’s values', async (page) => {
    const bin = process.env.SOFTPOWER_BIN;
    if (!bin) return;
    const dir = mkdtempSync(join(tmpdir(), 'softpower-report-'));
    try {
      // Every spec: each section's heading in view, the long ones folded, the page short.
      for (const spec of ['asem', 'elcano', 'soft-power']) {
        const out = build(bin, env.data, dir, spec);
        await page.setViewportSize({ width: 1440, height: 900 });
        await page.goto(`file://${join(out, 'report.html')}`);
        const sections = await page.$$eval('main > section', (ss) => ss.map((s) => s.id));
        assert.deepEqual(sections, ['ranking', 'pillars', 'levels', 'method', 'framework', 'audit'], spec);
        for (const id of sections) assert.ok(await page.isVisible(`#${id} > h2`), `${spec}: #${id}'s heading`);
        assert.deepEqual(await page.$$eval('details.fold', (ds) => ds.map((d) => d.open)), [false, false, false, false, false], spec);
        assert.equal(await page.isVisible('table.tree'), false, spec);
        assert.ok(await page.isVisible('table.ranking'), spec);
        const tall = await heightOf(page);
        assert.ok(tall > 1500 && tall < 6000, `${spec} at 1440 px: ${tall} px`);
        await page.setViewportSize({ width: 390, height: 844 });
        const phone = await heightOf(page);
        assert.ok(phone > 1500 && phone < 6000, `${spec} at 390 px: ${phone} px`);
        // The ranking scrolls in its frame, its head staying in view.
        const frame = await page.$eval('#ranking .frame', (f) => [f.clientHeight, f.scrollHeight]);
        assert.ok(frame[0] < 844 && frame[1] > frame[0], `${spec}: the ranking's frame ${frame}`);
      }
      // ASEM: the top unit's profile, reached by its address, shows the engine's scores and ranks.
      const out = join(dir, 'asem');
      const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
      const latest = results.years[results.years.length - 1];
      const top = latest.units.find((u) => u.ranks.Index === 1);
      const codeOf = new Map(results.framework.map((n) => [n.name, n.code]));
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.goto(`file://${join(out, 'report.html')}#profile-${latest.year}-0`);
      await page.waitForSelector(`#profile-${latest.year}-0:not([hidden])`);
      assert.equal(await page.$eval(`#profile-${latest.year}-0`, (tr) => tr.previousElementSibling.dataset.key), top.code);
      const shown = await page.$$eval(`#profile-${latest.year}-0 table.mini tbody tr`, (trs) => trs.filter((tr) => tr.querySelector('th')).map((tr) => [tr.cells[0].textContent, tr.cells[1].textContent, tr.cells[3].textContent]));
      assert.ok(shown.length > 10);
      for (const [name, score, rank] of shown) {
        const code = codeOf.get(name);
        assert.equal(score, top.scores[code].toFixed(2), name);
        assert.match(rank, new RegExp(`^${top.ranks[code]} of \\d+$`), name);
      }
      assert.equal(shown[0][0], results.framework.find((n) => n.code === 'Index').name);
      // A link of the navigation opens the section it leads to.
      await page.click('nav a[href="#levels"]');
      await page.waitForSelector('#levels svg.level-chart', { state: 'visible' });
      assert.equal(await page.$eval('#levels details.fold', (d) => d.open), true);
      // Printing shows every section open, the ranking whole; the screen folds them again.
      await page.goto(`file://${join(out, 'report.html')}`);
      await page.emulateMedia({ media: 'print' });
      for (const inside of ['table.heatstrip', '#levels svg.level-chart', 'table.sources', 'table.tree', 'table.audit-stats']) {
        assert.ok(await page.isVisible(inside), `printed: ${inside}`);
      }
      assert.equal(await page.$eval('#ranking .frame', (f) => f.scrollHeight <= f.clientHeight), true);
      await page.emulateMedia({ media: 'screen' });
      assert.equal(await page.isVisible('table.tree'), false);
      // No serious accessibility fault, folded or open.
      assert.deepEqual(await seriousViolations(page), []);
      await page.$$eval('details', (ds) => ds.forEach((d) => { d.open = true; }));
      assert.deepEqual(await seriousViolations(page), []);
      await env.shot(page, 'r04-report-asem-open');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
