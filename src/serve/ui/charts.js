// Inline SVG plots built with DOM calls (labels are set with textContent, never parsed as markup).
'use strict';

const Charts = (() => {
  const NS = 'http://www.w3.org/2000/svg';

  function svg(tag, attrs, text) {
    const e = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function short(label, n) { label = String(label); return label.length > n ? label.slice(0, n - 1) + '…' : label; }

  // Horizontal bars: rows [{label, value, value2?}] (value2 drawn lighter behind, e.g. p95 behind p50).
  function bars(rows, opts) {
    const o = Object.assign({ width: 420, row: 22, labelWidth: 130, format: (v) => String(v), max: null }, opts || {});
    const max = o.max || Math.max(1e-9, ...rows.map((r) => Math.max(r.value || 0, r.value2 || 0)));
    const h = rows.length * o.row + 8;
    const root = svg('svg', { width: o.width, height: h, viewBox: `0 0 ${o.width} ${h}`, role: 'img', class: 'bars' });
    const span = o.width - o.labelWidth - 70;
    rows.forEach((r, i) => {
      const y = 4 + i * o.row;
      root.appendChild(svg('text', { x: 0, y: y + 14 }, short(r.label, 20)));
      if (r.value2 !== undefined && r.value2 !== null) {
        root.appendChild(svg('rect', { class: 'bar p95', x: o.labelWidth, y: y + 2, height: o.row - 6,
          width: Math.max(1, span * (r.value2 / max)) }));
      }
      root.appendChild(svg('rect', { class: 'bar', x: o.labelWidth, y: y + 2, height: o.row - 6,
        width: Math.max(1, span * ((r.value || 0) / max)) }));
      const text = r.value2 !== undefined && r.value2 !== null ? `${o.format(r.value)} / ${o.format(r.value2)}` : o.format(r.value);
      root.appendChild(svg('text', { x: o.labelWidth + span + 4, y: y + 14 }, text));
    });
    return root;
  }

  // A trend line over time: points [{x: label, y: number}] oldest first.
  function trend(points, opts) {
    const o = Object.assign({ width: 420, height: 120, format: (v) => String(v), min: null, max: null }, opts || {});
    const root = svg('svg', { width: o.width, height: o.height, viewBox: `0 0 ${o.width} ${o.height}`, role: 'img', class: 'trend' });
    if (!points.length) return root;
    const ys = points.map((p) => p.y);
    const lo = o.min !== null ? o.min : Math.min(...ys);
    const hi = o.max !== null ? o.max : Math.max(...ys);
    const pad = 24;
    const sx = (i) => pad + (points.length === 1 ? (o.width - 2 * pad) / 2 : i * (o.width - 2 * pad) / (points.length - 1));
    const sy = (v) => o.height - pad - (hi === lo ? 0.5 : (v - lo) / (hi - lo)) * (o.height - 2 * pad);
    root.appendChild(svg('line', { class: 'axis', x1: pad, y1: o.height - pad, x2: o.width - pad, y2: o.height - pad }));
    root.appendChild(svg('polyline', { class: 'line', points: points.map((p, i) => `${sx(i)},${sy(p.y)}`).join(' ') }));
    points.forEach((p, i) => {
      const dot = svg('circle', { class: 'dot', cx: sx(i), cy: sy(p.y), r: 3 });
      dot.appendChild(svg('title', {}, `${p.x}: ${o.format(p.y)}`));
      root.appendChild(dot);
    });
    root.appendChild(svg('text', { x: 2, y: 12 }, o.format(hi)));
    root.appendChild(svg('text', { x: 2, y: o.height - 6 }, o.format(lo)));
    return root;
  }

  function figure(caption, chart) {
    const f = document.createElement('figure');
    f.className = 'chart';
    const c = document.createElement('figcaption');
    c.textContent = caption;
    f.append(c, chart);
    return f;
  }

  return { bars, trend, figure };
})();
