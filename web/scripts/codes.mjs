// Writes src/generated/codes.json: ISO 3166 numeric code -> ISO3, read from the engine's
// own country registry (src/softpower/core/countries.csv). world-atlas keys its countries by
// ISO 3166 numeric id, the API by ISO3; GET /api/countries does not give the numeric code,
// so the build takes it from the registry the server is compiled from.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const registry = join(here, '..', '..', 'src', 'softpower', 'core', 'countries.csv');
const outFile = join(here, '..', 'src', 'generated', 'codes.json');

// The registry has no quoted commas before the aliases column, which is last; split the
// header to find the columns by name rather than by position.
const lines = readFileSync(registry, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
const header = lines[0].split(',');
const col = (name) => {
  const k = header.indexOf(name);
  if (k < 0) throw new Error(`${registry}: no column '${name}'`);
  return k;
};
const iso3 = col('iso3');
const numeric = col('iso_numeric');
const m49 = col('m49');
const status = col('status');
const validTo = col('valid_to');

const byNumeric = {};
for (const line of lines.slice(1)) {
  const f = line.split(',');
  const code = f[iso3];
  if (!code) continue;
  // Current states win over historical ones sharing a number.
  const current = Number(f[validTo]) >= 9999;
  for (const n of [f[numeric], f[m49]]) {
    const k = Number(n);
    if (!Number.isInteger(k) || k <= 0) continue;
    const key = String(k).padStart(3, '0');
    if (byNumeric[key] && !current) continue;
    if (byNumeric[key] && byNumeric[key].current && f[status] !== 'member') continue;
    byNumeric[key] = { iso3: code, current };
  }
}
const out = Object.fromEntries(Object.entries(byNumeric).map(([k, v]) => [k, v.iso3]));
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(out) + '\n');
console.log(`codes: ${Object.keys(out).length} numeric codes -> ISO3 in ${outFile}`);
