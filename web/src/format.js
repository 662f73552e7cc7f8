// Numbers as an analyst reads them.

const dash = '—';

export function score(v, digits = 1) {
  return v === null || v === undefined || Number.isNaN(v) ? dash : Number(v).toFixed(digits);
}

export function rank(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return dash;
  // Ties share a mean rank (e.g. 12.5).
  return Number.isInteger(v) ? String(v) : Number(v).toFixed(1);
}

export function interval(iv) {
  if (!iv) return dash;
  const lo = Math.round(iv.q05);
  const hi = Math.round(iv.q95);
  return lo === hi ? `${lo}` : `${lo}–${hi}`;
}

export function number(v, digits = 2) {
  if (v === null || v === undefined || Number.isNaN(v)) return dash;
  const a = Math.abs(v);
  if (a >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (a >= 1e4) return `${(v / 1e3).toFixed(0)}k`;
  if (Number.isInteger(v)) return v.toLocaleString('en');
  return Number(v).toFixed(digits);
}

export function seconds(s) {
  if (s === null || s === undefined) return dash;
  if (s < 1) return `${Math.round(s * 1000)} ms`;
  if (s < 120) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** Attempted interactions on time axes: 200k, 1.5M. */
export function events(v) {
  if (v >= 1e6) return `${+(v / 1e6).toFixed(1)}M`;
  if (v >= 1e3) return `${+(v / 1e3).toFixed(1)}k`;
  return String(v);
}

export function escapeHtml(text) {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}
