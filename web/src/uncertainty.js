// Rank intervals for the index and year shown, without recomputing: those the server computed
// (POST /api/index/intervals, already in GET /api/index/scores), else the rank_intervals.csv of
// the workspace's latest `index uncertainty` run of the same spec file and year (GET /api/runs,
// GET /api/runs/{id}/results/rank_intervals.csv).
import { getJSON, getText, parseCsv } from './api.js';

const fileName = (path) => String(path || '').split('/').pop();

/**
 * The workspace's latest recorded run of `operation` ('index uncertainty', 'index sensitivity')
 * on this index (the same spec file) and year, or null.
 */
export async function recordedRun(s, operation = 'index uncertainty') {
  const list = await getJSON('/api/runs?limit=500');
  const last = s.years[s.years.length - 1];
  return (
    list.runs.find(
      (r) =>
        r.operation === operation &&
        r.status === 'ok' &&
        fileName(r.parameters?.spec) === fileName(s.spec) &&
        Number(r.parameters?.year ?? last) === s.year,
    ) || null
  );
}

/**
 * {byUnit: Map iso3 -> {q05, q95, median, mean}, source: words saying where they come from,
 * run: the recorded run or null}, or null when there are none (nor a workspace).
 */
export async function rankIntervals(s) {
  if (s.intervals) {
    const byUnit = new Map(s.units.filter((u) => u.interval).map((u) => [u.iso3, u.interval]));
    return { byUnit, run: null, source: `computed on this server: ${s.intervals.runs} Monte Carlo replications (seed ${s.intervals.seed})` };
  }
  const run = await recordedRun(s).catch(() => null);
  if (!run) return null;
  const rows = parseCsv(await getText(`/api/runs/${run.id}/results/rank_intervals.csv`));
  const byUnit = new Map(rows.map((r) => [r.unit, { q05: r.q05, q95: r.q95, median: r.median, mean: r.mean }]));
  const runs = run.summary?.runs ?? run.parameters?.runs;
  return {
    byUnit,
    run,
    source: `recorded in the workspace: run ${run.id} of index uncertainty (${runs} replications, seed ${run.parameters?.seed ?? 'default'}, ${run.started_at.slice(0, 10)})`,
  };
}
