// The heatmap's arithmetic (src/heatmap.js), without a browser: the pairs of the upper triangle
// in the engine's order (alignment::AgreementMatrix::pair), and the colour steps of the legend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { colour, MEASURES, pairIndex } from '../src/heatmap.js';

test('pairs run row by row through the upper triangle, in either order', () => {
  const k = 5;
  const seen = [];
  for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) seen.push(pairIndex(i, j, k));
  assert.deepEqual(seen, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(pairIndex(4, 1, k), pairIndex(1, 4, k));
  assert.equal(pairIndex(0, 192, 193), 191);
  assert.equal(pairIndex(191, 192, 193), (193 * 192) / 2 - 1);
});

test('colours: twenty steps from the scale\'s light end to its dark end, white at kappa 0', () => {
  const agree = MEASURES.agree;
  // The first step's middle (0.025) and the last's (0.975) between the engine's blues.
  assert.deepEqual(colour(agree, 0), colour(agree, 0.049));
  assert.notDeepEqual(colour(agree, 0.049), colour(agree, 0.05));
  assert.deepEqual(colour(agree, 1), colour(agree, 0.96));
  assert.deepEqual(colour(agree, -3), colour(agree, 0));
  assert.ok(colour(agree, 1)[2] < colour(agree, 0)[2], 'darker at 1');
  // Kappa: the steps either side of 0 are near the middle stop (245, 243, 240).
  const mid = colour(MEASURES.kappa, 0);
  assert.ok(mid.every((c, n) => Math.abs(c - [245, 243, 240][n]) < 12), String(mid));
  assert.ok(colour(MEASURES.kappa, -1)[0] > colour(MEASURES.kappa, -1)[2], 'orange below chance');
  assert.ok(colour(MEASURES.kappa, 1)[2] > colour(MEASURES.kappa, 1)[0], 'blue above');
});
