// Browser tests of the dashboard's tools (issue 17): honest thin data in the media series. Run
// by dashboard.e2e.mjs, which calls register() with its helpers and server; every test runs at
// 1440 px and at 390 px, with a screenshot of each in $SOFTPOWER_E2E_OUT (tools-*.png).
import assert from 'node:assert/strict';

/** The sizes every test here runs at: a wide laptop and a phone. */
const widths = [
  { name: '1440', width: 1440, height: 900 },
  { name: '390', width: 390, height: 844 },
];

export function register({ test, api, visit, drawn, shot, fitsPhone }) {
  /** Runs `body(page, size)` at each width, with a screenshot `tools-<name>-<width>.png`. */
  const atBothWidths = (name, body) => async (page) => {
    for (const size of widths) {
      await page.setViewportSize({ width: size.width, height: size.height });
      await body(page, size);
      await shot(page, `tools-${name}-${size.name}`);
      if (size.width === 390) await fitsPhone(page);
    }
  };

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
