// Media series (GET /api/perception/series) drawn honestly: on a time axis, with every period
// of the data window that has no value as a gap (never bridged by the line), the events behind
// each point beneath, and change points only when the engine sought them. A series below the
// engine's minimums (docs/perception-shifts.md, "Thin data") says so, with the engine's reason.
import { chart, qualitative } from './charts.js';
import { html } from './ui.js';

const grey = '#a0aec0';

/** [start, value] pairs in time order, with [start, null] at each gap so the line breaks there. */
export function gappedLine(answer) {
  const rows = [
    ...answer.points.map((p) => [p.start, p.value]),
    ...(answer.gaps || []).map((g) => [g.start, null]),
  ];
  return rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** [start, events] of every period of the window (0 in periods the country lacks, none where the input has no data). */
function eventBars(answer) {
  const rows = [
    ...answer.points.map((p) => [p.start, p.events]),
    ...(answer.gaps || []).filter((g) => g.in_input).map((g) => [g.start, g.events]),
  ];
  return rows.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/** Consecutive periods the input has no event in, as [first start, last start] ranges. */
function noDataRanges(answer) {
  const all = [...answer.points.map((p) => ({ start: p.start, none: false })), ...(answer.gaps || []).map((g) => ({ start: g.start, none: !g.in_input }))];
  all.sort((a, b) => (a.start < b.start ? -1 : 1));
  const ranges = [];
  for (let k = 0; k < all.length; k++) {
    if (!all[k].none) continue;
    let j = k;
    while (j + 1 < all.length && all[j + 1].none) j++;
    ranges.push([all[k].start, all[j].start]);
    k = j;
  }
  return ranges;
}

const unitNames = { day: 'days', week: 'weeks', month: 'months', quarter: 'quarters', year: 'years' };

/**
 * One sentence on what the series rests on: its events, its window, how many periods of it
 * have data and a value, and why periods have none.
 */
export function windowSentence(answer) {
  const w = answer.window;
  if (!w) return 'No events in the data.';
  const units = unitNames[answer.by] || 'periods';
  const inInput = answer.points.length + answer.gaps.filter((g) => g.in_input).length;
  return `${w.events.toLocaleString('en')} events from ${w.first} to ${w.last}: ${w.periods} ${units}, ${inInput} of them in the data, ${answer.points.length} with a value${answer.min_events > 1 && answer.points.length < inInput ? ` (fewer than ${answer.min_events} events give none)` : ''}.`;
}

/** What the page says of change points: the engine's refusal, its shifts, or that it found none. */
export function shiftSentence(answer) {
  if (answer.refused) return `No change points sought: ${answer.refused}.`;
  if (!answer.shifts.length) return 'No change point found.';
  return `Change points: ${answer.shifts.map((s) => `${s.period} (${s.before.toFixed(2)} → ${s.after.toFixed(2)})`).join(', ')}.`;
}

/** The shared option pieces: a time axis over the window and the events as bars beneath. */
function axes(windows, measure) {
  const starts = windows.filter(Boolean);
  return {
    grid: [
      { left: 56, right: 24, top: 34, height: '52%' },
      { left: 56, right: 24, bottom: 28, height: '16%' },
    ],
    xAxis: [
      { type: 'time', gridIndex: 0, min: starts.length ? Math.min(...starts.map((w) => Date.parse(w.first_start))) : undefined, max: starts.length ? Math.max(...starts.map((w) => Date.parse(w.last_start))) : undefined, axisLabel: { hideOverlap: true } },
      { type: 'time', gridIndex: 1, min: starts.length ? Math.min(...starts.map((w) => Date.parse(w.first_start))) : undefined, max: starts.length ? Math.max(...starts.map((w) => Date.parse(w.last_start))) : undefined, axisLabel: { show: false } },
    ],
    yAxis: [
      { type: 'value', gridIndex: 0, name: measure, scale: true },
      { type: 'value', gridIndex: 1, name: 'events', nameTextStyle: { align: 'left' }, splitNumber: 2 },
    ],
  };
}

const when = (v) => (typeof v === 'number' ? new Date(v).toISOString().slice(0, 10) : String(v));

/**
 * The media panel of a country: the sentences and a chart of one series (answer of
 * GET /api/perception/series) into `el`. The chart's container gets data-points, data-gaps and
 * data-shifts for the browser tests.
 */
export function mediaPanel(el, answer, { id = 'perception-chart', label = 'Media tone over time' } = {}) {
  el.innerHTML = html`<p class="muted media-window">${windowSentence(answer)}</p>
    <p class="${answer.refused ? 'refused' : 'muted'} media-shifts" role="status">${shiftSentence(answer)}</p>
    <div class="chart media" id="${id}" role="img" aria-label="${label}, by ${answer.by}, on a time axis; gaps where there is no value"></div>`;
  const box = el.querySelector(`#${id}`);
  box.dataset.points = String(answer.points.length);
  box.dataset.gaps = String(answer.gaps.length);
  box.dataset.shifts = String(answer.shifts.length);
  const c = chart(box);
  c.setOption({
    aria: { enabled: true },
    color: qualitative,
    tooltip: { trigger: 'axis', axisPointer: { type: 'line' }, formatter: (ps) => tooltip(ps, answer) },
    ...axes([answer.window], answer.measure),
    series: [
      {
        name: answer.measure,
        type: 'line',
        xAxisIndex: 0,
        yAxisIndex: 0,
        data: gappedLine(answer),
        connectNulls: false,
        showSymbol: true,
        symbolSize: 6,
        markLine: answer.shifts.length
          ? { symbol: 'none', lineStyle: { color: qualitative[5], type: 'dashed' }, label: { formatter: 'shift' }, data: answer.shifts.map((s) => ({ xAxis: s.start })) }
          : undefined,
        markArea: { silent: true, itemStyle: { color: '#edf2f7' }, data: noDataRanges(answer).map(([a, b]) => [{ xAxis: a }, { xAxis: b }]) },
      },
      { name: 'events', type: 'bar', xAxisIndex: 1, yAxisIndex: 1, itemStyle: { color: grey }, barMaxWidth: 8, barMinHeight: 1, data: eventBars(answer) },
    ],
  });
  return c;
}

function tooltip(ps, answer) {
  const at = ps.length ? ps[0].value[0] : '';
  const key = when(at);
  const point = answer.points.find((p) => p.start === key);
  const gap = (answer.gaps || []).find((g) => g.start === key);
  if (point) return `${point.period}: ${point.value.toFixed(2)} (${point.events} events)`;
  if (gap) return gap.in_input ? `${gap.period}: ${gap.events} events, too few for a value` : `${gap.period}: no data`;
  return key;
}

/**
 * Two directed series of a dyad on one time axis (each a GET /api/perception/series answer),
 * each broken at its gaps, with the events of both beneath.
 */
export function dyadPanel(el, pairs, { id = 'tone-chart', label = 'Tone between the two countries' } = {}) {
  const withData = pairs.filter((p) => p.answer.window);
  el.innerHTML = html`${withData.map((p) => html`<p class="muted media-window"><strong>${p.name}:</strong> ${windowSentence(p.answer)} <span class="${p.answer.refused ? 'refused' : ''} media-shifts">${shiftSentence(p.answer)}</span></p>`)}
    <div class="chart media" id="${id}" role="img" aria-label="${label}, on a time axis; gaps where there is no value"></div>`;
  const box = el.querySelector(`#${id}`);
  box.dataset.shifts = String(pairs.reduce((n, p) => n + p.answer.shifts.length, 0));
  const c = chart(box);
  c.setOption({
    aria: { enabled: true },
    color: qualitative,
    legend: { top: 0, data: pairs.map((p) => p.name) },
    tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? v.toFixed(2) : 'no value') },
    ...axes(withData.map((p) => p.answer.window), 'tone'),
    series: [
      ...pairs.map((p, k) => ({
        name: p.name,
        type: 'line',
        xAxisIndex: 0,
        yAxisIndex: 0,
        connectNulls: false,
        data: gappedLine(p.answer),
        markLine: p.answer.shifts.length ? { symbol: 'none', lineStyle: { color: qualitative[k], type: 'dashed' }, data: p.answer.shifts.map((s) => ({ xAxis: s.start })) } : undefined,
      })),
      ...pairs.map((p, k) => ({ name: `${p.name}: events`, type: 'bar', xAxisIndex: 1, yAxisIndex: 1, barMaxWidth: 6, itemStyle: { color: qualitative[k], opacity: 0.5 }, data: eventBars(p.answer) })),
    ],
  });
  return c;
}
