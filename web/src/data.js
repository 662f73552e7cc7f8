// What several pages share, fetched once per visit: the dashboard index's scores and the
// country registry.
import { getJSONOnce } from './api.js';

export function scores({ fresh = false } = {}) {
  return getJSONOnce('/api/index/scores', { fresh });
}

export function countries() {
  return getJSONOnce('/api/countries');
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
