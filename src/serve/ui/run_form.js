// "Run bench": a form that POSTs /api/v1/jobs, and the job page that follows it live over server-sent events
// with a progress bar and a cancel button.
'use strict';

Views.run = async (view, params) => {
  let fixtures = { fixtures: [] };
  try { fixtures = await Api.get('/fixtures'); } catch (e) { /* the form works without fixtures */ }
  let info = null;
  try { info = await Api.get('/info'); } catch (e) { /* the form works without it */ }
  const form = el('form', { class: 'stack', id: 'run-form' },
    el('label', {}, 'Suite or test file (path on the server)', el('input', { name: 'suite', required: true, value: params.get('suite') || '', placeholder: 'suites/bench/tests.yaml' })),
    el('label', {}, 'Configs file (path on the server)', el('input', { name: 'configs', value: params.get('configs') || '', placeholder: 'suites/bench/configs.yaml' })),
    el('label', {}, 'or inline configs (YAML; used when no configs file is given)', el('textarea', { name: 'configs_yaml', rows: 6 })),
    el('label', {}, 'Runs (repetitions; empty = the configs file\'s)', el('input', { name: 'runs', type: 'number', min: 1, max: 1000 })),
    el('label', {}, 'Fixture (replaces the variants)', el('select', { name: 'fixture' }, el('option', { value: '' }, 'none'),
      fixtures.fixtures.map((f) => el('option', { value: f.name }, `${f.name} (v${f.version})`)))),
    el('div', { class: 'row' }, el('button', { type: 'submit', id: 'run-submit' }, 'Start bench'), el('span', { class: 'banner', id: 'run-error', hidden: true })));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = form.elements;
    const body = { suite: f.suite.value.trim() };
    if (f.configs.value.trim()) body.configs = f.configs.value.trim();
    else if (f.configs_yaml.value.trim()) body.configs_yaml = f.configs_yaml.value;
    if (f.runs.value) body.runs = Number(f.runs.value);
    if (f.fixture.value) body.fixture = f.fixture.value;
    const errorBox = document.getElementById('run-error');
    try {
      const job = await Api.post('/jobs', body);
      location.hash = '#/job/' + encodeURIComponent(job.id);
    } catch (err) {
      errorBox.hidden = false;
      const named = !err.field || err.message.startsWith(err.field + ':');  // the API's message may name it already
      errorBox.textContent = (named ? '' : err.field + ': ') + err.message;
      if (err.field && f[err.field]) f[err.field].focus();
    }
  });
  const where = info ? el('p', { class: 'muted', id: 'run-base-dir' },
    `Paths are relative to ${info.base_dir} on the server; files outside it are refused.`) : null;
  view.replaceChildren(...[el('h1', {}, 'Run bench'), where, form].filter(Boolean));
};

Views.job = async (view, params, id) => {
  const job = await Api.get('/jobs/' + Api.seg(id));
  const state = el('span', { class: 'state ' + job.state, id: 'job-state' }, job.state);
  const counts = el('span', { id: 'job-counts', class: 'muted' });
  const bar = el('div', { class: 'bar', id: 'job-bar' });
  const events = el('ol', { class: 'events', id: 'job-events' });
  const cancel = el('button', { type: 'button', class: 'danger', id: 'job-cancel' }, 'Cancel');
  const result = el('p', { id: 'job-result' });
  view.replaceChildren(el('h1', {}, 'Job ', job.id, ' ', state), el('p', { class: 'muted' }, `suite ${job.request.suite}`),
    el('div', { class: 'progress' }, bar), el('div', { class: 'row' }, counts, cancel), result, el('h2', {}, 'Events'), events);

  function show(snapshot) {
    state.textContent = snapshot.state;
    state.className = 'state ' + snapshot.state;
    const total = snapshot.total || 0;
    const done = snapshot.done || 0;
    bar.style.width = total ? `${Math.round((100 * done) / total)}%` : '0';
    counts.textContent = `${done}/${total} planned runs`;
    const final = ['completed', 'failed', 'cancelled'].includes(snapshot.state);
    cancel.disabled = final;
    if (snapshot.state === 'completed' && snapshot.bench_id) {
      result.replaceChildren('Saved as bench ', el('a', { href: '#/bench/' + encodeURIComponent(snapshot.bench_id), id: 'job-bench-link' }, snapshot.bench_id));
    } else if (snapshot.state === 'failed') {
      result.replaceChildren(el('span', { class: 'status failed' }, snapshot.error || 'failed'));
    } else if (snapshot.state === 'cancelled') {
      result.replaceChildren(el('span', { class: 'state cancelled' }, 'Cancelled: the partial bench was not saved.'));
    }
  }
  show({ state: job.state, done: job.progress.done, total: job.progress.total, bench_id: job.bench_id, error: job.error });
  cancel.addEventListener('click', async () => {
    cancel.disabled = true;
    try { await Api.post('/jobs/' + Api.seg(id) + '/cancel'); } catch (err) { result.textContent = err.message; }
  });

  const controller = new AbortController();
  App.onLeave(() => controller.abort());
  let last = { state: job.state, done: job.progress.done, total: job.progress.total };
  Api.stream('/jobs/' + Api.seg(id) + '/events', (ev) => {
    const d = ev.data;
    last = Object.assign({}, last, d);
    const text = ev.type === 'progress'
      ? `[${d.done}/${d.total}] ${d.config} · ${d.variant} · #${d.repetition}: ${d.passed} passed, ${d.failed} failed, ${d.errored} errors (${Fmt.ms(d.duration_ms)})`
      : `state: ${d.state}${d.error ? ' — ' + d.error : ''}`;
    events.append(el('li', { class: 'event-' + ev.type }, text));
    show(last);
  }, controller.signal).catch((err) => { if (err.name !== 'AbortError') result.textContent = err.message; });
};
