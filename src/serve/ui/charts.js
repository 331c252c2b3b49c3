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

  // A trend line over time: points [{x: label, y: number}] oldest first, on labelled axes: y ticks in the
  // values' unit (opts.format), x ticks with the dates of the first, middle and last points, and axis titles
  // (opts.yLabel, opts.xLabel).
  function trend(points, opts) {
    const o = Object.assign({ width: 460, height: 190, format: (v) => String(v), min: null, max: null, yLabel: '', xLabel: '', ticks: 4 }, opts || {});
    const root = svg('svg', { width: o.width, height: o.height, viewBox: `0 0 ${o.width} ${o.height}`, role: 'img', class: 'trend' });
    const left = 70, right = 14, top = 12, bottom = 46;
    const plotW = o.width - left - right, plotH = o.height - top - bottom;
    if (o.yLabel) {
      root.appendChild(svg('text', { class: 'axis-title y-title', x: 12, y: top + plotH / 2, 'text-anchor': 'middle',
        transform: `rotate(-90 12 ${top + plotH / 2})` }, o.yLabel));
    }
    if (o.xLabel) root.appendChild(svg('text', { class: 'axis-title x-title', x: left + plotW / 2, y: o.height - 4, 'text-anchor': 'middle' }, o.xLabel));
    root.appendChild(svg('line', { class: 'axis', x1: left, y1: top, x2: left, y2: top + plotH }));
    root.appendChild(svg('line', { class: 'axis', x1: left, y1: top + plotH, x2: left + plotW, y2: top + plotH }));
    if (!points.length) {
      root.appendChild(svg('text', { x: left + plotW / 2, y: top + plotH / 2, 'text-anchor': 'middle', class: 'muted' }, 'no data'));
      return root;
    }
    const ys = points.map((p) => p.y);
    let lo = o.min !== null ? o.min : Math.min(...ys);
    let hi = o.max !== null ? o.max : Math.max(...ys);
    if (hi === lo) hi = lo + (Math.abs(lo) > 0 ? Math.abs(lo) : 1);
    const sx = (i) => left + (points.length === 1 ? plotW / 2 : (i * plotW) / (points.length - 1));
    const sy = (v) => top + plotH - ((v - lo) / (hi - lo)) * plotH;
    for (let t = 0; t <= o.ticks; t++) {
      const v = lo + ((hi - lo) * t) / o.ticks;
      const y = sy(v);
      root.appendChild(svg('line', { class: 'gridline', x1: left, y1: y, x2: left + plotW, y2: y }));
      root.appendChild(svg('line', { class: 'axis', x1: left - 4, y1: y, x2: left, y2: y }));
      root.appendChild(svg('text', { class: 'tick y-tick', x: left - 6, y: y + 4, 'text-anchor': 'end' }, o.format(v)));
    }
    const xTicks = [...new Set([0, Math.floor((points.length - 1) / 2), points.length - 1])];
    for (const i of xTicks) {
      const x = sx(i);
      root.appendChild(svg('line', { class: 'axis', x1: x, y1: top + plotH, x2: x, y2: top + plotH + 4 }));
      const label = String(points[i].x).replace(/:\d\d UTC$/, '');
      const anchor = xTicks.length > 1 && i === 0 ? 'start' : xTicks.length > 1 && i === points.length - 1 ? 'end' : 'middle';
      root.appendChild(svg('text', { class: 'tick x-tick', x, y: top + plotH + 16, 'text-anchor': anchor }, label));
    }
    root.appendChild(svg('polyline', { class: 'line', points: points.map((p, i) => `${sx(i)},${sy(p.y)}`).join(' ') }));
    points.forEach((p, i) => {
      const dot = svg('circle', { class: 'dot', cx: sx(i), cy: sy(p.y), r: 3 });
      dot.appendChild(svg('title', {}, `${p.x}: ${o.format(p.y)}`));
      root.appendChild(dot);
    });
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
