// Browser tests of the dashboard's tools (issue 17): honest thin data in the media series. Run
// by dashboard.e2e.mjs, which calls register() with its helpers and server; every test runs at
// 1440 px and at 390 px, with a screenshot of each in $SOFTPOWER_E2E_OUT (tools-*.png).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { unzipSync, strFromU8 } from 'fflate';

// axe-core (Deque, MPL-2.0, npm): the accessibility rules the tests check every page against.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Every page of the dashboard, with what shows that it has drawn. */
export const everyPage = [
  { hash: 'map', ready: '#world-map svg path' },
  { hash: 'ranking', ready: 'table.ranking tbody tr' },
  { hash: 'weights', ready: 'main table tbody tr' },
  { hash: 'country/DEU', ready: '#pillar-table tbody tr' },
  { hash: 'dyad/USA/CHN', ready: '#tone-chart svg' },
  { hash: 'runs', ready: 'main table tbody tr' },
  { hash: 'simulation', ready: '#sim-run' },
  { hash: 'evaluation', ready: 'main select option' },
  { hash: 'network', ready: 'main table tbody tr' },
];

/** Waits until a page has drawn and has nothing left loading. */
async function settled(page, ready) {
  await page.waitForSelector(ready, { state: 'attached', timeout: 20000 });
  await page.waitForFunction(() => !document.querySelector('main .loading'), null, { timeout: 20000 }).catch(() => {});
  await page.waitForTimeout(300);
}

/** The serious and critical axe-core violations of the page as it is, one line each. */
export async function seriousViolations(page) {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern. The charts'
  // own SVG (thousands of map paths, inside a container with role img and a label, which is
  // checked) is left out: it costs seconds per page and holds nothing a reader tabs to; so are
  // a table's rows after the 20th, made by the same template as the first ones (the 181-row
  // ranking took 7 s of colour-contrast checks).
  await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const r = await window.axe.run({ exclude: [['.chart svg'], ['tbody tr:nth-child(n+21)']] }, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) , count: v.nodes.length }));
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}, ${v.count}): ${v.help} — ${v.nodes.join(' | ')}`);
}

export function register({ test, api, visit, drawn, shot, fitsPhone, shotPath }) {
  // Every page: axe-core at 1440 px, the width at 390 px; the ranking's pillars at 1440 px.
  test('tools: every page has no serious or critical axe-core violation, and no sideways scroll at 390 px', async (page) => {
    const s = await api('/api/index/scores');
    const problems = [];
    for (const { hash, ready } of everyPage) {
      await page.setViewportSize({ width: 1440, height: 900 });
      await visit(page, hash);
      await settled(page, ready);
      for (const v of await seriousViolations(page)) problems.push(`#/${hash} at 1440 px: ${v}`);
      if (hash === 'ranking') {
        // Every pillar has its column, and the table fits its frame: no sideways scrolling.
        const heads = await page.$$eval('table.ranking thead th', (ths) => ths.map((th) => th.textContent.replace(/[▲▼]/g, '').trim()));
        for (const code of s.pillars) {
          const name = s.framework.find((n) => n.code === code)?.name || code;
          if (!heads.some((h) => h.startsWith(name.slice(0, 6)) || h === code)) problems.push(`#/ranking: no column for ${name}`);
        }
        const [table, wrap] = await page.$eval('table.ranking', (t) => [t.scrollWidth, t.closest('.table-wrap').clientWidth]);
        if (table > wrap) problems.push(`#/ranking at 1440 px: the table is ${table} px wide in its ${wrap} px frame`);
      }
      await page.screenshot({ path: shotPath(`tools-a11y-${hash.replace(/\//g, '-')}-1440`) });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.waitForTimeout(300);
      const [scrollWidth, clientWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      if (scrollWidth > clientWidth) problems.push(`#/${hash} at 390 px: ${scrollWidth} px wide in a ${clientWidth} px window`);
      await page.screenshot({ path: shotPath(`tools-a11y-${hash.replace(/\//g, '-')}-390`) });
    }
    assert.deepEqual(problems, []);
  });

  /**
   * Runs `body(page)` at 1440 px, with a screenshot `tools-<name>-1440.png`; then narrows the same
   * page to 390 px, checks that it does not scroll sideways and that `phone(page)` holds (the
   * feature is there and usable), with a screenshot `tools-<name>-390.png`. One load per test
   * keeps the run short.
   */
  const atBothWidths = (name, body, phone) => async (page) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await body(page);
    await shot(page, `tools-${name}-1440`);
    await fitsPhone(page);
    if (phone) await phone(page);
    await shot(page, `tools-${name}-390`);
  };

  const fetchDownload = async (page, button) => {
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
  };

  test('tools: a table downloads as CSV and Excel with the figures shown, a chart as SVG and PNG, and the page prints without its controls', atBothWidths('exports', async (page) => {
    const s = await api('/api/index/scores');
    const first = s.units[0];
    // A chart: SVG as drawn, PNG at twice its size.
    await visit(page, 'map');
    await drawn(page, '#world-map', 150);
    const chartBar = page.locator('#world-map + .export-bar');
    const svg = await fetchDownload(page, chartBar.locator('button[data-format="svg"]'));
    assert.equal(svg.name, 'map-world-map.svg');
    assert.ok(svg.bytes.toString('utf8').startsWith('<svg'), 'an SVG document');
    assert.ok((svg.bytes.toString('utf8').match(/<path/g) || []).length > 150, 'with the countries');
    const png = await fetchDownload(page, chartBar.locator('button[data-format="png"]'));
    assert.deepEqual([...png.bytes.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], 'a PNG file');
    const shown = await page.$eval('#world-map', (el) => el.clientWidth);
    assert.equal(png.bytes.readUInt32BE(16), 2 * shown, 'twice the width on screen');
    // A table: CSV with a header and the rows as shown, in the server's order.
    await visit(page, 'ranking');
    await page.waitForSelector('table.ranking tbody tr');
    const bar = page.locator('.export-bar:has(+ #ranking-table)');
    const csv = await fetchDownload(page, bar.locator('button[data-format="csv"]'));
    // Named after the page and the table's caption.
    assert.equal(csv.name, `ranking-${s.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${s.year}-${s.units.length}-countries.csv`);
    const lines = csv.bytes.toString('utf8').split('\r\n');
    assert.equal(lines.length, s.units.length + 2, 'a header, a line per country, and the final line end');
    const row = lines[1].split(',');
    assert.ok(row.includes(first.name) && row.includes(first.score.toFixed(1)), lines[1]);
    // Excel: a workbook whose sheet holds the first country's name, and its score as a number.
    const xlsx = await fetchDownload(page, bar.locator('button[data-format="xlsx"]'));
    assert.equal(xlsx.name, csv.name.replace(/csv$/, 'xlsx'));
    const files = unzipSync(new Uint8Array(xlsx.bytes));
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']);
    const strings = files['xl/sharedStrings.xml'] ? strFromU8(files['xl/sharedStrings.xml']) : sheet;
    assert.ok(strings.includes(first.name), 'the first country is in the workbook');
    assert.ok(sheet.includes(`<v>${first.score.toFixed(1)}</v>`), 'the score is a number cell');
    // Print: no navigation or buttons, the table whole rather than in a scrolling frame.
    await page.emulateMedia({ media: 'print' });
    const printed = await page.evaluate(() => ({
      nav: getComputedStyle(document.querySelector('nav')).display,
      buttons: getComputedStyle(document.querySelector('.export-bar')).display,
      frame: getComputedStyle(document.querySelector('#ranking-table')).maxHeight,
    }));
    assert.deepEqual(printed, { nav: 'none', buttons: 'none', frame: 'none' });
    await page.pdf({ path: shotPath('tools-print-ranking').replace(/\.png$/, '.pdf'), format: 'A4' });
    await page.emulateMedia({ media: 'screen' });
  }, async (page) => {
    // At 390 px the buttons are there and inside the window.
    const right = await page.$eval('.export-bar:has(+ #ranking-table) button[data-format="xlsx"]', (b) => b.getBoundingClientRect().right);
    assert.ok(right <= 390, `the Excel button ends at ${right} px`);
  }));

  test('tools: the partner picker adds and removes countries without Ctrl-click, and the chart follows', atBothWidths('picker', async (page) => {
    await visit(page, 'country/DEU');
    await page.waitForSelector('#partners button.chip');
    const chosen = async () => page.$eval('#partners', (f) => f.dataset.chosen.split(',').filter(Boolean));
    assert.deepEqual((await chosen()).sort(), ['CHN', 'RUS', 'USA']);
    await drawn(page, '#alignment-chart', 10);
    // Remove Russia with a plain click (by keyboard: the chip is a button).
    await page.click('#partners button.chip[data-iso3="RUS"]');
    await page.waitForFunction(() => !document.querySelector('#partners').dataset.chosen.includes('RUS'));
    // Add Japan from the select.
    await page.selectOption('#partners-add', 'JPN');
    await page.waitForFunction(() => document.querySelector('#partners').dataset.chosen.split(',').includes('JPN'));
    assert.deepEqual((await chosen()).sort(), ['CHN', 'JPN', 'USA']);
    // The chart draws the server's series for the new partners: its legend names them.
    const answer = await api('/api/alignment/agreement?country=DEU&partners=USA,CHN,JPN&by=year');
    await page.waitForFunction((names) => names.every((n) => document.querySelector('#alignment-chart').textContent.includes(n)), Object.values(answer.partners));
    const legend = await page.$eval('#alignment-chart', (c) => c.textContent);
    assert.ok(!legend.includes('Russia'), 'Russia left the chart');
    // Focus stays in the picker, on its select, for the next choice.
    assert.equal(await page.evaluate(() => document.activeElement.id), 'partners-add');
  }));

  test('tools: the media series of thin data is on a time axis, with its window, events and gaps, and no change point', atBothWidths('media-USA', async (page) => {
    const answer = await api('/api/perception/series?country=USA&by=month');
    assert.ok(answer.refused, 'the four 15-minute exports are too thin for change points');
    await visit(page, 'country/USA');
    await page.waitForSelector('#perception .media-window');
    await drawn(page, '#perception-chart', 5);
    const window = await page.textContent('#perception .media-window');
    const w = answer.window;
    assert.ok(window.startsWith(`${w.events.toLocaleString('en')} events from ${w.first} to ${w.last}: ${w.periods} months`), window);
    assert.match(window, new RegExp(`, ${answer.points.length} with a value`));
    assert.equal(await page.textContent('#perception .media-shifts'), `No change points sought: ${answer.refused}.`);
    const box = await page.$eval('#perception-chart', (el) => ({ ...el.dataset }));
    assert.equal(Number(box.points), answer.points.length);
    assert.equal(Number(box.gaps), answer.gaps.length);
    assert.equal(Number(box.shifts), 0);
    // No dashed change-point line is drawn.
    const dashed = await page.$$eval('#perception-chart svg path[stroke-dasharray]', (ps) => ps.length);
    assert.equal(dashed, 0);
  }));

  test('tools: a dyad’s tone is on one time axis, each direction with its window and the engine’s refusal', atBothWidths('dyad-USA-CHN', async (page) => {
    const ab = await api('/api/perception/series?country=CHN&partner=USA&role=dyad&by=month');
    await visit(page, 'dyad/USA/CHN');
    await page.waitForSelector('#dyad-tone .media-window');
    await drawn(page, '#tone-chart', 5);
    const lines = await page.$$eval('#dyad-tone .media-window', (ps) => ps.map((p) => p.textContent));
    assert.equal(lines.length, 2);
    assert.ok(lines[0].includes(`${ab.window.events.toLocaleString('en')} events from ${ab.window.first} to ${ab.window.last}`), lines[0]);
    if (ab.refused) assert.ok(lines[0].includes(`No change points sought: ${ab.refused}.`), lines[0]);
  }));
}
