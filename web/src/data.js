// What several pages share, fetched once per visit: the dashboard index's scores and the
// country registry.
import { getJSON } from './api.js';

let scoresPromise = null;
let countriesPromise = null;

export function scores({ fresh = false } = {}) {
  if (!scoresPromise || fresh) {
    scoresPromise = getJSON('/api/index/scores');
    scoresPromise.catch(() => {
      scoresPromise = null;
    });
  }
  return scoresPromise;
}

export function countries() {
  if (!countriesPromise) {
    countriesPromise = getJSON('/api/countries');
    countriesPromise.catch(() => {
      countriesPromise = null;
    });
  }
  return countriesPromise;
}

/** The index's pillar codes with their names from the framework tree. */
export function pillarInfo(s) {
  const byCode = new Map(s.framework.map((n) => [n.code, n]));
  return s.pillars.map((code) => {
    const node = byCode.get(code) || {};
    const indicators = (node.children || []).map((c) => byCode.get(c)?.name || c);
    return { code, name: node.name || code, weight: s.weights[code], indicators };
  });
}
