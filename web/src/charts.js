// ECharts, with only the pieces the dashboard draws, rendered as SVG (crisp on any screen,
// and every country is a <path> the browser tests can inspect).
import * as echarts from 'echarts/core';
import { MapChart, BarChart, LineChart, ScatterChart, CustomChart, LinesChart } from 'echarts/charts';
import {
  TooltipComponent,
  GridComponent,
  GeoComponent,
  VisualMapComponent,
  LegendComponent,
  MarkLineComponent,
  MarkAreaComponent,
  TitleComponent,
  AriaComponent,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { feature } from 'topojson-client';
import world from 'world-atlas/countries-110m.json';
import numericToIso3 from './generated/codes.json';
import { score } from './format.js';
import { mainCentroid, unwrapAntimeridian } from './geo.js';

echarts.use([
  MapChart,
  BarChart,
  LineChart,
  ScatterChart,
  CustomChart,
  LinesChart,
  TooltipComponent,
  GridComponent,
  GeoComponent,
  VisualMapComponent,
  LegendComponent,
  MarkLineComponent,
  MarkAreaComponent,
  TitleComponent,
  AriaComponent,
  SVGRenderer,
]);

export { echarts };

/** Okabe & Ito's palette: told apart by every common form of colour blindness. */
export const qualitative = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

/** Viridis, sampled: ordered, perceptually even, readable in grey and by colour-blind readers. */
export const sequential = ['#440154', '#482878', '#3e4989', '#31688e', '#26828e', '#1f9e89', '#35b779', '#6ece58', '#b5de2b', '#fde725'];

/** Blue to orange through grey for rank moves (up good, down bad, no red–green). */
export const diverging = { up: '#0072B2', down: '#D55E00', same: '#777777' };

const open = new Set();

export function chart(el) {
  const c = echarts.init(el, null, { renderer: 'svg' });
  // Short entry animations: the page answers a slider within a frame or two.
  c.setOption({ animationDuration: 250, animationDurationUpdate: 150 });
  open.add(c);
  return c;
}

/**
 * A horizontal chart of pillar scores (0–100), one row per pillar of `pillars` ({name}) and
 * the given series (bars or markers), for the country and compare pages.
 */
export function pillarChart(el, pillars, series) {
  const c = chart(el);
  c.setOption({
    aria: { enabled: true },
    color: qualitative,
    tooltip: { trigger: 'axis', valueFormatter: (v) => score(v) },
    legend: { top: 0 },
    grid: { left: 110, right: 20, top: 30, bottom: 25 },
    xAxis: { type: 'value', min: 0, max: 100 },
    yAxis: { type: 'category', inverse: true, data: pillars.map((p) => p.name) },
    series,
  });
  return c;
}

/** Disposes every chart of the page being left. */
export function disposeCharts() {
  for (const c of open) c.dispose();
  open.clear();
}

window.addEventListener('resize', () => {
  for (const c of open) c.resize();
});

let registered = false;
const centroids = new Map();

/** Where registerWorld's map draws the country (its main centroid), or undefined. */
export function centroid(iso3) {
  return centroids.get(iso3);
}

/**
 * Registers world-atlas's 110m countries as the map 'world', each feature carrying its
 * ISO3 code in properties.iso3 (from the ISO numeric id, through the server's
 * GET /api/countries or the build's copy of the registry; by name for the few features
 * Natural Earth leaves without one, through the registry's names).
 */
export function registerWorld(countries) {
  if (registered) return;
  const byName = new Map();
  const byNumeric = new Map();
  for (const c of countries || []) {
    byName.set(c.name.toLowerCase(), c.iso3);
    if (c.iso_numeric && c.iso3) byNumeric.set(Number(c.iso_numeric), c.iso3);
  }
  const geo = feature(world, world.objects.countries);
  for (const f of geo.features) {
    // The server's registry first; the copy of it taken at build time when the server's list
    // is not there.
    const iso3 = (f.id && (byNumeric.get(Number(f.id)) || numericToIso3[f.id])) || byName.get(String(f.properties.name).toLowerCase()) || '';
    f.properties.iso3 = iso3 || `?${f.properties.name}`;
  }
  // Antarctica takes a fifth of the map and has no score.
  geo.features = geo.features.filter((f) => f.properties.iso3 !== 'ATA');
  for (const f of geo.features) {
    unwrapAntimeridian(f.geometry);
    const c = mainCentroid(f.geometry);
    if (c) centroids.set(f.properties.iso3, c);
  }
  echarts.registerMap('world', geo);
  registered = true;
}

/**
 * A choropleth of values by ISO3. `values` is [{iso3, name, value}]; onClick(iso3).
 */
export function worldMap(el, values, { title = '', onClick, min = 0, max = 100, label = 'score' } = {}) {
  const c = chart(el);
  const names = new Map(values.map((v) => [v.iso3, v.name]));
  c.setOption({
    aria: { enabled: true, description: `World map of ${label} by country` },
    title: title ? { text: title, left: 'center', textStyle: { fontSize: 14, fontWeight: 'normal' } } : undefined,
    tooltip: {
      trigger: 'item',
      formatter: (p) => {
        const name = names.get(p.name) || p.name.replace(/^\?/, '');
        const v = Number.isFinite(p.value) ? p.value.toFixed(1) : 'no score';
        return `${name}: ${v}`;
      },
    },
    visualMap: {
      min,
      max,
      text: ['high', 'low'],
      calculable: true,
      inRange: { color: sequential },
      left: 10,
      bottom: 20,
    },
    series: [
      {
        type: 'map',
        map: 'world',
        nameProperty: 'iso3',
        roam: true,
        scaleLimit: { min: 1, max: 8 },
        emphasis: { label: { show: false }, itemStyle: { areaColor: '#E69F00' } },
        select: { disabled: true },
        itemStyle: { areaColor: '#e6e6e6', borderColor: '#999', borderWidth: 0.4 },
        data: values.map((v) => ({ name: v.iso3, value: v.value })),
      },
    ],
  });
  if (onClick) c.on('click', (p) => p.name && !p.name.startsWith('?') && onClick(p.name));
  return c;
}

/** Updates a map made by worldMap with new values, keeping zoom and pan. */
export function updateMap(c, values) {
  c.setOption({ series: [{ data: values.map((v) => ({ name: v.iso3, value: v.value })) }] });
}

/**
 * A world map of flows: countries filled with `colour(iso3)` (or grey), and each tie
 * {from, to, weight} drawn as a line between the countries' centroids, its width by weight
 * (arrows when `directed`). Ties with a country the map lacks are left out; the container's
 * data-flows says how many were drawn. onClick(iso3).
 */
export function flowMap(el, { regions, ties, directed = false, tooltip, onClick }) {
  // Drawn again on the same chart (zoom and pan kept by the page's next draw).
  const c = echarts.getInstanceByDom(el) || chart(el);
  c.off('click');
  const drawn = ties.filter((t) => centroid(t.from) && centroid(t.to));
  const max = Math.max(1e-300, ...drawn.map((t) => t.weight));
  c.setOption(
    {
      aria: { enabled: true, description: `World map of ${drawn.length} ties between countries` },
      tooltip: { trigger: 'item', formatter: tooltip },
      geo: {
        map: 'world',
        nameProperty: 'iso3',
        roam: true,
        scaleLimit: { min: 1, max: 8 },
        tooltip: { show: true },
        emphasis: { label: { show: false }, itemStyle: { areaColor: '#E69F00' } },
        select: { disabled: true },
        itemStyle: { areaColor: '#e6e6e6', borderColor: '#999', borderWidth: 0.4 },
        regions: regions.map((r) => ({ name: r.iso3, itemStyle: { areaColor: r.colour } })),
      },
      series: [
        {
          type: 'lines',
          coordinateSystem: 'geo',
          silent: true,
          symbol: directed ? ['none', 'arrow'] : 'none',
          symbolSize: 5,
          lineStyle: { color: '#333333', opacity: 0.45, curveness: 0.2 },
          data: drawn.map((t) => ({
            coords: [centroid(t.from), centroid(t.to)],
            lineStyle: { width: 0.4 + 2.6 * (t.weight / max) },
          })),
        },
      ],
    },
    true,
  );
  el.dataset.flows = String(drawn.length);
  if (onClick) c.on('click', (p) => p.componentType === 'geo' && p.name && !p.name.startsWith('?') && onClick(p.name));
  return c;
}
