// Unit tests of the dashboard's helpers that need no browser or server: `node --test test/`
// (npm test). parseCsv must read back what the engine's CsvWriter (core/csv_writer.hpp)
// writes: RFC 4180 quoting, shortest round-trip numbers, NaN as an empty cell.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from '../src/api.js';

test('quoted fields keep their commas, doubled quotes and line breaks', () => {
  // As CsvWriter writes a run's names: a comma, a quote and a line break inside fields.
  const text =
    'scenario,country,attraction\r\n' +
    '"media, platforms",KOR,0.25\r\n' +
    '"the ""digital"" strategy","Korea,\nRepublic of",-1.5e-7\r\n';
  assert.deepEqual(parseCsv(text), [
    { scenario: 'media, platforms', country: 'KOR', attraction: 0.25 },
    { scenario: 'the "digital" strategy', country: 'Korea,\nRepublic of', attraction: -1.5e-7 },
  ]);
});

test('numbers read back exactly, an empty cell is null, a quoted cell stays text', () => {
  const text = 'session,x,se,label\n1,0.1234567890123456,,"7"\n2,-3,1e+300,USA\n';
  assert.deepEqual(parseCsv(text), [
    { session: 1, x: 0.1234567890123456, se: null, label: '7' },
    { session: 2, x: -3, se: 1e300, label: 'USA' },
  ]);
});

test('a missing last cell is null and empty lines are left out', () => {
  assert.deepEqual(parseCsv('a,b\n\n1\n2,""\n'), [
    { a: 1, b: null },
    { a: 2, b: '' },
  ]);
  assert.deepEqual(parseCsv(''), []);
  assert.deepEqual(parseCsv('a,b\n'), []);
});
