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

const checkout = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

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
      const out = join(dir, 'elcano');
      const run = spawnSync(bin, ['index', 'build', join(checkout, 'examples', 'elcano.toml'), '--data', env.data, '--out', out], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
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
}
