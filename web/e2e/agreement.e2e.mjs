// Browser tests of the agreement heatmap (issue 17: "a readable agreement heatmap, ordered,
// zoomable, labels on hover"): the dashboard's #/agreement and the engine's agreement.html opened
// from a file, both drawn by web/src/heatmap.js. Registered into web/e2e/dashboard.e2e.mjs,
// which starts the server; each test runs at 1440 px and at 390 px, with screenshots
// (agreement-*.png), and checks axe-core's serious and critical rules.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { seriousViolations } from './tools.e2e.mjs';

const WIDE = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

/** The pair of rows r and c among k in the upper triangle (heatmap.js's pairIndex). */
const pairIndex = (r, c, k) => {
  const a = Math.min(r, c);
  const b = Math.max(r, c);
  return (a * (2 * k - a - 1)) / 2 + (b - a - 1);
};

/** The heatmap's geometry on screen: the canvas's corner, its matrix's origin and cell size. */
const geometry = (page) =>
  page.$eval('.heatmap-frame canvas', (c) => {
    const box = c.getBoundingClientRect();
    return { left: box.left, top: box.top, x0: Number(c.dataset.x0), y0: Number(c.dataset.y0), cell: Number(c.dataset.cell), zoom: Number(c.dataset.zoom) };
  });

/** Moves the pointer onto cell (r, c) and answers the tip's text. */
async function hover(page, r, c) {
  let g = await geometry(page);
  // Scrolled into the window first when the cell is out of it.
  const y = g.top + g.y0 + (r + 0.5) * g.cell;
  const height = page.viewportSize().height;
  if (y < 10 || y > height - 10) {
    await page.evaluate((dy) => window.scrollBy(0, dy), y - height / 2);
    g = await geometry(page);
  }
  await page.mouse.move(g.left + g.x0 + (c + 0.5) * g.cell, g.top + g.y0 + (r + 0.5) * g.cell);
  await page.waitForFunction(() => !document.querySelector('.heatmap-tip').hidden);
  return page.textContent('.heatmap-tip');
}

/** Zooms in twice with the + button: the cells are four times as large, the view centred. */
async function zoomIn(page) {
  const before = await geometry(page);
  await page.click('button[data-zoom="in"]');
  await page.click('button[data-zoom="in"]');
  const after = await geometry(page);
  assert.equal(after.zoom, 4);
  assert.ok(Math.abs(after.cell - 4 * before.cell) < 1e-9, `cells ${before.cell} -> ${after.cell}`);
  assert.ok(after.x0 < 0 && after.y0 < 0, 'the view moved to the middle');
  return after;
}

/** A cell near the middle of the matrix area shown (the middle itself is on the diagonal). */
function middleCell(g, area) {
  const c = Math.floor((area / 2 - (g.x0 - 36)) / g.cell);
  const r = Math.floor((area / 2 - (g.y0 - 36)) / g.cell);
  return [r, c + 3];
}

export function agreementTests(test, { api, visit, shot, fitsPhone, data }) {
  test('agreement: the dashboard’s heatmap is ordered as the server answers, names a pair on hover, zooms, marks a state and exports the matrix', async (page) => {
    await page.setViewportSize(WIDE);
    const m = await api('/api/alignment/matrix?by=session&period=74');
    const k = m.codes.length;
    assert.ok(k > 180, `${k} states in session 74`);
    await visit(page, 'agreement/session/74');
    await page.waitForSelector('.heatmap-frame canvas[data-cell]', { timeout: 60000 });
    // The server reads the UN votes on the first request (seconds on a busy machine).
    await page.waitForFunction(() => document.querySelector('#agreement-summary').textContent.includes('roll calls'), null, { timeout: 60000 });
    assert.match(await page.textContent('#agreement-summary'), new RegExp(`^Session 74: ${k} states, ${m.roll_calls} roll calls`));
    // The ordered matrix: the seriated order puts Syria first and the United States last.
    assert.equal(m.codes[0], 'SYR');
    assert.equal(m.codes[k - 1], 'USA');
    // Hover: the pair, its value and its common votes, as the server answers them.
    for (const [r, c] of [[3, 40], [k - 1, 2], [100, 150]]) {
      const p = pairIndex(r, c, k);
      const tip = await hover(page, r, c);
      assert.equal(tip, `${m.names[r]} – ${m.names[c]}: agreement (Voeten) ${m.agree[p].toFixed(3)}, ${m.n[p]} common votes`);
    }
    // Zoom: four times the cells, and the tip still names the cell under the pointer.
    const g = await zoomIn(page);
    const [r, c] = middleCell(g, g.cell * k / 4);
    const tip = await hover(page, r, c);
    assert.equal(tip, `${m.names[r]} – ${m.names[c]}: agreement (Voeten) ${m.agree[pairIndex(r, c, k)].toFixed(3)}, ${m.n[pairIndex(r, c, k)]} common votes`);
    // The wheel zooms out again around the pointer.
    await page.mouse.wheel(0, 2000);
    await page.waitForFunction(() => Number(document.querySelector('.heatmap-frame canvas').dataset.zoom) < 4);
    await page.click('button[data-zoom="reset"]');
    // Kappa: the same pairs, another measure.
    await page.selectOption('#agreement-measure', 'kappa');
    const kappaTip = await hover(page, 3, 40);
    const kv = m.kappa[pairIndex(3, 40, k)];
    assert.ok(kappaTip.includes(kv === null ? 'no common vote, or kappa undefined' : `Cohen’s kappa ${kv.toFixed(3)}`), kappaTip);
    await page.selectOption('#agreement-measure', 'agree');
    // A click on a row marks its state and links to its country page.
    await hover(page, k - 1, 5);
    await page.mouse.down();
    await page.mouse.up();
    await page.waitForFunction(() => document.querySelector('#agreement-state').value === 'USA');
    assert.equal(await page.getAttribute('#agreement-profile', 'href'), '#/country/USA');
    await page.selectOption('#agreement-state', 'FRA');
    assert.equal(await page.getAttribute('#agreement-profile', 'href'), '#/country/FRA');
    assert.match(await page.textContent('#agreement-marked'), new RegExp(`^France’s profile — row ${m.codes.indexOf('FRA') + 1} of ${k}; closest: `));
    // The matrix as CSV: a row and a column per state, in the heatmap's order, every digit.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#agreement-csv')]);
    assert.equal(download.suggestedFilename(), 'agreement-agree-session-74.csv');
    const lines = readFileSync(await download.path(), 'utf8').split('\r\n');
    assert.equal(lines.length, k + 2);
    assert.equal(lines[0], `state,${m.codes.join(',')}`);
    const row = lines[k].split(',');
    assert.equal(row[0], 'USA');
    assert.equal(row[k], '1');
    assert.equal(Number(row[1]), m.agree[pairIndex(k - 1, 0, k)]);
    // Another session and an issue, from the toolbar; the address follows.
    await page.selectOption('#agreement-issue', 'nu');
    await page.waitForFunction(() => location.hash === '#/agreement/session/74/nu');
    const nu = await api('/api/alignment/matrix?by=session&period=74&issue=nu');
    await page.waitForFunction((n) => document.querySelector('#agreement-summary').textContent.includes(`${n} roll calls (nuclear weapons)`), nu.roll_calls);
    assert.deepEqual(await seriousViolations(page), []);
    await shot(page, 'agreement-dashboard-1440');
    // A phone: no sideways scroll, and the heatmap still names a pair.
    await fitsPhone(page);
    const phoneTip = await hover(page, 1, 0);
    assert.ok(phoneTip.startsWith(`${nu.names[1]} – ${nu.names[0]}: `), phoneTip);
    assert.deepEqual(await seriousViolations(page), []);
    await shot(page, 'agreement-dashboard-390');
  });

  test('agreement: agreement.html opened from a file draws its heatmap from its embedded data, names pairs as agreement.csv has them, and zooms', async (page) => {
    const bin = process.env.SOFTPOWER_BIN;
    assert.ok(bin, 'SOFTPOWER_BIN names the softpower binary');
    const dir = mkdtempSync(join(tmpdir(), 'softpower-agreement-'));
    try {
      const made = spawnSync(bin, ['alignment', 'agreement', '--votes', join(data, 'un-votes'), '--out', dir], { encoding: 'utf8' });
      assert.equal(made.status, 0, made.stderr);
      // A small fraction of the 3.2 MB the page was before it drew on a canvas.
      const size = statSync(join(dir, 'agreement.html')).size;
      assert.ok(size < 400000, `agreement.html is ${size} bytes`);
      // agreement.csv's rows of session 59 (one of the six sessions drawn).
      const rows = new Map();
      for (const line of readFileSync(join(dir, 'agreement.csv'), 'utf8').split('\n')) {
        const f = line.split(',');
        if (f[0] === '59') rows.set(`${f[1]} ${f[2]}`, { n: Number(f[3]), agree: Number(f[4]) });
      }
      assert.ok(rows.size > 15000, `${rows.size} dyads in session 59`);
      await page.setViewportSize(WIDE);
      await page.goto(pathToFileURL(join(dir, 'agreement.html')).href);
      await page.waitForSelector('.heatmap-frame canvas[data-cell]');
      await page.selectOption('#period', '59');
      await page.waitForSelector('section[data-value="59"] tbody tr');
      // The table of session 59 gives the heatmap's order.
      const codes = await page.$$eval('section[data-value="59"] tbody tr', (trs) => trs.map((tr) => tr.dataset.code));
      const names = await page.$$eval('section[data-value="59"] tbody tr td:nth-child(2)', (tds) => tds.map((td) => td.firstChild.textContent.trim()));
      const k = codes.length;
      const check = (tip, r, c) => {
        const dyad = rows.get(codes[r] < codes[c] ? `${codes[r]} ${codes[c]}` : `${codes[c]} ${codes[r]}`);
        const match = tip.match(/^(.*) – (.*): agreement \(Voeten\) ([\d.]+), (\d+) common votes?$/);
        assert.ok(match, tip);
        assert.equal(match[1], names[r]);
        assert.equal(match[2], names[c]);
        assert.ok(Math.abs(Number(match[3]) - dyad.agree) <= 0.0005 + 1e-9, `${tip} against ${dyad.agree}`);
        assert.equal(Number(match[4]), dyad.n);
      };
      for (const [r, c] of [[0, 1], [k - 1, 10], [90, 120]]) check(await hover(page, r, c), r, c);
      const g = await zoomIn(page);
      const [r, c] = middleCell(g, g.cell * k / 4);
      check(await hover(page, r, c), r, c);
      // Clicking a row marks its state in the table.
      await page.mouse.down();
      await page.mouse.up();
      await page.waitForSelector(`section[data-value="59"] tr.chosen[data-code="${codes[r]}"]`);
      assert.deepEqual(await seriousViolations(page), []);
      await shot(page, 'agreement-html-1440');
      await fitsPhone(page);
      await page.click('button[data-zoom="reset"]');
      check(await hover(page, 2, 1), 2, 1);
      assert.deepEqual(await seriousViolations(page), []);
      await shot(page, 'agreement-html-390');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
