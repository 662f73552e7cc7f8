// Browser tests of the method choices that matter (issue 17): the weights page's normalisation,
// outlier treatment and aggregation controls with the Sobol' indices beside them, weights kept
// exactly, and the workspace's specs in the index picker. Registered into
// web/e2e/dashboard.e2e.mjs, which starts the server and runs them with its own tests; each
// runs at 1440 px and at 390 px, with screenshots (m-*.png) beside the others.
//
// As there, every test compares what the page shows with what the server answers.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seriousViolations } from './tools.e2e.mjs';

const checkout = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const WIDE = { width: 1440, height: 900 };

/**
 * Adds the method tests through `test(name, fn)`; `env` is the analyst tests' (api, visit, shot,
 * drawn, fitsPhone, scores, workspace).
 */
export function methodTests(test, env) {
  const { api, visit, shot, fitsPhone } = env;
  const rows = (page) => page.$$eval('#reweighted tbody tr', (trs) => trs.map((tr) => tr.dataset.iso3));
  const settledAfter = (page, seq) => page.waitForFunction((s) => Number(document.querySelector('main').dataset.reweighted || 0) > s, seq);
  const seqOf = (page) => page.$eval('main', (m) => Number(m.dataset.reweighted || 0));

  test('method: normalisation, treatment and aggregation controls, with the Sobol’ indices beside them', async (page) => {
    await page.setViewportSize(WIDE);
    const own = env.scores();
    await visit(page, 'weights');
    await page.waitForSelector('#m-treat');
    await page.waitForFunction(() => document.querySelector('main').dataset.reweighted);
    // The spec's own method is the nominal ranking: no country moved.
    assert.deepEqual(await rows(page), own.units.map((u) => u.iso3));
    assert.match(await page.textContent('#weights-status'), /^0 of \d+ countries changed rank/);
    // No treatment: the page's ranking is the engine's (order and every score), the address says so.
    const untreated = await api('/api/index/choices?treat=none');
    assert.ok(untreated.moved > 0, 'the treatment matters');
    let seq = await seqOf(page);
    await page.selectOption('#m-treat', 'none');
    await settledAfter(page, seq);
    assert.deepEqual(await rows(page), untreated.ranking.map((u) => u.iso3));
    const scoresShown = await page.$$eval('#reweighted tbody tr td:nth-child(4)', (tds) => tds.map((t) => t.textContent));
    assert.deepEqual(scoresShown, untreated.ranking.map((u) => (u.score === null ? '—' : u.score.toFixed(1))));
    assert.match(await page.textContent('#weights-status'), new RegExp(`^${untreated.moved} of ${untreated.ranking.length} countries changed rank`));
    await page.waitForFunction(() => location.hash.includes('m=treat:none'));
    // Geometric means of the pillars on percentile ranks, with a pillar's weight at 2: the engine's.
    const pillar = own.pillars[0];
    const mixed = await api(`/api/index/choices?treat=none&normalise=rank&aggregate=geometric&level=2&weights=${pillar}%3D2`);
    seq = await seqOf(page);
    await page.selectOption('#m-normalise', 'rank');
    await page.selectOption('#m-aggregate', 'geometric');
    await page.selectOption('#m-level', '2');
    await page.fill(`#wn-${pillar}`, '2');
    await page.waitForFunction((want) => [...document.querySelectorAll('#reweighted tbody tr')].map((tr) => tr.dataset.iso3).join() === want, mixed.ranking.map((u) => u.iso3).join());
    assert.ok((await seqOf(page)) > seq);
    const address = await page.evaluate(() => location.hash);
    assert.match(address, /m=normalise:rank,treat:none,aggregate:geometric,level:2/);
    assert.match(address, new RegExp(`w=[^&]*${pillar}:2`));
    // The address gives the same page again.
    await page.reload();
    await page.waitForFunction(() => document.querySelector('main').dataset.reweighted);
    assert.equal(await page.$eval('#m-aggregate', (s) => s.value), 'geometric');
    assert.equal(await page.$eval('#m-level', (s) => s.value), '2');
    assert.deepEqual(await rows(page), mixed.ranking.map((u) => u.iso3));
    // Back to the spec's method: the ranking under the weights alone, from the reweighting.
    const reweighted = await api('/api/index/reweight', { weights: { ...own.weights, [pillar]: 2 }, pillars: false });
    seq = await seqOf(page);
    await page.click('#method-reset');
    await settledAfter(page, seq);
    assert.deepEqual(await rows(page), reweighted.ranking.map((u) => u.iso3));
    await shot(page, 'm01-weights-method');

    // The Sobol' indices: none recorded for the server's index, so the button runs them as a job;
    // the table then shows the server's indices and the sentence names the largest total order.
    await page.waitForSelector('#sensitivity-run');
    await page.click('#sensitivity-run');
    await page.waitForSelector('#sensitivity-table tbody tr', { timeout: 120000 });
    const sens = (await api('/api/index/choices')).sensitivity;
    assert.ok(sens && sens.inputs.length >= 2, 'the server keeps the indices');
    const shown = await page.$$eval('#sensitivity-table tbody tr', (trs) => trs.map((tr) => [tr.dataset.input, tr.children[2].textContent]));
    const byST = [...sens.inputs].sort((a, b) => b.ST - a.ST);
    assert.deepEqual(shown, byST.map((i) => [i.input, `${i.ST.toFixed(2)} [${i.ST_lo.toFixed(2)}, ${i.ST_hi.toFixed(2)}]`]));
    const words = await page.textContent('#sensitivity-words');
    assert.match(words, new RegExp(`drives the ranking: .*total-order index ${byST[0].ST.toFixed(2)}`));
    assert.match(await page.textContent('#sensitivity-source'), new RegExp(`Computed on this server: N = ${sens.base_runs}`));
    assert.deepEqual(await seriousViolations(page), []);
    await shot(page, 'm02-weights-sensitivity');
    await fitsPhone(page);
    await shot(page, 'm03-weights-method-390px');
  });

  test('method: weights typed exactly, kept in the address', async (page) => {
    await page.setViewportSize(WIDE);
    const own = env.scores();
    const [a, b] = own.pillars;
    const third = 1 / 3;
    const want = await api('/api/index/reweight', { weights: { ...own.weights, [a]: third }, pillars: false });
    await visit(page, `weights?w=${a}:${third}`);
    await page.waitForFunction(() => document.querySelector('main').dataset.reweighted);
    // The number field holds the weight exactly; the slider shows it to its step.
    assert.equal(await page.$eval(`#wn-${a}`, (i) => i.value), String(third));
    assert.equal(await page.$eval(`#w-${a}`, (i) => i.value), '0.3');
    assert.deepEqual(await rows(page), want.ranking.map((u) => u.iso3));
    // Typing a weight: the ranking is the engine's for exactly that weight, the address keeps it.
    const typed = await api('/api/index/reweight', { weights: { ...own.weights, [a]: third, [b]: 0.125 }, pillars: false });
    const seq = await seqOf(page);
    await page.fill(`#wn-${b}`, '0.125');
    await settledAfter(page, seq);
    assert.deepEqual(await rows(page), typed.ranking.map((u) => u.iso3));
    const address = await page.evaluate(() => location.hash);
    assert.ok(address.includes(`${a}:${third}`) && address.includes(`${b}:0.125`), address);
    assert.equal(await page.$eval(`#w-${b}`, (i) => i.value), '0.1');
    await shot(page, 'm04-weights-exact');
    await fitsPhone(page);
    await shot(page, 'm05-weights-exact-390px');
  });

  test('method: a spec saved in the workspace is in the index picker by its name', async (page) => {
    if (!env.workspace()) return; // a server not started here: no run can be recorded in it
    await page.setViewportSize(WIDE);
    // A user's own variant of ASEM, recorded by a run and then deleted: only its saved text is left.
    const scratch = mkdtempSync(join(tmpdir(), 'softpower-e2e-method-'));
    try {
      const spec = join(scratch, 'my-asem.toml');
      writeFileSync(spec, readFileSync(join(checkout, 'examples', 'asem.toml'), 'utf8').replace('name = "ASEM Sustainable Connectivity (COINr example)"', 'name = "My ASEM variant"'));
      const r = spawnSync(process.env.SOFTPOWER_BIN, ['index', 'uncertainty', spec, '--runs', '10', '--data', env.data, '--workspace', env.workspace(), '--out', join(scratch, 'u')], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    const list = await api('/api/index/list');
    const saved = list.indices.filter((i) => i.saved);
    assert.deepEqual(saved.map((i) => [i.spec, i.name, i.file]), [['saved:my-asem', 'My ASEM variant', 'my-asem.toml']]);
    const mine = await api('/api/index/scores?saved=my-asem');
    await visit(page, 'ranking');
    await page.waitForSelector('#index-picker optgroup option', { state: 'attached' });
    assert.equal(await page.$eval('#index-picker optgroup', (g) => g.label), 'Saved in the workspace');
    assert.equal(await page.$eval('#index-picker optgroup option', (o) => o.textContent), 'My ASEM variant (my-asem)');
    await page.selectOption('#index-picker', 'saved:my-asem');
    await page.waitForFunction(() => location.hash === '#/ranking?index=saved:my-asem');
    await page.waitForFunction((n) => document.querySelectorAll('table.ranking tbody tr').length === n, mine.units.length);
    assert.deepEqual(await page.$$eval('table.ranking tbody tr', (trs) => trs.map((tr) => tr.dataset.iso3)), mine.units.map((u) => u.iso3));
    await page.waitForFunction(() => /My ASEM variant, 2018/.test(document.querySelector('#index-name').textContent));
    // Its method choices work as for any index.
    const untreated = await api('/api/index/choices?saved=my-asem&treat=none');
    await visit(page, 'weights?index=saved:my-asem&m=treat:none');
    await page.waitForFunction((want) => [...document.querySelectorAll('#reweighted tbody tr')].map((tr) => tr.dataset.iso3).join() === want, untreated.ranking.map((u) => u.iso3).join());
    await shot(page, 'm06-saved-spec-weights');
    await fitsPhone(page);
    await shot(page, 'm07-saved-spec-weights-390px');
  });
}
