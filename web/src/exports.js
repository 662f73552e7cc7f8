// Exports on every page: each table as CSV or Excel, each chart as PNG or SVG. One observer adds
// the buttons to whatever a page draws, so no page carries export code of its own.
//
// Tables are exported as shown (the page's rounded figures; the engine's own files, such as an
// index run's scores.csv, have every digit). A cell whose text is a plain number is a number in
// Excel. Excel files are written by write-excel-file (MIT, npm; maintained, one dependency,
// fflate): SheetJS's npm package is stale (0.18.5, with published advisories), and the engine
// writes no .xlsx itself. Charts: ECharts draws SVG (its renderToSVGString); PNG is that SVG
// drawn on a canvas at twice its size.
import { echarts } from './charts.js';

/** The text of a table as rows of cells: the header row, then the body's rows. */
export function tableRows(table) {
  const text = (cell) => cell.textContent.replace(/[▲▼]/g, '').replace(/\s+/g, ' ').trim();
  const head = [...table.querySelectorAll('thead tr')].slice(-1).map((tr) => [...tr.children].map(text));
  const body = [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map(text));
  return [...head, ...body];
}

/** RFC 4180: fields with a comma, a quote or a line break quoted, quotes doubled; CRLF ends a row. */
export function csvText(rows) {
  const field = (v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return rows.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

/** A number when the whole cell is one ("12.5", "-3", "1,234"), else null. */
export function plainNumber(text) {
  if (!/^-?\d{1,3}(,\d{3})*(\.\d+)?$|^-?\d+(\.\d+)?$/.test(text)) return null;
  return Number(text.replace(/,/g, ''));
}

async function xlsxBlob(rows) {
  // Loaded on the first Excel download only (a chunk of its own, 22 kB gzipped), not with every page.
  const { default: writeXlsxFile } = await import('write-excel-file/universal');
  const data = rows.map((r, k) =>
    r.map((v) => {
      const n = k === 0 ? null : plainNumber(v);
      return n === null ? { value: v, type: String, fontWeight: k === 0 ? 'bold' : undefined } : { value: n, type: Number };
    }),
  );
  return writeXlsxFile(data, { sheet: 'table' }).toBlob();
}

/** Downloads `blob` as a file called `name` (also for the pages' own downloads). */
export function saveBlob(blob, name) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

const slug = (text) => String(text || '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'item';

function baseName(el, kind) {
  const page = document.querySelector('main')?.dataset.page || 'page';
  const caption = el.id || el.querySelector?.('caption')?.textContent || el.getAttribute('aria-label') || kind;
  return `${page}-${slug(caption)}`;
}

/** The chart's SVG as text, with its size. */
function chartSvg(el) {
  const c = echarts.getInstanceByDom(el);
  if (!c) return null;
  return { svg: c.renderToSVGString(), width: c.getWidth(), height: c.getHeight() };
}

/** The SVG drawn on a white canvas at `scale` times its size, as a PNG blob. */
function pngBlob({ svg, width, height }, scale = 2) {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = width * scale;
      canvas.height = height * scale;
      const g = canvas.getContext('2d');
      g.fillStyle = '#fff';
      g.fillRect(0, 0, canvas.width, canvas.height);
      g.drawImage(img, 0, 0, canvas.width, canvas.height);
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be made'))), 'image/png');
    };
    img.onerror = () => reject(new Error('the chart could not be drawn as an image'));
    // A data: address: the Content-Security-Policy allows data: images.
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  });
}

function bar(kind, labels) {
  const div = document.createElement('div');
  div.className = `export-bar of-${kind}`; // not .chart: the observer would take it for a chart
  div.setAttribute('role', 'group');
  div.setAttribute('aria-label', `Download the ${kind}`);
  for (const [format, title] of labels) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'export';
    b.dataset.format = format;
    b.textContent = format.toUpperCase() === 'XLSX' ? 'Excel' : format.toUpperCase();
    b.title = title;
    div.append(b);
  }
  return div;
}

function failed(button, err) {
  button.textContent = 'failed';
  button.title = err.message || String(err);
}

function attachToTable(table) {
  table.dataset.exports = '1';
  const anchor = table.closest('.table-wrap') || table;
  // A page that draws its table anew inside the same frame keeps the frame's buttons.
  if (anchor.previousElementSibling?.classList.contains('export-bar')) return;
  const b = bar('table', [
    ['csv', 'This table as CSV (RFC 4180), as shown'],
    ['xlsx', 'This table as an Excel workbook, as shown'],
  ]);
  anchor.before(b);
  b.addEventListener('click', (e) => {
    const button = e.target.closest('button.export');
    const next = b.nextElementSibling;
    const current = next && (next.matches('table') ? next : next.querySelector('table'));
    if (!button || !current) return;
    const rows = tableRows(current);
    const name = baseName(current, 'table');
    if (button.dataset.format === 'csv') saveBlob(new Blob([csvText(rows)], { type: 'text/csv' }), `${name}.csv`);
    else xlsxBlob(rows).then((blob) => saveBlob(blob, `${name}.xlsx`)).catch((err) => failed(button, err));
  });
}

function attachToChart(el) {
  el.dataset.exports = '1';
  const b = bar('chart', [
    ['png', 'This chart as a PNG image (twice the size on screen)'],
    ['svg', 'This chart as an SVG drawing'],
  ]);
  el.after(b);
  b.addEventListener('click', (e) => {
    const button = e.target.closest('button.export');
    if (!button) return;
    const drawing = chartSvg(el);
    if (!drawing) return failed(button, new Error('the chart is not drawn yet'));
    const name = baseName(el, 'chart');
    if (button.dataset.format === 'svg') saveBlob(new Blob([drawing.svg], { type: 'image/svg+xml' }), `${name}.svg`);
    else pngBlob(drawing).then((blob) => saveBlob(blob, `${name}.png`)).catch((err) => failed(button, err));
    return undefined;
  });
}

/** Adds export buttons to every table and chart that appears under `root`, now and later. */
export function enableExports(root) {
  const mark = () => {
    for (const t of root.querySelectorAll('table:not([data-exports])')) if (t.querySelector('tbody tr')) attachToTable(t);
    for (const c of root.querySelectorAll('.chart:not([data-exports])')) attachToChart(c);
  };
  new MutationObserver(mark).observe(root, { childList: true, subtree: true });
  mark();
}
