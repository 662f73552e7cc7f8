// The page's state in its address (src/state.js), without a browser: a hash read back gives the
// state written, and links keep the index and year but not the page's own weights.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { current, href, parseHash, setState } from '../src/state.js';

test('a hash splits into the route and its query', () => {
  const { parts, query } = parseHash('#/country/C%C3%B4te?index=elcano.toml&year=2010');
  assert.deepEqual(parts, ['country', 'Côte']);
  assert.equal(query.get('index'), 'elcano.toml');
  assert.equal(query.get('year'), '2010');
  assert.deepEqual(parseHash('#/map').parts, ['map']);
  assert.equal(parseHash('').query.toString(), '');
});

test('the state is read from the address, bad values left out', () => {
  globalThis.location = { hash: '#/weights?index=asem.toml&year=x&w=Conn:2,Sust:0.5,bad,x:y&c=deu,FRA,<b>&p=Conn' };
  assert.deepEqual(current(), {
    index: 'asem.toml',
    year: null,
    weights: { Conn: 2, Sust: 0.5 },
    layer: 'Conn',
    countries: ['DEU', 'FRA'],
    method: {},
  });
});

test('weights round-trip exactly and method choices are kept', () => {
  globalThis.location = { hash: '#/weights' };
  globalThis.history = { replaceState: (_s, _t, hash) => (globalThis.location.hash = hash) };
  setState({ weights: { Conn: 1 / 3, Sust: 0.1 + 0.2 }, method: { treat: 'none', aggregate: 'geometric', level: '2' } }, { replace: true });
  assert.equal(location.hash, '#/weights?w=Conn:0.3333333333333333,Sust:0.30000000000000004&m=treat:none,aggregate:geometric,level:2');
  const s = current();
  assert.equal(s.weights.Conn, 1 / 3);
  assert.equal(s.weights.Sust, 0.1 + 0.2);
  assert.deepEqual(s.method, { treat: 'none', aggregate: 'geometric', level: '2' });
  // Method choices stay on their page, as the weights do.
  assert.equal(href('ranking'), '#/ranking');
  globalThis.location = { hash: '#/weights?m=treat:<b>,x:y,normalise:prank' };
  assert.deepEqual(current().method, { x: 'y', normalise: 'prank' });
});

test('links keep the index and year, not the weights, countries or map layer', () => {
  globalThis.location = { hash: '#/weights?index=elcano.toml&year=1990&w=soft_presence:2&c=DEU&p=x' };
  assert.equal(href('map'), '#/map?index=elcano.toml&year=1990');
  assert.equal(href('compare', { c: 'DEU,FRA' }), '#/compare?index=elcano.toml&year=1990&c=DEU,FRA');
  globalThis.location = { hash: '#/ranking' };
  assert.equal(href('method'), '#/method');
});
