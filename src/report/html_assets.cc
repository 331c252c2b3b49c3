// The HTML report's inline stylesheet and script. Kept apart from html.cc so the page structure reads on its
// own. The script never uses innerHTML: every string from a model, a tool or a user file is set as textContent.
#include "report/html_parts.h"

namespace ab::report::html {

const char kCss[] = R"css(
:root{--pass:#1a7f37;--fail:#cf222e;--error:#9a6700;--skip:#6e7781;--bg:#f6f8fa;--line:#d0d7de;--ink:#1f2328}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#fff}
header{padding:16px 24px;background:var(--bg);border-bottom:1px solid var(--line)}
header h1{margin:0 0 4px;font-size:20px}
main{padding:8px 24px 48px;max-width:1400px}
h2{font-size:17px;margin:28px 0 10px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:15px;margin:18px 0 6px}
h3 small,.dim,.meta{color:#59636e;font-weight:normal}
.meta{margin:2px 0;font-size:12px}
code,pre{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{background:var(--bg);border:1px solid var(--line);border-radius:4px;padding:8px;overflow:auto;max-height:420px;white-space:pre-wrap;word-break:break-word;margin:4px 0}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin-top:16px}
.card{border:1px solid var(--line);border-radius:6px;padding:10px 16px;min-width:110px;background:#fff}
.card .v{font-size:22px;font-weight:600}
.card .l{font-size:12px;color:#59636e}
.card.pass .v{color:var(--pass)}.card.fail .v{color:var(--fail)}.card.error .v{color:var(--error)}
.banner{padding:8px 12px;border-radius:6px;border:1px solid var(--line);margin:10px 0}
.banner.pass{background:#dafbe1}.banner.fail{background:#ffebe9}.banner.error,.banner.warn{background:#fff8c5}
.scroll{overflow-x:auto}
table{border-collapse:collapse;margin:6px 0;font-size:13px}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
thead th{background:var(--bg)}
tr.grp th{background:#eef1f4;font-weight:600}
.matrix td small{display:block;color:#59636e;font-size:11px}
.matrix td a{text-decoration:none;font-weight:600;color:inherit}
td.pass,.badge.pass{color:var(--pass)}td.fail,.badge.fail{color:var(--fail)}
td.error,.badge.error{color:var(--error)}td.skip,.badge.skip,td.none{color:var(--skip)}
.bar{display:inline-block;width:60px;height:8px;background:#eee;margin-right:6px;border-radius:4px;overflow:hidden}
.bar span{display:block;height:100%;background:var(--pass)}
.charts{display:flex;flex-wrap:wrap;gap:16px}
.chart{margin:0;border:1px solid var(--line);border-radius:6px;padding:8px;flex:1 1 560px;max-width:700px}
.chart figcaption{font-weight:600;margin-bottom:4px}
.chart svg{width:100%;height:auto}
.chart .lbl,.chart .val{font-size:11px;fill:#1f2328}
.chart .whisker,.chart .axis{stroke:#8c959f;stroke-width:1}
.chart .box{fill:#b6d4fe;stroke:#0969da}
.chart .median{stroke:#0a3069;stroke-width:2}
.chart .p95{fill:#cf222e}
details.run{border:1px solid var(--line);border-radius:6px;margin:6px 0;background:#fff}
details.run>summary{cursor:pointer;padding:6px 10px;list-style-position:inside}
details.run.fail{border-left:4px solid var(--fail)}details.run.pass{border-left:4px solid var(--pass)}
details.run.error{border-left:4px solid var(--error)}details.run.skip{border-left:4px solid var(--skip)}
details.run .body{padding:4px 14px 12px}
.body h4{margin:12px 0 4px;font-size:13px}
ul.asserts{list-style:none;padding-left:0;margin:4px 0}
ul.asserts ul.asserts{padding-left:20px}
ul.asserts li.pass>.a{color:var(--pass)}ul.asserts li.fail>.a{color:var(--fail)}
.err{color:var(--fail)}
.msg{border-left:3px solid var(--line);padding:2px 8px;margin:6px 0}
.msg .role{font-weight:600;font-size:12px;text-transform:uppercase;color:#59636e}
.msg.user{border-color:#0969da}.msg.assistant{border-color:#8250df}.msg.tool{border-color:#9a6700}
.seq{max-width:100%;height:auto;border:1px solid var(--line);border-radius:4px;background:#fff}
.seq text{font:11px ui-monospace,monospace;fill:#1f2328}
.seq .lane{font-weight:bold}
.seq .life{stroke:#8c959f;stroke-dasharray:4 3}
.seq .arrow{stroke:#1f2328}.seq .arrow.bad{stroke:#cf222e}
.seq .head{fill:#1f2328}.seq .head.bad{fill:#cf222e}
body.only-failed details.run.pass,body.only-failed .test-group.all-passed{display:none}
.multi-agent-comparison{margin:6px 0 10px}
.comparison-table td a{color:inherit}
details.cmp{border:1px dashed var(--line);border-radius:6px;margin:6px 0;padding:2px 10px}
details.cmp>summary{cursor:pointer;color:#59636e}
.side{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:10px;margin:4px 0}
.side figure{margin:0;border:1px solid var(--line);border-radius:4px;padding:6px;min-width:0}
.side figcaption{font-weight:600;font-size:12px;margin-bottom:4px}
.sequence-comparison svg{cursor:zoom-in;width:100%}
.fullscreen-overlay{position:fixed;inset:0;background:rgba(0,0,0,.75);display:flex;align-items:center;justify-content:center;padding:24px;z-index:10;cursor:zoom-out}
.fullscreen-overlay[hidden]{display:none}
.fullscreen-overlay>*{max-width:95vw;max-height:90vh;overflow:auto;background:#fff;border-radius:6px;padding:8px}
.fullscreen-overlay svg{width:min(1400px,90vw);height:auto}
.tools{margin:4px 0}
)css";

const char kScript[] = R"js(
(function () {
  'use strict';
  var dataNode = document.getElementById('run-data');
  var runs = [];
  try { runs = JSON.parse(dataNode.textContent); } catch (e) { runs = []; }
  var SVG = 'http://www.w3.org/2000/svg';

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined && text !== null) n.textContent = String(text);
    return n;
  }
  function svg(tag, attrs, text) {
    var n = document.createElementNS(SVG, tag);
    for (var k in attrs) { if (Object.prototype.hasOwnProperty.call(attrs, k)) n.setAttribute(k, attrs[k]); }
    if (text !== undefined) n.textContent = String(text);
    return n;
  }
  function short(s, max) {
    s = String(s === undefined || s === null ? '' : s).replace(/\s+/g, ' ');
    return s.length > max ? s.slice(0, max - 1) + '\u2026' : s;
  }
  function json(v) { try { return JSON.stringify(v, null, 2); } catch (e) { return String(v); } }
  function ms(v) { v = Number(v) || 0; return v < 1000 ? Math.round(v) + 'ms' : (v / 1000).toFixed(2) + 's'; }
  function isEmpty(v) {
    return v === null || v === undefined || (typeof v === 'object' && Object.keys(v).length === 0);
  }
  function section(body, title) { body.appendChild(el('h4', '', title)); }

  function assertions(list) {
    var ul = el('ul', 'asserts');
    list.forEach(function (a) {
      var li = el('li', a.passed ? 'pass' : 'fail');
      li.appendChild(el('span', 'a', (a.passed ? '\u2713 ' : '\u2717 ') + a.type));
      li.appendChild(document.createTextNode(': ' + (a.message || '')));
      if (!isEmpty(a.details)) li.appendChild(el('pre', '', json(a.details)));
      if (a.children && a.children.length) li.appendChild(assertions(a.children));
      ul.appendChild(li);
    });
    return ul;
  }

  function blockText(b) {
    if (b.type === 'text') return b.text || '';
    if (b.type === 'resource' && b.resource) return b.resource.text !== undefined ? b.resource.text : json(b.resource);
    var copy = {};
    for (var k in b) { if (k !== 'data' && k !== 'blob') copy[k] = b[k]; }
    if (b.data) copy.data = '[' + String(b.data).length + ' bytes base64]';
    return json(copy);
  }

  function sequence(x) {
    var lanes = ['User', 'Agent', 'LLM', 'MCP tools'];
    var events = [];
    events.push([0, 1, 'prompt: ' + short(x.prompt, 48), false]);
    var calls = (x.toolCalls || []).slice();
    var used = {};
    (x.llmTurns || []).forEach(function (t) {
      events.push([1, 2, 'request #' + t.iteration, false]);
      var answer = t.error ? 'error: ' + short(t.error, 40)
        : (t.toolCalls ? t.toolCalls + ' tool call(s)' : 'answer') + ' \u00b7 ' + ((t.usage || {}).total || 0) + ' tok';
      events.push([2, 1, answer, !!t.error]);
      calls.forEach(function (c, i) {
        if (c.iteration !== t.iteration) return;
        used[i] = true;
        events.push([1, 3, short(c.name + ' ' + JSON.stringify(c.parameters), 48), false]);
        var bad = c.status !== 'ok';
        events.push([3, 1, (bad ? c.status + (c.error ? ': ' + short(c.error, 30) : '') : 'ok') + ' \u00b7 ' +
          ms(c.duration_ms), bad]);
      });
    });
    calls.forEach(function (c, i) {
      if (used[i]) return;
      events.push([1, 3, short(c.name, 48), false]);
      events.push([3, 1, c.status + ' \u00b7 ' + ms(c.duration_ms), c.status !== 'ok']);
    });
    events.push([1, 0, x.finalAnswer ? 'answer: ' + short(x.finalOutput, 44) : 'no final answer', !x.finalAnswer]);
    var w = 720, step = 26, top = 34, h = top + events.length * step + 12;
    var xs = [70, 250, 430, 620];
    var root = svg('svg', { 'class': 'seq', viewBox: '0 0 ' + w + ' ' + h, width: w, role: 'img',
      'aria-label': 'sequence diagram' });
    lanes.forEach(function (name, i) {
      root.appendChild(svg('text', { x: xs[i], y: 16, 'text-anchor': 'middle', 'class': 'lane' }, name));
      root.appendChild(svg('line', { x1: xs[i], x2: xs[i], y1: 22, y2: h - 4, 'class': 'life' }));
    });
    events.forEach(function (ev, i) {
      var y = top + i * step + 10, x1 = xs[ev[0]], x2 = xs[ev[1]], dir = x2 > x1 ? 1 : -1;
      var cls = ev[3] ? ' bad' : '';
      root.appendChild(svg('line', { x1: x1, x2: x2 - dir * 6, y1: y, y2: y, 'class': 'arrow' + cls }));
      root.appendChild(svg('polygon', { points: x2 + ',' + y + ' ' + (x2 - dir * 7) + ',' + (y - 4) + ' ' +
        (x2 - dir * 7) + ',' + (y + 4), 'class': 'head' + cls }));
      // Labels start just right of the leftmost lane of the arrow, so a long label never runs off the left edge.
      root.appendChild(svg('text', { x: Math.min(x1, x2) + 6, y: y - 4, 'text-anchor': 'start' }, ev[2]));
    });
    return root;
  }

  // The elicitation and sampling requests a server made ({count, items}): what was asked and answered.
  function serverRequests(box, r) {
    if (!r || !r.count) return;
    (r.items || []).forEach(function (x) {
      box.appendChild(el('div', 'dim', x.method + ' (' + x.via + '): ' + x.action +
        (x.model ? ' \u00b7 ' + x.model + ' \u00b7 ' + (x.usage ? x.usage.total : 0) + ' tokens \u00b7 ' +
          ms(x.latencyMs) : '') + (x.error ? ' \u00b7 ' + x.error : '')));
      box.appendChild(el('pre', '', json(x.asked)));
      if (x.text) box.appendChild(el('pre', '', x.text));
      else if (x.content != null) box.appendChild(el('pre', '', json(x.content)));
    });
    if (r.count > (r.items || []).length) {
      box.appendChild(el('div', 'dim', (r.count - (r.items || []).length) + ' more not kept'));
    }
  }

  function toolTable(x) {
    var start = Date.parse(x.startTime) || 0;
    var t = el('table');
    var head = el('tr');
    ['#', '+\u0394t', 'tool', 'duration', 'status', 'isError', 'arguments / result'].forEach(function (h) {
      head.appendChild(el('th', '', h));
    });
    t.appendChild(head);
    x.toolCalls.forEach(function (c, i) {
      var tr = el('tr', c.status === 'ok' ? '' : 'err');
      var at = (Date.parse(c.timestamp) || 0) - start;
      [i + 1, '+' + ms(at > 0 ? at : 0), c.name, ms(c.duration_ms), c.status, c.isError ? 'yes' : 'no'].forEach(
        function (v) { tr.appendChild(el('td', '', v)); });
      var cell = el('td');
      var d = el('details');
      d.appendChild(el('summary', '', short(JSON.stringify(c.parameters), 80)));
      d.appendChild(el('div', 'dim', 'arguments'));
      d.appendChild(el('pre', '', json(c.parameters)));
      if (c.error) d.appendChild(el('pre', 'err', c.error));
      if (c.progress && c.progress.count) {
        var last = c.progress.last || {};
        d.appendChild(el('div', 'dim', 'progress: ' + c.progress.count + ' notification(s), last ' + last.progress +
          (last.total != null ? ' / ' + last.total : '') + (last.message ? ' \u00b7 ' + last.message : '')));
      }
      serverRequests(d, c.serverRequests);
      if (c.result) {
        d.appendChild(el('div', 'dim', 'result'));
        (c.result.content || []).forEach(function (b) { d.appendChild(el('pre', '', blockText(b))); });
        if (!isEmpty(c.result.structuredContent)) {
          d.appendChild(el('div', 'dim', 'structuredContent'));
          d.appendChild(el('pre', '', json(c.result.structuredContent)));
        }
      }
      cell.appendChild(d);
      tr.appendChild(cell);
      t.appendChild(tr);
    });
    return t;
  }

  function message(m) {
    var box = el('div', 'msg ' + m.role);
    box.appendChild(el('div', 'role', m.role + (m.toolName ? ' \u00b7 ' + m.toolName : '')));
    box.appendChild(el('pre', '', m.content));
    return box;
  }

  function render(body, run) {
    var x = run.execution;
    var tk = x.tokens || {};
    body.appendChild(el('p', 'dim', 'provider ' + x.providerName + ' [' + x.providerType + '] \u00b7 model ' +
      x.model + ' \u00b7 ' + run.status + ' \u00b7 ' + ms(x.latencyMs) + ' (llm ' + ms(x.llmMs) + ', tools ' +
      ms(x.toolMs) + ', waits ' + ms(x.waitMs) + ') \u00b7 ' + x.iterations + ' iteration(s) \u00b7 tokens ' +
      (tk.prompt || 0) + ' in / ' + (tk.completion || 0) + ' out (cached ' + (tk.cached || 0) + ', reasoning ' +
      (tk.reasoning || 0) + ') \u00b7 cost ' + (x.costUsd == null ? 'n/a' : '$' + Number(x.costUsd).toFixed(4))));
    section(body, 'Assertions');
    if (run.assertions.length) body.appendChild(assertions(run.assertions));
    else body.appendChild(el('p', 'dim', 'no assertions'));
    if (x.errorDetails && x.errorDetails.length) {
      section(body, 'Errors');
      var ul = el('ul');
      x.errorDetails.forEach(function (e) {
        ul.appendChild(el('li', 'err', (e.kind ? '[' + e.kind + '] ' : '') + e.message));
      });
      body.appendChild(ul);
    }
    var rl = x.rateLimitStats || {};
    if (rl.rateLimitHits || rl.throttleCount || rl.retryCount) {
      section(body, 'Rate limits');
      body.appendChild(el('pre', '', json(rl)));
    }
    var cl = x.clarificationStats || {};
    if (cl.count) {
      section(body, 'Clarification requests');
      body.appendChild(el('pre', '', json(cl)));
    }
    section(body, 'Sequence');
    body.appendChild(sequence(x));
    if (x.toolCalls && x.toolCalls.length) {
      section(body, 'Tool calls');
      body.appendChild(toolTable(x));
    }
    var asking = (x.mcpServers || []).filter(function (s) { return s.serverRequests && s.serverRequests.count; });
    if (asking.length) {
      section(body, 'Server requests outside tool calls');
      asking.forEach(function (s) {
        var d = el('details');
        d.appendChild(el('summary', '', s.name + ' ' + s.protocolVersion + ' (' + s.era + '): ' +
          s.serverRequests.count + ' request(s)'));
        serverRequests(d, s.serverRequests);
        body.appendChild(d);
      });
    }
    if (x.toolListChanges && x.toolListChanges.length) {
      section(body, 'Tool list changes');
      var changes = el('ul');
      x.toolListChanges.forEach(function (c) {
        changes.appendChild(el('li', c.error ? 'err' : '', 'before request #' + c.iteration + ', server ' + c.server +
          (c.error ? ': listing failed: ' + c.error : ': added [' + (c.added || []).join(', ') + '], removed [' +
            (c.removed || []).join(', ') + ']')));
      });
      body.appendChild(changes);
    }
    var msgs = x.messages || [];
    if (msgs.length) {
      section(body, 'Conversation');
      var first = x.firstMessageOfTest || 0;
      if (first > 0) {
        var hist = el('details');
        hist.appendChild(el('summary', 'dim', first + ' message(s) of session context before this test'));
        msgs.slice(0, first).forEach(function (m) { hist.appendChild(message(m)); });
        body.appendChild(hist);
      }
      msgs.slice(first).forEach(function (m) { body.appendChild(message(m)); });
    }
    section(body, 'Final output');
    body.appendChild(el('pre', '', x.finalOutput || '(none)'));
  }

  // Multi-agent comparison of one test: tool calls, errors, sequence diagrams and final outputs side by side.
  var overlay = document.getElementById('overlay');
  function enlarge(node, title) {
    if (!overlay) return;
    overlay.textContent = '';
    var box = el('figure');
    box.appendChild(el('figcaption', '', title));
    box.appendChild(node.cloneNode(true));
    overlay.appendChild(box);
    overlay.hidden = false;
  }
  if (overlay) overlay.addEventListener('click', function () { overlay.hidden = true; overlay.textContent = ''; });
  document.addEventListener('keydown', function (e) { if (e.key === 'Escape' && overlay) overlay.hidden = true; });

  function side(cls, list, fill) {
    var grid = el('div', 'side ' + cls);
    list.forEach(function (run) {
      var fig = el('figure');
      fig.appendChild(el('figcaption', '', run.execution.agentName + ' \u00b7 ' + run.status));
      fill(fig, run.execution, run);
      grid.appendChild(fig);
    });
    return grid;
  }

  function compare(body, list) {
    section(body, 'Tool calls');
    var most = 0;
    list.forEach(function (r) { most = Math.max(most, (r.execution.toolCalls || []).length); });
    if (most === 0) {
      body.appendChild(el('p', 'dim tool-comparison', 'no agent called a tool'));
    } else {
      var t = el('table', 'tool-comparison');
      var head = el('tr');
      head.appendChild(el('th', '', '#'));
      list.forEach(function (r) { head.appendChild(el('th', '', r.execution.agentName)); });
      t.appendChild(head);
      for (var i = 0; i < most; i++) {
        var tr = el('tr');
        tr.appendChild(el('td', '', i + 1));
        list.forEach(function (r) {
          var c = (r.execution.toolCalls || [])[i];
          if (!c) { tr.appendChild(el('td', 'none', '\u2014')); return; }
          var td = el('td', c.status === 'ok' ? '' : 'err');
          td.appendChild(el('b', '', c.name));
          td.appendChild(el('div', 'dim', short(JSON.stringify(c.parameters), 80)));
          td.appendChild(el('div', '', c.status + ' \u00b7 ' + ms(c.duration_ms)));
          tr.appendChild(td);
        });
        t.appendChild(tr);
      }
      body.appendChild(t);
    }
    section(body, 'Errors');
    body.appendChild(side('errors-comparison', list, function (fig, x) {
      var errs = x.errorDetails || [];
      if (!errs.length) { fig.appendChild(el('p', 'dim', 'no errors')); return; }
      var ul = el('ul');
      errs.forEach(function (e) { ul.appendChild(el('li', 'err', (e.kind ? '[' + e.kind + '] ' : '') + e.message)); });
      fig.appendChild(ul);
    }));
    section(body, 'Sequence diagrams (click to enlarge)');
    body.appendChild(side('sequence-comparison', list, function (fig, x, run) {
      var d = sequence(x);
      d.addEventListener('click', function () { enlarge(d, x.agentName + ' \u00b7 ' + run.status); });
      fig.appendChild(d);
    }));
    section(body, 'Final outputs');
    body.appendChild(side('outputs-comparison', list, function (fig, x) {
      fig.appendChild(el('pre', '', x.finalOutput || '(none)'));
    }));
  }

  function ensureCompare(details) {
    if (details.getAttribute('data-done')) return;
    var body = details.querySelector('.cmp-body');
    var list = String(details.getAttribute('data-runs') || '').split(',').map(function (i) { return runs[Number(i)]; })
      .filter(function (r) { return !!r; });
    if (!body || list.length < 2) return;
    details.setAttribute('data-done', '1');
    compare(body, list);
  }

  function ensure(details) {
    if (details.getAttribute('data-done')) return;
    var run = runs[Number(details.getAttribute('data-run'))];
    var body = details.querySelector('.body');
    if (!run || !body) return;
    details.setAttribute('data-done', '1');
    render(body, run);
  }

  document.addEventListener('toggle', function (e) {
    var t = e.target;
    if (t && t.classList && t.classList.contains('run') && t.open) ensure(t);
    if (t && t.classList && t.classList.contains('cmp') && t.open) ensureCompare(t);
  }, true);

  function openHash() {
    if (location.hash.indexOf('#run-') !== 0) return;
    var d = document.getElementById(location.hash.slice(1));
    if (d) { d.open = true; ensure(d); d.scrollIntoView(); }
  }
  window.addEventListener('hashchange', openHash);
  openHash();

  var only = document.getElementById('only-failed');
  if (only) only.addEventListener('change', function () { document.body.classList.toggle('only-failed', only.checked); });
})();
)js";

}  // namespace ab::report::html
