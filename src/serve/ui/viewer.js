// The viewer: a run's test × agent grid (verdict, final answer, tool chain per cell; sortable, paged,
// failures only; a cell opens the run drawer), two runs side by side (#/diff), each test's verdicts and flip rate
// over the saved runs (#/tests), and the sequence diagram of one transcript (used by the drawer). Everything from
// the server goes into the page as text.
'use strict';

const Viewer = (() => {
  const PAGE_SIZES = [25, 50, 100, 200];

  function short(text, n) {
    const s = String(text || '');
    return s.length > n ? s.slice(0, n - 1) + '…' : s;
  }

  function gridCell(c) {
    if (!c) return el('td', { class: 'grid-cell empty muted' }, '–');
    const td = el('td', { class: 'grid-cell clickable ' + c.status, 'data-run': c.id, title: 'open the run' },
      el('div', {}, statusText(c.status), c.runs > 1 ? el('span', { class: 'muted' }, ` ${c.passed}/${c.runs} passed`) : null,
        el('span', { class: 'muted' }, ' · ' + Fmt.ms(c.duration_ms))),
      el('div', { class: 'answer' }, short(c.final_answer || c.error || '(no answer)', 140)),
      c.tool_chain ? el('div', { class: 'chain' }, short(c.tool_chain, 160)) : null);
    td.addEventListener('click', () => Drawer.open(c.id));
    return td;
  }

  // The grid of bench/run |id| into |box|, with its controls; |state| keeps sort, page and filter between pages.
  async function grid(box, id, params) {
    const state = {
      sort: params.get('sort') || 'order', order: params.get('order') || 'asc', failures: params.get('failures') === '1',
      limit: Number(params.get('limit')) || 50, offset: Number(params.get('offset')) || 0,
    };
    const controls = el('form', { class: 'filters', id: 'grid-controls' });
    const sort = el('select', { name: 'sort' }, [['order', 'as run'], ['test', 'test name'], ['failures', 'most failures'], ['duration', 'slowest']]
      .map(([v, l]) => el('option', { value: v, selected: v === state.sort }, l)));
    const order = el('select', { name: 'order' }, [['asc', 'ascending'], ['desc', 'reversed']].map(([v, l]) => el('option', { value: v, selected: v === state.order }, l)));
    const failures = el('input', { type: 'checkbox', name: 'failures', id: 'failures-only', checked: state.failures });
    const size = el('select', { name: 'limit' }, PAGE_SIZES.map((n) => el('option', { value: n, selected: n === state.limit }, String(n))));
    controls.append(el('label', {}, 'Sort', sort), el('label', {}, 'Order', order), el('label', {}, 'Rows per page', size),
      el('label', { class: 'inline' }, failures, ' failures only'));
    const table_box = el('div', { id: 'grid-box' });
    const pager = el('div', { class: 'row', id: 'grid-pager' });
    box.replaceChildren(controls, table_box, pager);
    const load = async () => {
      const g = await Api.get('/benches/' + Api.seg(id) + '/grid', {
        sort: state.sort, order: state.order, failures: state.failures ? '1' : '', limit: state.limit, offset: state.offset });
      const head = ['Test', ...g.columns.map((c) => (g.kind === 'run' ? c : 'config ' + c)), ''];
      const rows = g.rows.map((r) => {
        const cells = r.cells.map(gridCell);
        const present = r.cells.filter((c) => c);
        const tools = el('td', { class: 'row-tools' },
          el('a', { href: `#/tests?test=${encodeURIComponent(r.test)}` }, 'history'),
          present.length >= 2 ? [' · ', el('a', { href: `#/diff?a=${encodeURIComponent(present[0].id)}&b=${encodeURIComponent(present[1].id)}`, class: 'diff-link' }, 'diff')] : null);
        return el('tr', { 'data-test': r.test }, el('td', { class: 'test-name' }, r.test), cells, tools);
      });
      table_box.replaceChildren(rows.length ? table(head, rows, { id: 'grid', class: 'grid' })
        : el('p', { class: 'muted', id: 'grid-empty' }, state.failures ? 'No failures in this run.' : 'No tests.'));
      const last = Math.min(g.total, state.offset + g.rows.length);
      const prev = el('button', { type: 'button', class: 'secondary', id: 'grid-prev', disabled: state.offset === 0 }, '← Previous');
      const next = el('button', { type: 'button', class: 'secondary', id: 'grid-next', disabled: last >= g.total }, 'Next →');
      prev.addEventListener('click', () => { state.offset = Math.max(0, state.offset - state.limit); load(); });
      next.addEventListener('click', () => { state.offset += state.limit; load(); });
      pager.replaceChildren(prev, el('span', { class: 'muted', id: 'grid-range' }, g.total ? `tests ${state.offset + 1}–${last} of ${g.total}` : '0 tests'), next);
    };
    const changed = () => {
      state.sort = sort.value;
      state.order = order.value;
      state.failures = failures.checked;
      state.limit = Number(size.value);
      state.offset = 0;
      load();
    };
    for (const c of [sort, order, failures, size]) c.addEventListener('change', changed);
    controls.addEventListener('submit', (e) => e.preventDefault());
    await load();
  }

  // A sequence diagram of one transcript: the user, the agent and each MCP server as lanes; the prompt, every tool
  // call with its outcome, and the final answer as arrows, in order.
  function sequence(t) {
    const NS = 'http://www.w3.org/2000/svg';
    const s = (tag, attrs, text) => {
      const e = document.createElementNS(NS, tag);
      for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
      if (text !== undefined) e.textContent = text;
      return e;
    };
    const e = (t && t.execution) || {};
    const calls = e.toolCalls || [];
    const servers = [...new Set(calls.map((c) => c.server || 'tools'))];
    const lanes = ['user', 'agent', ...servers];
    const laneW = 150;
    const width = Math.max(360, lanes.length * laneW);
    const steps = [];
    steps.push({ from: 'user', to: 'agent', label: short(e.prompt || t.testName || 'prompt', 40) });
    for (const c of calls) {
      steps.push({ from: 'agent', to: c.server || 'tools', label: short(c.name, 30) });
      steps.push({ from: c.server || 'tools', to: 'agent', label: c.status || 'ok', bad: c.status && c.status !== 'ok' });
    }
    steps.push({ from: 'agent', to: 'user', label: short(e.finalOutput || '(no answer)', 40), answer: true });
    const rowH = 26;
    const height = 40 + steps.length * rowH + 10;
    const root = s('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'sequence', id: 'sequence' });
    root.appendChild(s('title', {}, 'Sequence diagram of this run'));
    const x = (lane) => laneW / 2 + lanes.indexOf(lane) * laneW;
    lanes.forEach((l) => {
      root.appendChild(s('text', { x: x(l), y: 16, 'text-anchor': 'middle', class: 'lane' }, short(l, 20)));
      root.appendChild(s('line', { x1: x(l), y1: 24, x2: x(l), y2: height - 6, class: 'lifeline' }));
    });
    steps.forEach((st, i) => {
      const y = 44 + i * rowH;
      const x1 = x(st.from);
      const x2 = x(st.to);
      root.appendChild(s('line', { x1, y1: y, x2, y2: y, class: 'msg-arrow' + (st.bad ? ' bad' : '') }));
      const dir = x2 > x1 ? -1 : 1;
      root.appendChild(s('polyline', { points: `${x2 + dir * 6},${y - 4} ${x2},${y} ${x2 + dir * 6},${y + 4}`, class: 'msg-arrow' + (st.bad ? ' bad' : '') }));
      root.appendChild(s('text', { x: (x1 + x2) / 2, y: y - 4, 'text-anchor': 'middle', class: st.bad ? 'bad' : '' }, st.label));
    });
    return root;
  }

  function toolList(t) {
    const calls = ((t && t.execution) || {}).toolCalls || [];
    if (!calls.length) return el('p', { class: 'muted' }, 'no tool calls');
    return el('ol', { class: 'tool-list' }, calls.map((c) => el('li', {}, `${c.name} `, statusText(c.status || 'ok'),
      el('pre', {}, JSON.stringify(c.parameters, null, 1)))));
  }

  function side(r, same, label) {
    const diff = (key) => (same[key] ? '' : 'differs');
    const t = r.transcript;
    return el('section', { class: 'side', 'data-side': label },
      el('h2', {}, `${label}: ${r.agent} · ${r.id}`),
      el('dl', { class: 'kv' },
        el('dt', {}, 'Test'), el('dd', { class: diff('test') }, r.test),
        el('dt', {}, 'Agent'), el('dd', { class: diff('agent') }, r.agent),
        el('dt', {}, 'Model'), el('dd', { class: diff('model') }, `${r.provider_type} ${r.model}`),
        el('dt', {}, 'Status'), el('dd', { class: diff('status') }, statusText(r.status)),
        el('dt', {}, 'Duration'), el('dd', {}, Fmt.ms(r.duration_ms)),
        el('dt', {}, 'Started'), el('dd', {}, Fmt.time(r.started))),
      el('h3', {}, 'Tool chain'), el('pre', { class: 'chain ' + diff('tool_chain') }, r.tool_chain || '(none)'),
      el('h3', {}, 'Final answer'), el('pre', { class: 'answer ' + diff('final_answer') }, (t && t.execution && t.execution.finalOutput) || r.final_answer || ''),
      r.error ? [el('h3', {}, 'Error'), el('pre', {}, r.error)] : null,
      el('h3', {}, 'Sequence'), t ? sequence(t) : el('p', { class: 'muted' }, 'no transcript kept'),
      el('h3', {}, 'Tool calls'), toolList(t));
  }

  // #/diff?a=RUN&b=RUN: two runs side by side (two agents on a test, or one test in two runs).
  async function diffView(view, params) {
    const a = params.get('a') || '';
    const b = params.get('b') || '';
    const form = el('form', { class: 'filters', id: 'diff-form' },
      el('label', {}, 'Run A', el('input', { name: 'a', value: a, size: 28, placeholder: '<run id>~<n>' })),
      el('label', {}, 'Run B', el('input', { name: 'b', value: b, size: 28, placeholder: '<run id>~<n>' })),
      el('button', { type: 'submit' }, 'Diff'));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      location.hash = `#/diff?a=${encodeURIComponent(form.elements.a.value)}&b=${encodeURIComponent(form.elements.b.value)}`;
    });
    view.replaceChildren(el('h1', {}, 'Two runs side by side'), form);
    if (!a || !b) {
      view.append(el('p', { class: 'muted' }, 'Open a run\'s grid and use "diff" on a row, or "compare" in a run\'s drawer.'));
      return;
    }
    const d = await Api.get('/diff', { a, b });
    const changed = Object.entries(d.same).filter(([, v]) => !v).map(([k]) => k.replace('_', ' '));
    view.append(el('p', { id: 'diff-summary', class: changed.length ? 'regression' : 'muted' },
      changed.length ? 'Differs in: ' + changed.join(', ') : 'Same verdict, answer and tool chain.'));
    view.append(el('div', { class: 'sides', id: 'diff' }, side(d.a, d.same, 'A'), side(d.b, d.same, 'B')));
  }

  function strip(outcomes) {
    return el('span', { class: 'strip' }, outcomes.map((o) => {
      const b = el('button', { type: 'button', class: 'verdict ' + o.status, title: `${Fmt.time(o.started)} · ${o.status} · ${o.run}${o.model ? ' · ' + o.model : ''}`,
        'aria-label': `${o.status} in ${o.run}` }, o.status[0].toUpperCase());
      b.addEventListener('click', () => Drawer.open(o.run));
      return b;
    }));
  }

  // #/tests?test=&agent=&kind=: each test × agent's verdicts over the newest saved runs, and its flip rate.
  async function testsView(view, params) {
    const test = params.get('test') || '';
    const agent = params.get('agent') || '';
    const kind = params.get('kind') || 'run';
    const changed = params.get('changed') === '1';
    const form = el('form', { class: 'filters', id: 'tests-form' },
      el('label', {}, 'Test', el('input', { name: 'test', value: test, size: 28, placeholder: 'a part of the test name' })),
      el('label', {}, 'Agent', el('input', { name: 'agent', value: agent, size: 12 })),
      el('label', {}, 'Saved as', el('select', { name: 'kind' }, [['run', 'plain runs'], ['bench', 'benches'], ['all', 'both']]
        .map(([v, l]) => el('option', { value: v, selected: v === kind }, l)))),
      el('label', { class: 'inline' }, el('input', { type: 'checkbox', name: 'changed', checked: changed }), ' changed only'),
      el('button', { type: 'submit' }, 'Show'));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const q = new URLSearchParams();
      for (const f of ['test', 'agent', 'kind']) if (form.elements[f].value) q.set(f, form.elements[f].value);
      if (form.elements.changed.checked) q.set('changed', '1');
      location.hash = '#/tests?' + q.toString();
    });
    view.replaceChildren(el('h1', {}, 'Tests over time'), el('p', { class: 'muted' },
      'Flip rate: how often a test\'s verdict (passed or failed) changed between consecutive verdicts; errors and timeouts are no verdict and counted apart. Flaky: it changed more than once; regression: it passed, then failed and stayed failed.'), form);
    const data = await Api.get('/tests', { test, agent, kind, changed: changed ? '1' : '', runs: 100 });
    if (!data.tests.length) {
      view.append(el('p', { class: 'muted', id: 'no-tests' }, 'No saved run matches.'));
      return;
    }
    view.append(table(['Test', 'Agent', { label: 'Runs', num: 1 }, { label: 'Errors', num: 1 }, { label: 'Flips', num: 1 }, { label: 'Flip rate', num: 1 }, 'Trend', 'Verdicts (oldest → newest)'],
      data.tests.map((t) => el('tr', { 'data-test': t.test },
        cell(t.test), cell(t.agent), cell(t.runs, true), cell(t.errors, true), cell(t.flips, true), cell(Fmt.pct(t.flip_rate), true),
        el('td', {}, el('span', { class: 'trend-label ' + t.trend }, t.trend)), el('td', {}, strip(t.outcomes)))), { id: 'flip-rates' }));
    if (data.total > data.tests.length) view.append(el('p', { class: 'muted' }, `${data.tests.length} of ${data.total} shown: narrow the test name.`));
  }

  return { grid, sequence, diffView, testsView };
})();

Views.diff = (view, params) => Viewer.diffView(view, params);
Views.tests = (view, params) => Viewer.testsView(view, params);
