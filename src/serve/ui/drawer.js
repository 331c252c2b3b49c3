// The per-run drawer: status, duration, tokens, cost, error, inputs, the full transcript (conversation,
// tool calls, assertions) of one run, loaded from GET /api/v1/runs/{id}, and a link to the run's standalone
// HTML report (GET /api/v1/runs/{id}/report) when a transcript was kept.
'use strict';

const Drawer = (() => {
  const root = () => document.getElementById('drawer');
  const body = () => document.getElementById('drawer-body');

  function kv(pairs) {
    return el('dl', { class: 'kv' }, pairs.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
  }

  function pre(value) {
    return el('pre', {}, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  }

  function contentText(content) {
    if (!Array.isArray(content)) return JSON.stringify(content, null, 2);
    return content.map((b) => (b.type === 'text' ? b.text : JSON.stringify(b, null, 2))).join('\n');
  }

  function assertionItem(a) {
    return el('li', { class: a.passed ? 'status passed' : 'status failed' }, `${a.passed ? '✓' : '✗'} ${a.type}`,
      a.message ? el('span', { class: 'muted' }, ' — ' + a.message) : null,
      a.children && a.children.length ? el('ul', {}, a.children.map(assertionItem)) : null);
  }

  // Opens in a new tab; with a bearer token (which a link cannot send) the page is downloaded instead.
  function reportLink(r) {
    if (!r.report_url) return '';
    const path = '/runs/' + Api.seg(r.id) + '/report';
    return el('p', {}, el('a', {
      id: 'run-report', href: Api.url(path), target: '_blank', rel: 'noopener noreferrer',
      onclick: (e) => {
        if (!Api.hasToken()) return;
        e.preventDefault();
        Api.download(path, 'run-' + r.id.replace(/[^A-Za-z0-9._-]/g, '_') + '.html')
          .catch((err) => body().prepend(el('div', { class: 'banner', role: 'alert' }, err.message)));
      },
    }, 'Open this run\'s report'));
  }

  function transcript(t) {
    if (!t) return [el('p', { class: 'muted', id: 'no-transcript' }, 'No transcript was kept for this run (it ran before agent-bench kept transcripts, or as a shard).')];
    const e = t.execution || {};
    const out = [];
    out.push(el('h3', {}, 'Assertions'), el('ul', { class: 'asserts' }, (t.assertions || []).map(assertionItem)));
    out.push(el('h3', {}, 'Prompt'), pre(e.prompt || ''));
    out.push(el('h3', {}, 'Conversation'), el('div', { id: 'conversation' }, (e.messages || []).map((m) => el('div', { class: 'msg' },
      el('div', { class: 'role' }, m.role + (m.toolName ? ' · ' + m.toolName : '')), pre(m.content)))));
    if ((e.toolCalls || []).length) {
      out.push(el('h3', {}, 'Tool calls'), table(['Tool', 'Arguments', 'Result', 'Status'], e.toolCalls.map((c) => el('tr', {},
        cell(`${c.server ? c.server + '/' : ''}${c.name}`), el('td', {}, pre(c.parameters)),
        el('td', {}, pre(c.result ? contentText(c.result.content) : c.error)), el('td', {}, statusText(c.status))))));
    }
    out.push(el('h3', {}, 'Final output'), pre(e.finalOutput || ''));
    if ((e.errors || []).length) out.push(el('h3', {}, 'Errors'), el('ul', {}, e.errors.map((x) => el('li', { class: 'status error' }, x))));
    out.push(el('details', {}, el('summary', {}, 'Raw transcript JSON'), pre(t)));
    return out;
  }

  // Adds "diff with the previous run" when the history has an earlier run of the same test and agent.
  async function previousRunLink(r) {
    try {
      const data = await Api.get('/tests', { test: r.test, agent: r.agent, kind: 'all', runs: 200, limit: 20 });
      const mine = data.tests.find((t) => t.test === r.test && t.agent === r.agent);
      if (!mine) return;
      const at = mine.outcomes.findIndex((o) => o.run === r.id);
      if (at <= 0) return;
      const links = document.getElementById('run-links');
      if (links) links.append(' · ', el('a', { id: 'diff-previous', href: `#/diff?a=${encodeURIComponent(mine.outcomes[at - 1].run)}&b=${encodeURIComponent(r.id)}` }, 'diff with the previous run'));
    } catch (err) { /* the link is optional */ }
  }

  async function open(id) {
    root().hidden = false;
    document.getElementById('drawer-title').textContent = 'Run ' + id;
    body().replaceChildren(el('p', { class: 'muted' }, 'Loading…'));
    try {
      const r = await Api.get('/runs/' + Api.seg(id));
      body().replaceChildren(
        kv([['Status', statusText(r.status)], ['Test', r.test], ['Config', r.config], ['Variant', r.variant],
          ['Repetition', String(r.repetition + 1)], ['Agent', r.agent], ['Provider', `${r.provider_type} ${r.model}`],
          ['Duration', Fmt.ms(r.duration_ms)], ['LLM / tools / waits', `${Fmt.ms(r.llm_ms)} / ${Fmt.ms(r.tool_ms)} / ${Fmt.ms(r.wait_ms)}`],
          ['Tokens', `${Fmt.num(r.prompt_tokens)} prompt (${Fmt.num(r.cached_tokens)} cached) + ${Fmt.num(r.completion_tokens)} completion`],
          ['Cost', Fmt.usd(r.cost_usd)], ['Retries', String(r.retries)], ['Started', Fmt.time(r.started)],
          ['Bench', el('a', { href: '#/bench/' + encodeURIComponent(r.bench_id) }, r.bench_id)]]),
        reportLink(r),
        el('p', { class: 'row', id: 'run-links' }, el('a', { href: `#/tests?test=${encodeURIComponent(r.test)}&agent=${encodeURIComponent(r.agent)}&kind=all` }, 'this test over time')),
        r.tool_chain ? el('div', {}, el('h3', {}, 'Tool chain'), el('pre', { class: 'chain', id: 'run-chain' }, r.tool_chain)) : '',
        r.transcript ? el('div', {}, el('h3', {}, 'Sequence'), Viewer.sequence(r.transcript)) : '',
        r.error ? el('div', {}, el('h3', {}, 'Error'), el('pre', { id: 'run-error' }, r.error)) : '',
        el('h3', {}, 'Inputs'), Object.keys(r.inputs || {}).length
          ? table(['Variable', 'Value'], Object.entries(r.inputs).map(([k, v]) => el('tr', {}, cell(k), cell(String(v)))), { id: 'run-inputs' })
          : el('p', { class: 'muted' }, 'none'),
        ...transcript(r.transcript));
      previousRunLink(r);
    } catch (err) {
      body().replaceChildren(el('div', { class: 'banner', role: 'alert' }, err.message));
    }
  }

  function close() { root().hidden = true; }

  document.addEventListener('DOMContentLoaded', () => {
    document.getElementById('drawer-close').addEventListener('click', close);
    document.addEventListener('keydown', (e) => { if (e.key === 'Escape') close(); });
  });
  return { open, close };
})();
