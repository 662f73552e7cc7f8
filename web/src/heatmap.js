// The agreement heatmap: a states × states matrix drawn on a <canvas>, zoomable (wheel, the
// buttons, + and −, a double click) and movable (drag, the arrow keys once zoomed), naming the
// pair, its value and its common votes under the pointer, and marking a chosen state's row and
// column. One module for the dashboard's agreement page (web/src/pages/agreement.js) and for
// the engine's agreement.html, which embeds this file's text in its own script (CMake compiles
// it into the binary): so it imports nothing and uses only what a browser has.
//
// A matrix is given as its states in display order and the upper triangle of its pairs without
// the diagonal, row by row: (0,1), (0,2) … (0,k−1), (1,2) … — as alignment::AgreementMatrix
// holds them. A value of null or NaN is a pair without one (drawn blank).

// The engine's page colours (report/html.cpp): light to dark blue, and orange–white–blue.
const BLUES = [[238, 243, 249], [195, 215, 236], [127, 169, 212], [58, 118, 180], [15, 63, 120]];
const ORANGE_BLUE = [[180, 83, 15], [232, 164, 106], [245, 243, 240], [140, 181, 222], [31, 91, 158]];
const STEPS = 20;
const BLANK = [255, 255, 255];

/** The two measures the heatmaps draw, with their range, colours and what a blank cell means. */
export const MEASURES = {
  agree: { key: 'agree', label: 'agreement (Voeten)', lo: 0, hi: 1, stops: BLUES, missing: 'no common vote' },
  kappa: { key: 'kappa', label: 'Cohen’s kappa', lo: -1, hi: 1, stops: ORANGE_BLUE, missing: 'no common vote, or kappa undefined' },
};

/** The index of the pair of states i and j (i ≠ j) among k in the upper triangle. */
export function pairIndex(i, j, k) {
  const a = Math.min(i, j);
  const b = Math.max(i, j);
  return (a * (2 * k - a - 1)) / 2 + (b - a - 1);
}

const present = (v) => v !== null && v !== undefined && !Number.isNaN(v);

/** The colour step (0 … 19) of a value on a measure's scale, as an [r, g, b] triple. */
export function colour(measure, v) {
  const t = Math.min(Math.max((v - measure.lo) / (measure.hi - measure.lo), 0), 1);
  const step = Math.min(Math.floor(t * STEPS), STEPS - 1);
  const x = ((step + 0.5) / STEPS) * (measure.stops.length - 1);
  const i = Math.min(Math.floor(x), measure.stops.length - 2);
  const f = x - i;
  return measure.stops[i].map((c, n) => Math.round(c + (measure.stops[i + 1][n] - c) * f));
}

const rgb = (c) => `rgb(${c[0]},${c[1]},${c[2]})`;

/** A measure's colour scale as a small canvas with five ticks, inside `el` (emptied). */
export function legend(el, measure) {
  const width = 268;
  const height = 36;
  const canvas = document.createElement('canvas');
  const ratio = window.devicePixelRatio || 1;
  canvas.width = width * ratio;
  canvas.height = height * ratio;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  canvas.setAttribute('role', 'img');
  const ends = measure.lo < 0 ? `${measure.lo} (orange) through 0 (white)` : `${measure.lo} (light)`;
  canvas.setAttribute('aria-label', `Colour scale: ${measure.label} from ${ends} to ${measure.hi} (dark blue)`);
  const g = canvas.getContext('2d');
  g.scale(ratio, ratio);
  const w = 12;
  for (let s = 0; s < STEPS; s++) {
    g.fillStyle = rgb(colour(measure, measure.lo + ((s + 0.5) / STEPS) * (measure.hi - measure.lo)));
    g.fillRect(14 + s * w, 2, w, 12);
  }
  g.fillStyle = '#4a5568';
  g.font = '11px system-ui, sans-serif';
  g.textAlign = 'center';
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    g.fillText((measure.lo + t * (measure.hi - measure.lo)).toFixed(2), 14 + STEPS * w * t, 30);
  }
  el.replaceChildren(canvas);
}

const MARGIN = 36; // room for the codes, left and on top
const MAX_ZOOM = 48;
function make(tag, props, style) {
  const node = document.createElement(tag);
  Object.assign(node, props || {});
  Object.assign(node.style, style || {});
  return node;
}

/**
 * Draws a heatmap into `root` (emptied): zoom buttons, the canvas and its tip.
 * options: codes, names (display names, as codes), values and counts (the upper triangle),
 * measure (one of MEASURES), title (the canvas's label), selected (a code or null),
 * onSelect(code) when a state is chosen (a click on a row or column, Enter on the keyboard).
 * Returns { update(options), select(code), cellAt(x, y), destroy() }.
 */
export function heatmap(root, options) {
  let o = { ...options };
  let k = o.codes.length;
  let zoom = 1;
  let ox = 0; // the matrix's offset in the frame once zoomed (≤ 0), CSS pixels
  let oy = 0;
  let cursor = null; // the cell the keyboard points at: [row, column]
  let selected = o.selected ?? null;
  let image = null; // one pixel per cell, drawn once per matrix

  const tools = make('div', { className: 'heatmap-tools' });
  tools.setAttribute('role', 'group');
  tools.setAttribute('aria-label', 'Zoom the heatmap');
  const button = (text, label, action) => {
    const b = make('button', { type: 'button', textContent: text, className: 'heatmap-zoom' });
    b.setAttribute('aria-label', label);
    b.dataset.zoom = action;
    tools.append(b);
    return b;
  };
  button('+', 'Zoom in', 'in');
  button('−', 'Zoom out', 'out');
  button('Reset', 'Reset the zoom: the whole matrix', 'reset');
  const hint = make('span', { className: 'heatmap-hint', textContent: 'Hover a cell for the pair; wheel, + and − zoom; drag or arrow keys move; click a row to mark its state.' }, { fontSize: '13px', color: '#5a6572' });
  tools.append(hint);
  const frame = make('div', { className: 'heatmap-frame' }, { position: 'relative', width: '100%', touchAction: 'none' });
  const canvas = make('canvas', { tabIndex: 0 }, { display: 'block', cursor: 'crosshair' });
  canvas.setAttribute('role', 'img');
  const tip = make('div', { className: 'heatmap-tip' }, {
    position: 'absolute', pointerEvents: 'none', background: '#1c2633', color: '#fff', padding: '3px 8px',
    borderRadius: '4px', fontSize: '13px', whiteSpace: 'nowrap', zIndex: '5',
  });
  tip.hidden = true;
  tip.setAttribute('role', 'status');
  frame.append(canvas, tip);
  root.replaceChildren(tools, frame);

  let width = 0;
  let height = 0;
  let framed = 0; // the frame's width when last drawn
  const side = () => Math.max(Math.min(width, height) - MARGIN, 10);
  const cell = () => (side() / Math.max(k, 1)) * zoom;

  function paintImage() {
    image = document.createElement('canvas');
    image.width = Math.max(k, 1);
    image.height = Math.max(k, 1);
    const g = image.getContext('2d');
    const data = g.createImageData(image.width, image.height);
    const top = colour(o.measure, o.measure.hi);
    for (let r = 0; r < k; r++) {
      for (let c = 0; c < k; c++) {
        const v = r === c ? o.measure.hi : o.values[pairIndex(r, c, k)];
        const px = r === c ? top : present(v) ? colour(o.measure, v) : BLANK;
        const at = 4 * (r * k + c);
        data.data[at] = px[0];
        data.data[at + 1] = px[1];
        data.data[at + 2] = px[2];
        data.data[at + 3] = 255;
      }
    }
    g.putImageData(data, 0, 0);
  }

  function clamp() {
    const span = k * cell();
    ox = Math.min(0, Math.max(ox, side() - span));
    oy = Math.min(0, Math.max(oy, side() - span));
  }

  function draw() {
    const ratio = window.devicePixelRatio || 1;
    // A square as wide as the frame, but no taller than the window leaves room for.
    framed = frame.clientWidth;
    width = Math.max(Math.min(framed, window.innerHeight - 140), Math.min(framed, 320));
    height = width;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    clamp();
    const g = canvas.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.fillStyle = '#fff';
    g.fillRect(0, 0, width, height);
    const s = cell();
    const area = side();
    g.save();
    g.beginPath();
    g.rect(MARGIN, MARGIN, area, area);
    g.clip();
    g.imageSmoothingEnabled = false;
    if (k > 0) g.drawImage(image, MARGIN + ox, MARGIN + oy, k * s, k * s);
    if (selected !== null) {
      const at = o.codes.indexOf(selected);
      if (at >= 0) {
        g.strokeStyle = '#d55e00';
        g.lineWidth = 2;
        g.strokeRect(MARGIN + ox, MARGIN + oy + at * s, k * s, s);
        g.strokeRect(MARGIN + ox + at * s, MARGIN + oy, s, k * s);
      }
    }
    if (cursor) {
      g.strokeStyle = '#1c2633';
      g.lineWidth = 2;
      g.strokeRect(MARGIN + ox + cursor[1] * s, MARGIN + oy + cursor[0] * s, s, s);
    }
    g.restore();
    // The codes on the margins: every one once a cell is 9 px, else every few.
    const every = Math.max(1, Math.ceil(9 / s));
    const font = Math.min(11, Math.max(8, s - 1));
    g.font = `${font}px system-ui, sans-serif`;
    g.fillStyle = '#1c2633';
    g.textBaseline = 'middle';
    for (let i = 0; i < k; i += every) {
      const mid = MARGIN + i * s + s / 2;
      const bold = o.codes[i] === selected;
      g.font = `${bold ? '700 ' : ''}${font}px system-ui, sans-serif`;
      if (mid + oy >= MARGIN && mid + oy <= MARGIN + area) {
        g.textAlign = 'right';
        g.fillText(o.codes[i], MARGIN - 3, mid + oy);
      }
      if (mid + ox >= MARGIN && mid + ox <= MARGIN + area) {
        g.save();
        g.translate(mid + ox, MARGIN - 3);
        g.rotate(-Math.PI / 2);
        g.textAlign = 'left';
        g.fillText(o.codes[i], 0, 0);
        g.restore();
      }
    }
    canvas.dataset.zoom = String(zoom);
    canvas.dataset.cell = String(s);
    canvas.dataset.x0 = String(MARGIN + ox);
    canvas.dataset.y0 = String(MARGIN + oy);
  }

  /** The cell under a point of the canvas (CSS pixels from its corner), or null. */
  function cellAt(x, y) {
    const s = cell();
    if (x < MARGIN || y < MARGIN || x > MARGIN + side() || y > MARGIN + side()) return null;
    const c = Math.floor((x - MARGIN - ox) / s);
    const r = Math.floor((y - MARGIN - oy) / s);
    return r >= 0 && c >= 0 && r < k && c < k ? [r, c] : null;
  }

  function describe([r, c]) {
    if (r === c) return `${o.names[r]} (${o.codes[r]})`;
    const p = pairIndex(r, c, k);
    const v = o.values[p];
    const n = o.counts[p];
    const value = present(v) ? `${o.measure.label} ${v.toFixed(3)}` : o.measure.missing;
    return `${o.names[r]} – ${o.names[c]}: ${value}, ${n ? `${n} common vote${n === 1 ? '' : 's'}` : 'no common vote'}`;
  }

  function showTip(at, x, y) {
    if (!at) {
      tip.hidden = true;
      return;
    }
    tip.textContent = describe(at);
    tip.hidden = false;
    const left = Math.min(x + 14, Math.max(0, width - tip.offsetWidth - 2));
    tip.style.left = `${left}px`;
    tip.style.top = `${y + 14 > height - 28 ? y - 34 : y + 14}px`;
  }

  function zoomAt(factor, x, y) {
    const before = cell();
    zoom = Math.min(MAX_ZOOM, Math.max(1, zoom * factor));
    const after = cell();
    // The point under (x, y) stays there.
    ox = x - MARGIN - ((x - MARGIN - ox) * after) / before;
    oy = y - MARGIN - ((y - MARGIN - oy) * after) / before;
    draw();
  }

  const centre = () => [MARGIN + side() / 2, MARGIN + side() / 2];

  tools.addEventListener('click', (e) => {
    const b = e.target.closest('button[data-zoom]');
    if (!b) return;
    if (b.dataset.zoom === 'reset') {
      zoom = 1;
      ox = 0;
      oy = 0;
      draw();
    } else zoomAt(b.dataset.zoom === 'in' ? 2 : 0.5, ...centre());
  });

  const point = (e) => {
    const box = canvas.getBoundingClientRect();
    return [e.clientX - box.left, e.clientY - box.top];
  };
  let drag = null;
  canvas.addEventListener('wheel', (e) => {
    e.preventDefault();
    zoomAt(Math.exp(-e.deltaY * 0.002), ...point(e));
  }, { passive: false });
  canvas.addEventListener('dblclick', (e) => zoomAt(2, ...point(e)));
  canvas.addEventListener('pointerdown', (e) => {
    const [x, y] = point(e);
    drag = { x, y, ox, oy, moved: false };
    canvas.setPointerCapture?.(e.pointerId);
    // A touch has no hover: the tip shows where the finger lands.
    showTip(cellAt(x, y), x, y);
  });
  canvas.addEventListener('pointermove', (e) => {
    const [x, y] = point(e);
    if (drag) {
      if (Math.abs(x - drag.x) + Math.abs(y - drag.y) > 4) drag.moved = true;
      if (drag.moved) {
        ox = drag.ox + x - drag.x;
        oy = drag.oy + y - drag.y;
        draw();
      }
    }
    showTip(cellAt(x, y), x, y);
  });
  canvas.addEventListener('pointerup', (e) => {
    const [x, y] = point(e);
    const was = drag;
    drag = null;
    if (was && !was.moved) {
      const at = cellAt(x, y);
      // A click in the matrix chooses the row's state; on the top margin, the column's.
      if (at) choose(o.codes[at[0]]);
      else if (y < MARGIN && x >= MARGIN) {
        const c = cellAt(x, MARGIN + 1);
        if (c) choose(o.codes[c[1]]);
      } else if (x < MARGIN && y >= MARGIN) {
        const r = cellAt(MARGIN + 1, y);
        if (r) choose(o.codes[r[0]]);
      }
    }
  });
  canvas.addEventListener('pointerleave', () => {
    if (!drag) tip.hidden = true;
  });

  // The keyboard: arrows move a cursor cell (and the view with it), + and − zoom, Enter
  // chooses the cursor's row, Escape hides the tip.
  canvas.addEventListener('keydown', (e) => {
    const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    if (e.key === '+' || e.key === '=') zoomAt(1.5, ...centre());
    else if (e.key === '-') zoomAt(1 / 1.5, ...centre());
    else if (e.key === 'Escape') {
      cursor = null;
      tip.hidden = true;
      draw();
    } else if (e.key === 'Enter' && cursor) choose(o.codes[cursor[0]]);
    else if (moves[e.key] && k > 0) {
      const [dr, dc] = moves[e.key];
      cursor = cursor ? [Math.min(k - 1, Math.max(0, cursor[0] + dr)), Math.min(k - 1, Math.max(0, cursor[1] + dc))] : [0, Math.min(1, k - 1)];
      const s = cell();
      // Keep the cursor in view.
      const x = MARGIN + ox + cursor[1] * s;
      const y = MARGIN + oy + cursor[0] * s;
      if (x < MARGIN) ox += MARGIN - x;
      if (x + s > MARGIN + side()) ox -= x + s - MARGIN - side();
      if (y < MARGIN) oy += MARGIN - y;
      if (y + s > MARGIN + side()) oy -= y + s - MARGIN - side();
      draw();
      showTip(cursor, MARGIN + ox + (cursor[1] + 1) * s, MARGIN + oy + cursor[0] * s);
    } else return;
    e.preventDefault();
  });
  canvas.addEventListener('blur', () => {
    tip.hidden = true;
  });

  function choose(code) {
    selected = code;
    draw();
    if (o.onSelect) o.onSelect(code);
  }

  function label() {
    canvas.setAttribute('aria-label', `${o.title || o.measure.label}: ${k} states in seriated order. Arrow keys move from cell to cell and name the pair; Enter marks the row’s state.`);
  }

  const resize = new ResizeObserver(() => {
    if (frame.clientWidth !== framed) draw();
  });
  resize.observe(frame);
  paintImage();
  label();
  draw();

  return {
    /** New data or measure (the view is kept when the states are the same). */
    update(changes) {
      const same = !changes.codes || (changes.codes.length === k && changes.codes.every((c, i) => c === o.codes[i]));
      o = { ...o, ...changes };
      k = o.codes.length;
      if (!same) {
        zoom = 1;
        ox = 0;
        oy = 0;
        cursor = null;
      }
      if (changes.selected !== undefined) selected = changes.selected;
      tip.hidden = true;
      paintImage();
      label();
      draw();
    },
    /** Marks a state's row and column (null: none). */
    select(code) {
      selected = code;
      draw();
    },
    cellAt,
    destroy() {
      resize.disconnect();
      root.replaceChildren();
    },
  };
}
