// The pages: benches list, one bench, history per suite/config, compare, fixtures, jobs. Every value from the
// server is put in the page as text (el() children and textContent), never as markup.
'use strict';

// el('td', {class: 'num'}, 'text', childNode, ...): an element with attributes (set as strings) and children.
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

const Fmt = {
  pct: (v) => (v === null || v === undefined ? '–' : (100 * v).toFixed(1) + '%'),
  ms: (v) => (v === null || v === undefined ? '–' : v >= 10000 ? (v / 1000).toFixed(1) + 's' : v >= 1000 ? (v / 1000).toFixed(2) + 's' : Math.round(v) + 'ms'),
  usd: (v) => (v === null || v === undefined ? 'unknown' : '$' + (v >= 1 ? v.toFixed(2) : v.toFixed(4))),
  num: (v) => (v === null || v === undefined ? '–' : Number(v).toLocaleString('en-US', { maximumFractionDigits: 1 })),
  time: (iso) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : '–'),
};

function table(head, rows, opts) {
  const o = opts || {};
  const thead = el('thead', {}, el('tr', {}, head.map((h) => el('th', { class: h.num ? 'num' : null }, h.label || h))));
  const tbody = el('tbody', {}, rows);
  return el('table', { class: o.class || null, id: o.id || null }, thead, tbody);
}

function cell(text, num) { return el('td', { class: num ? 'num' : null }, text); }

function card(label, value) { return el('div', { class: 'card' }, el('div', { class: 'l' }, label), el('div', { class: 'v' }, value)); }

function statusText(s) { return el('span', { class: 'status ' + s }, s); }

function showError(view, err) {
  view.replaceChildren(el('div', { class: 'banner', role: 'alert' }, err.message || String(err)));
}

const Views = {};

// ---- Runs and benches, newest first, in one list: search, filters, headline figures, compare two benches.
Views.benches = async (view, params) => {
  const form = el('form', { class: 'filters', id: 'bench-filters' });
  const fields = ['q', 'kind', 'suite', 'agent', 'config', 'provider', 'model', 'status', 'from', 'to'];
  const labels = { q: 'search', suite: 'file / suite', status: 'verdict' };
  const choices = { kind: [['', 'runs and benches'], ['run', 'runs'], ['bench', 'benches']],
    status: [['', 'any'], ['passed', 'passed'], ['failed', 'failed'], ['error', 'error'], ['timeout', 'timeout'], ['skipped', 'skipped']] };
  for (const f of fields) {
    const input = choices[f]
      ? el('select', { name: f }, choices[f].map(([v, l]) => el('option', { value: v, selected: (params.get(f) || '') === v }, l)))
      : el('input', { name: f, value: params.get(f) || '', size: f === 'q' ? 22 : f === 'from' || f === 'to' ? 11 : 12,
        type: f === 'q' ? 'search' : 'text', placeholder: f === 'from' || f === 'to' ? 'YYYY-MM-DD' : f === 'q' ? 'name, file, test, agent, model' : '' });
    form.append(el('label', {}, labels[f] || f, input));
  }
  form.append(el('button', { type: 'submit' }, 'Filter'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    for (const f of fields) if (form.elements[f].value) q.set(f, form.elements[f].value);
    location.hash = '#/?' + q.toString();
  });
  const compareBtn = el('button', { type: 'button', id: 'compare-selected', disabled: true }, 'Compare selected');
  view.replaceChildren(el('h1', {}, 'Runs and benches'), form, el('div', { class: 'row' }, compareBtn,
    el('span', { class: 'muted' }, 'tick two benches (older first) to compare them; open a run for its test × agent grid')));
  const query = {};
  for (const f of fields) if (params.get(f)) query[f] = params.get(f);
  const data = await Api.get('/benches', query);
  const picked = [];
  compareBtn.addEventListener('click', () => {
    location.hash = `#/compare?a=${encodeURIComponent(picked[0])}&b=${encodeURIComponent(picked[1])}`;
  });
  const rows = data.benches.map((b) => {
    const box = el('input', { type: 'checkbox', 'aria-label': 'select ' + b.id, class: 'pick' });
    box.addEventListener('click', (e) => e.stopPropagation());
    box.addEventListener('change', () => {
      const at = picked.indexOf(b.id);
      if (box.checked && at < 0) picked.push(b.id);
      if (!box.checked && at >= 0) picked.splice(at, 1);
      compareBtn.disabled = picked.length !== 2;
    });
    const kind = b.kind || 'bench';
    const tr = el('tr', { class: 'clickable', 'data-id': b.id, 'data-kind': kind },
      el('td', {}, box), el('td', {}, el('span', { class: 'kind ' + kind }, kind)), cell(Fmt.time(b.started)),
      el('td', {}, el('a', { href: '#/bench/' + encodeURIComponent(b.id) }, b.name)),
      cell(kind === 'run' && b.files.length ? b.files.map((f) => f.path).join(', ') : b.suite),
      cell((b.agents || []).join(', ')), cell(kind === 'run' ? '–' : b.configs.join(', ')), cell(b.overall.runs, true), cell(Fmt.pct(b.overall.success_rate), true),
      cell(Fmt.ms(b.overall.latency.p50_ms), true), cell(Fmt.ms(b.overall.latency.p95_ms), true),
      cell(Fmt.usd(b.overall.cost_per_run_usd), true), cell(b.tags.join(', ')));
    tr.addEventListener('click', () => { location.hash = '#/bench/' + encodeURIComponent(b.id); });
    return tr;
  });
  if (!rows.length) view.append(el('p', { class: 'muted', id: 'no-benches' }, 'Nothing matches. Every agent-bench -f run is saved here; start a bench with "Run bench".'));
  else view.append(table(['', 'Kind', 'Started', 'Name', 'File / suite', 'Agents', 'Configs', { label: 'Tests', num: 1 }, { label: 'Success', num: 1 },
    { label: 'p50', num: 1 }, { label: 'p95', num: 1 }, { label: 'Cost / run', num: 1 }, 'Tags'], rows, { id: 'benches' }));
};

function aggregateRow(first, a) {
  return el('tr', {}, first.map((f) => cell(f)), cell(a.runs, true), cell(`${Fmt.pct(a.success_rate)} (${Fmt.pct(a.success_ci[0])}–${Fmt.pct(a.success_ci[1])})`, true),
    cell(Fmt.ms(a.latency.p50_ms), true), cell(Fmt.ms(a.latency.p95_ms), true),
    cell(Fmt.num(a.prompt_tokens_mean + a.completion_tokens_mean), true), cell(Fmt.usd(a.cost_per_run_usd), true),
    cell(a.pass_at_k === null ? '–' : Fmt.pct(a.pass_at_k), true));
}
const AGG_HEAD = [{ label: 'Runs', num: 1 }, { label: 'Success (95% CI)', num: 1 }, { label: 'p50', num: 1 }, { label: 'p95', num: 1 },
  { label: 'Tokens / run', num: 1 }, { label: 'Cost / run', num: 1 }, { label: 'pass@k', num: 1 }];

// ---- One bench: figures, comparison table per config, plots, per-test table, runs (each opens the drawer).
Views.bench = async (view, params, id) => {
  const b = await Api.get('/benches/' + Api.seg(id));
  const o = b.overall;
  const fixture = b.fixture ? `${b.fixture.name} v${b.fixture.version} (${b.fixture.hash.slice(0, 19)})` : 'none';
  const isRun = b.kind === 'run';
  const files = (b.files || []).map((f) => `${f.path} (${f.content_hash ? f.content_hash.slice(0, 15) : 'unread'})`).join(', ');
  const gridBox = el('div', { id: 'grid-section' });
  view.replaceChildren(
    el('h1', {}, isRun ? 'Run ' : '', b.name, ' ', el('span', { class: 'muted' }, b.id)),
    el('p', { class: 'muted' }, isRun
      ? `files ${files} · started ${Fmt.time(b.started)} · agents ${(b.agents || []).join(', ')}`
      : `suite ${b.suite} · started ${Fmt.time(b.started)} · ${b.configs.length} configs × ${b.variants.length} variants × ${b.repetitions} runs · fixture ${fixture}`),
    el('h2', {}, isRun ? 'Tests × agents' : 'Tests × configs'), gridBox,
    el('div', { class: 'cards', id: 'bench-cards' }, card('Runs', o.runs), card('Success', Fmt.pct(o.success_rate)),
      card('p50', Fmt.ms(o.latency.p50_ms)), card('p95', Fmt.ms(o.latency.p95_ms)), card('Cost / run', Fmt.usd(o.cost_per_run_usd)),
      card('Cheapest', b.cheapest || '–'), card('Fastest', b.fastest || '–'), card('Most reliable', b.most_reliable || '–')),
    el('h2', {}, isRun ? 'Agents' : 'Configs'),
    table([isRun ? 'Agent' : 'Config', ...AGG_HEAD, 'History'], b.by_config.map((a) => {
      const tr = aggregateRow([a.config], a);
      tr.append(el('td', {}, el('a', { href: `#/history?suite=${encodeURIComponent(b.suite)}&config=${encodeURIComponent(a.config)}` }, 'trend')));
      return tr;
    }), { id: 'config-table' }));
  view.append(el('div', { class: 'charts', id: 'charts' },
    Charts.figure('Success rate per config', Charts.bars(b.by_config.map((a) => ({ label: a.config, value: a.success_rate })), { max: 1, format: Fmt.pct })),
    Charts.figure('Latency p50 / p95 per config', Charts.bars(b.by_config.map((a) => ({ label: a.config, value: a.latency.p50_ms, value2: a.latency.p95_ms })), { format: Fmt.ms })),
    Charts.figure('Cost per run', Charts.bars(b.by_config.map((a) => ({ label: a.config, value: a.cost_per_run_usd || 0 })), { format: Fmt.usd }))));
  view.append(el('h2', {}, 'Per test'), table(['Config', 'Test', ...AGG_HEAD], b.by_test.map((a) => aggregateRow([a.config, a.test], a))));
  view.append(el('h2', {}, 'Runs'), table(['Test', 'Agent', 'Config', 'Variant', { label: '#', num: 1 }, 'Status', { label: 'Duration', num: 1 },
    { label: 'Tokens', num: 1 }, { label: 'Cost', num: 1 }, 'Error'], b.runs.map((r) => {
    const tr = el('tr', { class: 'clickable run-row', 'data-run': r.id }, cell(r.test), cell(r.agent), cell(r.config), cell(r.variant), cell(r.repetition + 1, true),
      el('td', {}, statusText(r.status)), cell(Fmt.ms(r.duration_ms), true), cell(Fmt.num(r.prompt_tokens + r.completion_tokens), true),
      cell(Fmt.usd(r.cost_usd), true), cell(r.error.length > 80 ? r.error.slice(0, 79) + '…' : r.error));
    tr.addEventListener('click', () => Drawer.open(r.id));
    return tr;
  }), { id: 'runs' }));
  if (b.warnings.length) view.append(el('h2', {}, 'Warnings'), el('ul', {}, b.warnings.map((w) => el('li', {}, w))));
  await Viewer.grid(gridBox, b.id, params);
};

// ---- History of a suite (optionally one config): a row per bench with trends over time.
Views.history = async (view, params) => {
  const suite = params.get('suite') || '';
  const config = params.get('config') || '';
  const all = await Api.get('/benches', { limit: 200 });
  const suites = [...new Set(all.benches.map((b) => b.suite))];
  const configs = [...new Set(all.benches.filter((b) => !suite || b.suite === suite).flatMap((b) => b.configs))];
  const pick = (name, values, current) => el('label', {}, name, el('select', { name },
    el('option', { value: '' }, 'all'), values.map((v) => el('option', { value: v, selected: v === current }, v))));
  const form = el('form', { class: 'filters' }, pick('suite', suites, suite), pick('config', configs, config), el('button', { type: 'submit' }, 'Show'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = `#/history?suite=${encodeURIComponent(form.elements.suite.value)}&config=${encodeURIComponent(form.elements.config.value)}`;
  });
  view.replaceChildren(el('h1', {}, 'Trends'), el('p', { class: 'muted' }, 'One point per run or bench of the suite (oldest left); pick a config, or for plain runs an agent, to follow it alone.'), form);
  const data = suite || config ? await Api.get('/benches', { suite, config, limit: 200 }) : all;
  const rows = data.benches.map((b) => {
    const a = config ? b.by_config.find((c) => c.config === config) || b.overall : b.overall;
    return { b, a };
  });
  const oldestFirst = rows.slice().reverse();
  view.append(el('div', { class: 'charts', id: 'trends' },
    Charts.figure('Success rate over time', Charts.trend(oldestFirst.map((r) => ({ x: Fmt.time(r.b.started), y: r.a.success_rate })),
      { min: 0, max: 1, format: Fmt.pct, yLabel: 'success rate (%)', xLabel: 'start of run or bench (UTC)' })),
    Charts.figure('Latency p50 over time', Charts.trend(oldestFirst.map((r) => ({ x: Fmt.time(r.b.started), y: r.a.latency.p50_ms })),
      { min: 0, format: Fmt.ms, yLabel: 'latency p50 (ms / s)', xLabel: 'start of run or bench (UTC)' })),
    Charts.figure('Cost per run over time', Charts.trend(oldestFirst.filter((r) => r.a.cost_per_run_usd !== null).map((r) => ({ x: Fmt.time(r.b.started), y: r.a.cost_per_run_usd })),
      { min: 0, format: Fmt.usd, yLabel: 'cost per test run (USD)', xLabel: 'start of run or bench (UTC)' }))));
  view.append(table(['Created', 'Bench', 'Suite', { label: 'Runs', num: 1 }, { label: 'Success', num: 1 }, { label: 'p50', num: 1 },
    { label: 'p95', num: 1 }, { label: 'Cost / run', num: 1 }], rows.map(({ b, a }) => {
    const tr = el('tr', { class: 'clickable' }, cell(Fmt.time(b.started)), cell(b.name + ' · ' + b.id), cell(b.suite), cell(a.runs, true),
      cell(Fmt.pct(a.success_rate), true), cell(Fmt.ms(a.latency.p50_ms), true), cell(Fmt.ms(a.latency.p95_ms), true), cell(Fmt.usd(a.cost_per_run_usd), true));
    tr.addEventListener('click', () => { location.hash = '#/bench/' + encodeURIComponent(b.id); });
    return tr;
  }), { id: 'history' }));
};

// ---- Compare two benches (A before, B after) with the bench layer's significance tests.
Views.compare = async (view, params) => {
  const all = await Api.get('/benches', { limit: 200 });
  const a = params.get('a') || '';
  const b = params.get('b') || '';
  const force = params.get('force') === 'true';
  // A tag, prefix or "latest" in the address is kept as an option of its own, so the form shows what was compared.
  const pick = (name, current) => el('label', {}, name === 'a' ? 'A (before)' : 'B (after)', el('select', { name },
    el('option', { value: '' }, '–'), current && !all.benches.some((x) => x.id === current) ? el('option', { value: current, selected: true }, current) : null,
    all.benches.map((x) => el('option', { value: x.id, selected: x.id === current }, `${x.id} · ${x.name}`))));
  const forceBox = el('label', {}, el('input', { type: 'checkbox', name: 'force', checked: force }), ' compare different suites anyway');
  const form = el('form', { class: 'filters', id: 'compare-form' }, pick('a', a), pick('b', b), forceBox, el('button', { type: 'submit' }, 'Compare'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const f = form.elements.force.checked ? '&force=true' : '';
    location.hash = `#/compare?a=${encodeURIComponent(form.elements.a.value)}&b=${encodeURIComponent(form.elements.b.value)}${f}`;
  });
  view.replaceChildren(el('h1', {}, 'Compare benches'), form);
  if (!a || !b) return;
  let c;
  try {
    c = await Api.get('/compare', force ? { a, b, force: 'true' } : { a, b });
  } catch (err) {
    // Different suites are refused with a sentence naming both; say it here rather than as a page failure.
    if (err.status !== 400) throw err;
    view.append(el('p', { id: 'compare-error', class: 'regression' }, err.message));
    return;
  }
  // What regressed, by how much, with the test behind it: the bench layer's own sentence.
  const what = (ch) => (ch.regressions || []).map((r) => r.text).join('; ');
  const verdict = (ch) => (ch.presence === 'added' ? el('span', { class: 'muted' }, 'added in B')
    : ch.presence === 'removed' ? el('span', { class: 'muted' }, 'removed in B')
      : ch.regression ? el('span', { class: 'regression' }, 'regression: ' + what(ch))
        : ch.success_improvement || ch.latency_improvement ? el('span', { class: 'improvement' }, 'improvement')
          : el('span', { class: 'muted' }, ch.success_verdict === 'inconclusive' && ch.runs_needed
            ? `inconclusive (about ${ch.runs_needed} runs would settle it)` : 'no significant change'));
  const row = (first, ch) => el('tr', { class: ch.presence === 'both' ? '' : 'muted' }, first.map((f) => cell(f)),
    cell(ch.in_a ? Fmt.pct(ch.a.success_rate) : '–', true), cell(ch.in_b ? Fmt.pct(ch.b.success_rate) : '–', true),
    cell(ch.presence === 'both' ? `${ch.success_p.toFixed(3)} (${ch.success_test})` : '–', true),
    cell(ch.in_a ? Fmt.ms(ch.a.p50_ms) : '–', true), cell(ch.in_b ? Fmt.ms(ch.b.p50_ms) : '–', true),
    cell(ch.presence === 'both' ? ch.latency_p.toFixed(3) : '–', true), el('td', {}, verdict(ch)));
  const head = [{ label: 'Success A', num: 1 }, { label: 'Success B', num: 1 }, { label: 'p (success)', num: 1 }, { label: 'p50 A', num: 1 },
    { label: 'p50 B', num: 1 }, { label: 'p (Mann-Whitney)', num: 1 }, 'Verdict'];
  view.append(el('p', { id: 'compare-verdict', class: c.has_regression ? 'regression' : 'improvement' },
    c.has_regression ? `B (${c.b}) regressed against A (${c.a})` : `No regression from A (${c.a}) to B (${c.b})`));
  if (c.suites_differ) {
    view.append(el('p', { id: 'compare-suites', class: 'regression' },
      `A ran suite '${c.a_suite}' and B ran suite '${c.b_suite}': compared anyway, read with care.`));
  }
  if (c.regression_summary.length) {
    view.append(el('ul', { id: 'compare-regressions' }, c.regression_summary.map((t) => el('li', { class: 'regression' }, t))));
  }
  if (c.added_configs.length || c.removed_configs.length) {
    view.append(el('p', { id: 'compare-presence', class: 'muted' },
      [c.added_configs.length ? `Added in B: ${c.added_configs.join(', ')}.` : '',
        c.removed_configs.length ? `Removed in B: ${c.removed_configs.join(', ')}.` : ''].filter(Boolean).join(' ')));
  }
  view.append(el('h2', {}, 'Per config'), table(['Config', ...head], c.configs.map((ch) => row([ch.config], ch)), { id: 'compare-configs' }));
  const both = c.configs.filter((ch) => ch.presence === 'both');
  view.append(el('div', { class: 'charts' }, Charts.figure('Success rate, A then B', Charts.bars(both.flatMap((ch) => [
    { label: ch.config + ' · A', value: ch.a.success_rate }, { label: ch.config + ' · B', value: ch.b.success_rate }]), { max: 1, format: Fmt.pct }))));
  const changed = c.tests.filter((t) => t.regression || t.success_improvement || t.latency_improvement);
  view.append(el('h2', {}, 'Tests that changed significantly'), changed.length
    ? table(['Config', 'Test', ...head], changed.map((ch) => row([ch.config, ch.flaky ? `${ch.test} (flaky)` : ch.test], ch)), { id: 'compare-tests' })
    : el('p', { class: 'muted' }, 'none'));
};

// ---- Judge calibrations (agent-bench calibrate) per judge key over time: kappa with its interval, agreement, bias.
Views.calibrations = async (view, params) => {
  const judge = params.get('judge') || '';
  const data = await Api.get('/calibrations', judge ? { judge } : {});
  const form = el('form', { class: 'filters', id: 'calibrations-form' },
    el('label', {}, 'Judge', el('input', { name: 'judge', value: judge, placeholder: 'part of a judge key' })), el('button', { type: 'submit' }, 'Filter'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = `#/calibrations?judge=${encodeURIComponent(form.elements.judge.value)}`;
  });
  view.replaceChildren(el('h1', {}, 'Judge calibrations'), form);
  if (!data.judges.length) {
    view.append(el('p', { class: 'muted', id: 'no-calibrations' }, 'No judge calibrations stored yet: agent-bench calibrate SPEC.yaml saves them here.'));
    return;
  }
  const num = (v) => (v === null || v === undefined ? '–' : Number(v).toFixed(3));
  for (const j of data.judges) {
    const trend = j.calibrations.length > 1
      ? el('p', { class: j.kappa_change < 0 ? 'regression' : 'muted' }, `kappa ${num(j.calibrations[0].kappa)} → ${num(j.latest_kappa)} (${j.kappa_change >= 0 ? '+' : ''}${num(j.kappa_change)}) over ${j.calibrations.length} calibrations`)
      : null;
    view.append(el('h2', {}, j.judge_key), trend, table(['Calibrated', 'Calibration', 'Judge', { label: 'Kappa', num: 1 }, '95% interval',
      { label: 'Agreement', num: 1 }, { label: 'Bias', num: 1 }, { label: 'Items', num: 1 }], j.calibrations.map((c) => el('tr', {},
      cell(Fmt.time(c.created)), cell(c.calibration_name ? `${c.calibration_id} · ${c.calibration_name}` : c.calibration_id), cell(c.judge_name),
      cell(num(c.kappa), true), cell(`[${num(c.kappa_ci95[0])}, ${num(c.kappa_ci95[1])}]`),
      cell(Fmt.pct(c.agreement), true), cell(`${c.bias >= 0 ? '+' : ''}${(100 * c.bias).toFixed(1)} points`, true),
      cell(c.repetitions > 1 ? `${c.items} × ${c.repetitions}` : String(c.items), true))), { class: 'calibrations' }));
  }
};

// ---- Jobs started from this server.
Views.jobs = async (view) => {
  const data = await Api.get('/jobs');
  view.replaceChildren(el('h1', {}, 'Jobs'), data.jobs.length ? table(['Job', 'State', 'Suite', 'Progress', 'Bench', 'Created'], data.jobs.map((j) => {
    const tr = el('tr', { class: 'clickable' }, cell(j.id), el('td', {}, el('span', { class: 'state ' + j.state }, j.state)), cell(j.request.suite),
      cell(`${j.progress.done}/${j.progress.total}`), cell(j.bench_id || '–'), cell(Fmt.time(j.created)));
    tr.addEventListener('click', () => { location.hash = '#/job/' + encodeURIComponent(j.id); });
    return tr;
  })) : el('p', { class: 'muted' }, 'No jobs yet.'));
};

// ---- Fixtures: list, create, and one fixture with its versions (editing saves a new version).
Views.fixtures = async (view) => {
  const data = await Api.get('/fixtures');
  const form = el('form', { class: 'stack', id: 'fixture-form' },
    el('label', {}, 'Name', el('input', { name: 'name', required: true })),
    el('label', {}, 'Description', el('input', { name: 'description' })),
    el('label', {}, 'Variants (JSON)', el('textarea', { name: 'variants', rows: 6 }, '[{"name": "cats", "variables": {"topic": "cats"}}]')),
    el('div', { class: 'row' }, el('button', { type: 'submit' }, 'Create fixture'), el('span', { class: 'muted', id: 'fixture-msg' })));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const variants = JSON.parse(form.elements.variants.value);
      await Api.post('/fixtures', { name: form.elements.name.value, description: form.elements.description.value, variants });
      location.hash = '#/fixture/' + encodeURIComponent(form.elements.name.value);
    } catch (err) { document.getElementById('fixture-msg').textContent = err.message; }
  });
  view.replaceChildren(el('h1', {}, 'Fixtures'), data.fixtures.length ? table(['Name', { label: 'Version', num: 1 }, 'Hash', { label: 'Variants', num: 1 }, 'Description', 'Created'],
    data.fixtures.map((f) => {
      const tr = el('tr', { class: 'clickable' }, cell(f.name), cell('v' + f.version, true), cell(f.hash.slice(0, 19)), cell(f.variant_count, true), cell(f.description), cell(Fmt.time(f.created)));
      tr.addEventListener('click', () => { location.hash = '#/fixture/' + encodeURIComponent(f.name); });
      return tr;
    }), { id: 'fixtures' }) : el('p', { class: 'muted' }, 'No fixtures yet.'), el('h2', {}, 'New fixture'), form);
};

Views.fixture = async (view, params, name) => {
  const f = await Api.get('/fixtures/' + Api.seg(name));
  const form = el('form', { class: 'stack' },
    el('label', {}, 'Description', el('input', { name: 'description', value: f.description })),
    el('label', {}, 'Variants (JSON)', el('textarea', { name: 'variants', rows: 10 }, JSON.stringify(f.variants, null, 2))),
    el('div', { class: 'row' }, el('button', { type: 'submit' }, 'Save as new version'),
      el('button', { type: 'button', class: 'danger', id: 'fixture-delete' }, 'Delete'), el('span', { class: 'muted', id: 'fixture-msg' })));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await Api.put('/fixtures/' + Api.seg(name), { description: form.elements.description.value, variants: JSON.parse(form.elements.variants.value) });
      App.route();
    } catch (err) { document.getElementById('fixture-msg').textContent = err.message; }
  });
  view.replaceChildren(el('h1', {}, `Fixture ${f.name} v${f.version}`), el('p', { class: 'muted' }, f.hash), form,
    el('h2', {}, 'Versions'), table([{ label: 'Version', num: 1 }, 'Hash', { label: 'Variants', num: 1 }, 'Created'],
      f.versions.slice().reverse().map((v) => el('tr', {}, cell('v' + v.version, true), cell(v.hash), cell(v.variant_count, true), cell(Fmt.time(v.created))))));
  document.getElementById('fixture-delete').addEventListener('click', async () => {
    if (!confirm(`Delete every version of ${f.name}? Benches keep the version they recorded.`)) return;
    await Api.del('/fixtures/' + Api.seg(name));
    location.hash = '#/fixtures';
  });
};
