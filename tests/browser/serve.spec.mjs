// Browser proof of `agent-bench serve` (issue 11): headless Chromium drives the web UI of a real server over a
// fresh SQLite history. It launches a bench from the "Run bench" form against the offline mock provider and
// watches it complete over server-sent events, opens the bench page and a run's drawer (with its transcript and
// the link to the run's HTML report, which it follows),
// launches a second bench with a hostile fixture (its text must stay text), compares the two benches, checks the
// history trends, cancels a job from its page, and opens the drawer of a bench run from the command line on a
// server with a token, and browses plain `agent-bench -f` runs in the viewer (grid, search, diff, flip rates,
// trends, the run drawer's sequence diagram), and the Judges page over two calibrations of the shipped labelled set.
// The browser signs in through the address serve prints (?token=..., which sets the cookie);
// hostile pages are refused: one reached through a rebound name (127.attacker.example) and one on another port of
// 127.0.0.1 that tries to cancel a running job (CSRF). Screenshots go to BUILD_DIR/browser-artifacts/serve/.
//
// Usage: node serve.spec.mjs AGENT_BENCH BUILD_DIR. Exits 0 when every check passed, 1 otherwise.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const [binaryArg, buildDir] = process.argv.slice(2);
if (!binaryArg || !buildDir) {
  console.error('usage: node serve.spec.mjs AGENT_BENCH BUILD_DIR');
  process.exit(2);
}
const binary = path.resolve(binaryArg);
const artifacts = path.join(path.resolve(buildDir), 'browser-artifacts', 'serve');
const chromiumPath = process.env.AB_CHROMIUM || '/usr/bin/chromium';
const PAYLOAD = `<script>alert(1)</script> <img src=x onerror=alert(1)> "q" 'a' &amp;`;

let passed = 0;
let failed = 0;
function check(ok, what, detail) {
  if (ok) {
    passed++;
    console.log(`ok   ${what}`);
  } else {
    failed++;
    console.log(`FAIL ${what}${detail === undefined ? '' : `: ${detail}`}`);
  }
}

// Starts the server on a free port in |dir| and resolves with its URL and the sign-in address it printed
// ("open http://127.0.0.1:PORT/?token=...").
function startServer(dir, extraArgs = [], env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['serve', '--store', path.join(dir, 'history.db'), '--port', '0', ...extraArgs],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, AB_SERVE_TOKEN: '', ...env } });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}${err}`)), 30000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/at (http:\/\/127\.0\.0\.1:\d+)\//);
      const t = out.match(/open (http:\/\/127\.0\.0\.1:\d+\/\?token=([0-9a-f]{64}))/);
      if (m && (t || out.includes('?token=<your token>'))) {
        clearTimeout(timer);
        resolve({ child, url: m[1], signin: t ? t[1] : '', token: t ? t[2] : '', out: () => out, err: () => err });
      }
    });
    child.stderr.on('data', (d) => { err += d; });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}${err}`)));
  });
}

function watch(page, origin) {
  const trouble = { console: [], errors: [], dialogs: [], requests: [] };
  page.on('console', (m) => { if (m.type() === 'error') trouble.console.push(m.text()); });
  page.on('pageerror', (e) => trouble.errors.push(String(e)));
  page.on('dialog', async (d) => {
    trouble.dialogs.push(`${d.type()}: ${d.message()}`);
    await d.dismiss().catch(() => {});
  });
  page.on('request', (r) => { if (!r.url().startsWith(origin)) trouble.requests.push(r.url()); });
  return trouble;
}

async function ready(page) {
  await page.waitForFunction(() => document.getElementById('view').dataset.ready === '1', null, { timeout: 30000 });
}

/// Follows the finished job's link to its bench page and waits until that page (not the job page it replaces,
/// whose view is already marked ready) has rendered its runs.
/// Marks the current view as not ready before an in-page navigation (a hash change keeps the document), so the
/// next ready() waits for the new route's render instead of seeing the old one.
async function unready(page) {
  await page.evaluate(() => {
    const view = document.getElementById('view');
    if (view) view.dataset.ready = '0';
  }).catch(() => {});
}

async function openBenchFromJob(page) {
  await page.click('#job-bench-link');
  await page.waitForFunction(() => location.hash.startsWith('#/bench/') && document.querySelector('#runs tbody td') &&
    document.getElementById('view').dataset.ready === '1', null, { timeout: 30000 });
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

async function texts(page, selector) {
  return page.evaluate((s) => Array.from(document.querySelectorAll(s)).map((e) => e.textContent), selector);
}

// Fills and submits the Run bench form, then waits on the job page until the job ends; returns the final state.
async function runBenchFromForm(page, url, fields, name) {
  await unready(page);
  await page.goto(`${url}/#/run`);
  await ready(page);
  await page.fill('#run-form input[name=suite]', fields.suite);
  await page.fill('#run-form input[name=configs]', fields.configs);
  await page.fill('#run-form input[name=runs]', String(fields.runs));
  if (fields.fixture) await page.selectOption('#run-form select[name=fixture]', fields.fixture);
  await page.click('#run-submit');
  await page.waitForURL(/#\/job\//, { timeout: 30000 });
  await ready(page);
  await page.waitForFunction(() => ['completed', 'failed', 'cancelled'].includes(document.getElementById('job-state').textContent),
    null, { timeout: 180000 });
  await shot(page, `${name}-job`);
  return page.textContent('#job-state');
}

// The command line: without a token serve makes one and prints it once in the address to open (also on a
// non-loopback address); a token given with --token is never printed (and serve warns that ps shows it).
async function checkCommandLine(dir) {
  const open = await startServer(dir, ['--host', '0.0.0.0']);
  try {
    check(/^[0-9a-f]{64}$/.test(open.token) && open.signin === `${open.url}/?token=${open.token}`,
      'serve --host 0.0.0.0 prints a ready-to-open address with a generated token', open.out());
    const none = await fetch(`${open.url}/api/v1/benches`);
    const bearer = await fetch(`${open.url}/api/v1/benches`, { headers: { Authorization: `Bearer ${open.token}` } });
    check(none.status === 401 && bearer.status === 200, 'the API needs the printed token (401 without, 200 with)',
      `${none.status} ${bearer.status}`);
  } finally {
    open.child.kill('SIGTERM');
  }
  const secret = 'tok-5ecret-never-printed';
  const given = await startServer(dir, ['--token', secret]);
  try {
    const status = (await fetch(`${given.url}/api/v1/benches`)).status;
    check(!given.out().includes(secret) && !given.err().includes(secret), 'serve --token never prints the token',
      given.out() + given.err());
    check(given.err().includes('visible to every local user'), 'serve --token warns that ps shows it', given.err());
    check(status === 401, 'with a given token, an API request without it is refused (401)', `${status}`);
  } finally {
    given.child.kill('SIGTERM');
  }
}

// Pages that are not this server's: one reached through a rebound DNS name (the browser maps 127.attacker.example
// to 127.0.0.1, as a rebinding attack does) and one on another port of 127.0.0.1 (the same site for cookies) that
// tries to cancel the running job |id| and to read the API. None of it works.
async function checkHostilePages(context, server, id) {
  const port = new URL(server.url).port;
  const page = await context.newPage();
  const rebound = await page.goto(`http://127.attacker.example:${port}/api/v1/benches`);
  check(rebound.status() === 403, 'DNS rebinding: the API under another host name answers 403', `${rebound.status()}`);
  const reboundPage = await page.goto(`http://127.attacker.example:${port}/`);
  check(reboundPage.status() === 403, 'DNS rebinding: the UI under another host name answers 403', `${reboundPage.status()}`);
  const attacker = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!DOCTYPE html><title>attacker</title><p>hello</p>');
  });
  await new Promise((r) => attacker.listen(0, '127.0.0.1', r));
  try {
    await page.goto(`http://127.0.0.1:${attacker.address().port}/`);
    const tried = await page.evaluate(async ({ base, job }) => {
      const out = {};
      // A body-less cross-site POST, the kind a form or a "simple" fetch sends, with the cookie if the browser sends it.
      try {
        await fetch(`${base}/api/v1/jobs/${job}/cancel`, { method: 'POST', mode: 'no-cors', credentials: 'include' });
        out.post = 'sent';
      } catch (e) { out.post = String(e); }
      try {
        await fetch(`${base}/api/v1/jobs/${job}/cancel`, { method: 'POST', mode: 'no-cors', credentials: 'include',
          headers: { 'Content-Type': 'text/plain' }, body: '{}' });
        out.post2 = 'sent';
      } catch (e) { out.post2 = String(e); }
      try {
        const r = await fetch(`${base}/api/v1/benches`, { credentials: 'include' });
        out.read = `read ${r.status}`;
      } catch (e) { out.read = 'blocked'; }
      return out;
    }, { base: server.url, job: id });
    check(tried.read === 'blocked', 'a page on another port cannot read the API', JSON.stringify(tried));
    await new Promise((r) => setTimeout(r, 1000));
    const job = await (await fetch(`${server.url}/api/v1/jobs/${id}`, { headers: { Authorization: `Bearer ${server.token}` } })).json();
    check(job.state === 'running', 'CSRF: cross-site POSTs did not cancel the running job', job.state);
    await shot(page, 'attacker-page');
  } finally {
    attacker.close();
    await page.close();
  }
}

// A bench run with `agent-bench bench` (the command line) keeps its transcripts. Served with a token from
// AB_SERVE_TOKEN and opened without the sign-in address, the page asks for the token (kept as a bearer token for
// the tab); the drawer then shows the conversation, and the report link (which cannot send a bearer token)
// downloads the run's page.
async function checkCommandLineBench(browser, dir) {
  const ran = spawnSync(binary, ['bench', 'suite/tests.yaml', '--configs', 'suite/configs.yaml', '--runs', '1',
    '--store', 'cli-bench.db', '-o', 'cli-out/bench'], { cwd: dir, encoding: 'utf8', timeout: 180000 });
  check(ran.status === 0, 'agent-bench bench from the command line saved a bench', `${ran.status}: ${ran.stderr}`);
  const secret = 'tok-cli-bench-drawer';
  const child = spawn(binary, ['serve', '--store', path.join(dir, 'cli-bench.db'), '--port', '0'],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, AB_SERVE_TOKEN: secret } });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  try {
    for (let i = 0; i < 300 && !out.match(/at http:\/\/127\.0\.0\.1:\d+\//); i++) await new Promise((r) => setTimeout(r, 100));
    const m = out.match(/at (http:\/\/127\.0\.0\.1:\d+)\//);
    check(Boolean(m), 'serve started on the command-line history', out);
    if (!m) return;
    check(!out.includes(secret), 'a token from AB_SERVE_TOKEN is not printed', out);
    const base = m[1];
    const benches = await (await fetch(`${base}/api/v1/benches`, { headers: { Authorization: `Bearer ${secret}` } })).json();
    const id = benches.benches && benches.benches[0] ? benches.benches[0].id : '';
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${base}/#/bench/${encodeURIComponent(id)}`);
    await page.waitForSelector('#token-dialog[open]', { timeout: 30000 });
    await shot(page, 'cli-bench-token-dialog');
    await page.fill('#token-input', secret);
    await page.click('#token-form button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#runs tbody tr.run-row') &&
      document.getElementById('view').dataset.ready === '1', null, { timeout: 30000 });
    await page.locator('#runs tbody tr.run-row').first().click();
    await page.waitForSelector('#drawer:not([hidden]) #conversation', { timeout: 30000 });
    const msgs = await page.locator('#conversation .msg').count();
    check(msgs >= 2, 'drawer of a command-line bench: the transcript shows the conversation', `${msgs} messages`);
    const testKey = await page.evaluate(() => {
      const dt = Array.from(document.querySelectorAll('#drawer dl.kv dt')).find((d) => d.textContent === 'Test');
      return dt ? dt.nextElementSibling.textContent : '';
    });
    const testName = testKey.slice(testKey.lastIndexOf('/') + 1);
    await shot(page, 'cli-bench-drawer');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }), page.click('#drawer #run-report')]);
    const saved = fs.readFileSync(await download.path(), 'utf8');
    check(testName !== '' && saved.includes('<!DOCTYPE html>') && saved.includes(testName),
      'with a token, the report link downloads the run\'s page', `${download.suggestedFilename()} ${testName}`);
    await context.close();
  } finally {
    child.kill('SIGTERM');
  }
}

// Two command-line benches of one suite where B's model is the sloppy one (3 of 4 tests fail, 3 repetitions): the
// compare page says B regressed and the regression line names the metric and by how much.
async function checkCompareRegression(browser, dir) {
  const rdir = path.join(dir, 'regress');
  fs.mkdirSync(rdir, { recursive: true });
  const variants = 'variants:\n  - name: cats\n    variables: {topic: cats}\n  - name: dogs\n    variables: {topic: dogs}\nruns: 3\n';
  fs.writeFileSync(path.join(rdir, 'a.yaml'), `name: regress\nconfigs:\n  - name: accurate\n    provider: mock\n${variants}`);
  fs.writeFileSync(path.join(rdir, 'b.yaml'),
    `name: regress\nconfigs:\n  - name: accurate\n    provider: {type: MOCK, mock_script: ../suite/mock-sloppy.yaml}\n${variants}`);
  const ids = [];
  for (const side of ['a', 'b']) {
    const ran = spawnSync(binary, ['bench', '../suite/tests.yaml', '--configs', `${side}.yaml`, '--store', 'history.db',
      '-o', `out-${side}/bench`, '--tag', `regress-${side}`], { cwd: rdir, encoding: 'utf8', timeout: 180000 });
    check(ran.status === 0 || ran.status === 1, `regression bench ${side} ran`, `${ran.status}: ${ran.stderr}`);
    ids.push(`regress-${side}`);
  }
  const server = await startServer(rdir);
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(server.signin);
    await ready(page);
    await unready(page);
    await page.goto(`${server.url}/#/compare?a=${ids[0]}&b=${ids[1]}`);
    await ready(page);
    const lines = await texts(page, '#compare-regressions li');
    check(lines.some((t) => t.includes("config 'accurate'") && t.includes('success rate') && t.includes('points')),
      'compare: the regression line names the metric and by how much', lines.join(' | '));
    await shot(page, 'compare-regression');
  } finally {
    await context.close();
    server.child.kill('SIGTERM');
  }
}

// The Judges page: the shipped labelled set (suites/calibrate/spec.yaml: three mock judges of known kappa) is
// calibrated twice from the command line into a fresh history, then the page lists each judge key with both
// calibrations, kappa, its interval and bias, the trend over time, and filters by part of a judge key.
// Screenshots: judges*.png.
async function checkJudges(browser, dir) {
  const jdir = path.join(dir, 'judges');
  fs.rmSync(jdir, { recursive: true, force: true });
  fs.mkdirSync(jdir, { recursive: true });
  const spec = path.join(root, 'suites', 'calibrate', 'spec.yaml');
  for (let i = 0; i < 2; i++) {
    const ran = spawnSync(binary, ['calibrate', spec, '--store', 'history.db', '-o', `cal-${i}`],
      { cwd: jdir, encoding: 'utf8', timeout: 180000 });
    check(ran.status === 0, `calibration ${i + 1} of the shipped labelled set ran`, `${ran.status}: ${ran.stderr}`);
  }
  const server = await startServer(jdir);
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  try {
    const page = await context.newPage();
    const trouble = watch(page, server.url);
    await page.goto(server.signin);
    await ready(page);
    await unready(page);
    await page.click('a[data-nav=calibrations]');
    await ready(page);
    const keys = await texts(page, '#view h2');
    check(keys.length === 3 && ['faithful', 'lenient', 'strict'].every((j) => keys.includes(`MOCK/judge-${j}/facts-v1`)),
      'Judges: one section per judge key', keys.join(' | '));
    const faithful = await page.evaluate(() => {
      const h = Array.from(document.querySelectorAll('#view h2')).find((e) => e.textContent.includes('judge-faithful'));
      let next = h.nextElementSibling;
      const trend = next && next.tagName === 'P' ? next.textContent : '';
      while (next && next.tagName !== 'TABLE') next = next.nextElementSibling;
      const rows = Array.from(next.querySelectorAll('tbody tr')).map((tr) => Array.from(tr.cells).map((c) => c.textContent));
      return { trend, rows };
    });
    check(faithful.rows.length === 2, 'Judges: both calibrations of a judge are listed', JSON.stringify(faithful.rows));
    check(faithful.rows.every((r) => r[3] === '0.800' && r[6] === '-10.0 points' && r[7] === '10 × 3'),
      'Judges: kappa 0.800, bias -10 points and 10 items × 3 repetitions for the faithful judge', JSON.stringify(faithful.rows));
    check(faithful.rows.every((r) => /^\[-?\d\.\d{3}, -?\d\.\d{3}\]$/.test(r[4]) && r[1].startsWith('cal-facts-judges-')),
      'Judges: each calibration names its id and a 95% interval', JSON.stringify(faithful.rows));
    check(faithful.trend.includes('kappa 0.800 → 0.800') && faithful.trend.includes('over 2 calibrations'),
      'Judges: the trend of a judge over its calibrations', faithful.trend);
    await shot(page, 'judges');

    await unready(page);
    await page.fill('#calibrations-form input[name=judge]', 'lenient');
    await page.click('#calibrations-form button[type=submit]');
    await page.waitForURL(/judge=lenient/);
    await ready(page);
    const filtered = await texts(page, '#view h2');
    const kappas = await texts(page, 'table.calibrations tbody td:nth-child(4)');
    check(filtered.length === 1 && filtered[0] === 'MOCK/judge-lenient/facts-v1' && kappas.every((k) => k === '0.000'),
      'Judges: the filter keeps the judge keys that contain it (lenient: kappa 0.000)', `${filtered} ${kappas}`);
    await unready(page);
    await page.goto(`${server.url}/#/calibrations?judge=no-such-judge`);
    await ready(page);
    check(await page.isVisible('#no-calibrations'), 'Judges: a filter that matches nothing says how calibrations are stored');
    await shot(page, 'judges-none');
    check(trouble.errors.length === 0 && trouble.console.length === 0, 'Judges: no page or console errors',
      JSON.stringify(trouble));
  } finally {
    await context.close();
    server.child.kill('SIGTERM');
  }
}

// The viewer over plain runs: `agent-bench -f` run twice from the command line (two agents on the sample MCP
// server; bob's answer changes between the runs), both saved to the history, then browsed: the runs-and-benches
// list with search and the kind filter, a run's test × agent grid (cells with verdict, answer and tool chain;
// failures only; sorting), a cell's drawer with its sequence diagram, two agents side by side, the flip rates,
// and the trends with labelled axes. Screenshots: viewer-*.png.
async function checkViewer(browser, dir) {
  const vdir = path.join(dir, 'viewer');
  fs.mkdirSync(vdir, { recursive: true });
  const sample = path.join(path.resolve(buildDir), 'sample-mcp-server');
  fs.writeFileSync(path.join(vdir, 'alice.yaml'), 'rules:\n  - match: "weather"\n    replies:\n' +
    '      - tool_calls: [{name: get_weather, arguments: {city: Paris}}]\n      - text: "Paris is sunny today"\n');
  const bob = (answer) => fs.writeFileSync(path.join(vdir, 'bob.yaml'), `rules:\n  - match: "weather"\n    replies:\n      - text: "${answer}"\n`);
  fs.writeFileSync(path.join(vdir, 'tests.yaml'), [
    'providers:',
    '  - {name: mock-a, type: MOCK, mock_script: alice.yaml}',
    '  - {name: mock-b, type: MOCK, mock_script: bob.yaml}',
    'servers:',
    `  - {name: sample, type: stdio, command: "${sample}"}`,
    'agents:',
    '  - {name: alice, provider: mock-a, servers: [{name: sample}]}',
    '  - {name: bob, provider: mock-b, servers: [{name: sample}]}',
    'sessions:',
    '  - name: Weather',
    '    tests:',
    '      - name: Uses the weather tool',
    '        prompt: "What is the weather in Paris?"',
    '        assertions:',
    '          - {type: tool_called, tool: get_weather}',
    '      - name: Says it is sunny',
    '        prompt: "Is the weather sunny in Paris?"',
    '        assertions:',
    '          - {type: output_contains, value: sunny}',
    ''].join('\n'));
  const runOnce = () => spawnSync(binary, ['-f', 'tests.yaml', '--store', 'history.db', '-o', 'out/report', '--no-progress'],
    { cwd: vdir, encoding: 'utf8', timeout: 120000 });
  bob('It is sunny, I think');
  const first = runOnce();
  bob('I do not know');
  const second = runOnce();
  check(first.status === 1 && second.status === 1 && /saved run \S+ to the history/.test(first.stderr) && /saved run \S+ to the history/.test(second.stderr),
    'two plain runs from the command line were saved to the history', `${first.status} ${second.status}: ${first.stderr} ${second.stderr}`);
  const server = await startServer(vdir);
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  const trouble = watch(page, server.url);
  try {
    await page.goto(server.signin);
    await ready(page);
    // The list: both runs, newest first, with their kind; search and the kind filter.
    const kinds = await page.evaluate(() => Array.from(document.querySelectorAll('#benches tbody tr')).map((r) => r.dataset.kind));
    check(kinds.length === 2 && kinds.every((k) => k === 'run'), 'viewer list: both plain runs are listed as runs', kinds.join(', '));
    const agentsCell = await texts(page, '#benches tbody tr:first-child td');
    check(agentsCell.includes('alice, bob'), 'viewer list: a run shows its agents', agentsCell.join(' | '));
    await shot(page, 'viewer-list');
    await unready(page);
    await page.fill('#bench-filters input[name=q]', 'Says it is');
    await page.click('#bench-filters button[type=submit]');
    await ready(page);
    check(await page.locator('#benches tbody tr').count() === 2, 'viewer search: a test name finds the runs that ran it');
    await unready(page);
    await page.fill('#bench-filters input[name=q]', 'no-such-thing-anywhere');
    await page.click('#bench-filters button[type=submit]');
    await ready(page);
    check(await page.locator('#no-benches').count() === 1, 'viewer search: nothing matches, and the page says so');
    await shot(page, 'viewer-search-empty');
    await unready(page);
    await page.goto(`${server.url}/#/?kind=bench`);
    await ready(page);
    check(await page.locator('#benches tbody tr').count() === 0, 'viewer filter: kind=bench hides plain runs');
    await unready(page);
    await page.goto(`${server.url}/#/?kind=run&status=failed&agent=bob`);
    await ready(page);
    const newest = await page.evaluate(() => { const r = document.querySelector('#benches tbody tr'); return r ? r.dataset.id : ''; });
    check(await page.locator('#benches tbody tr').count() === 2, 'viewer filter: agent and verdict keep the runs where bob failed');

    // The grid of the newest run.
    await unready(page);
    await page.goto(`${server.url}/#/bench/${encodeURIComponent(newest)}`);
    await ready(page);
    await page.waitForSelector('#grid tbody tr');
    const heads = await texts(page, '#grid thead th');
    check(heads.includes('alice') && heads.includes('bob'), 'grid: a column per agent', heads.join(', '));
    const gridRows = await page.locator('#grid tbody tr').count();
    check(gridRows === 2, 'grid: a row per test', `${gridRows}`);
    const aliceCell = await page.locator('#grid tbody tr').first().locator('td.grid-cell').first().textContent();
    check(aliceCell.includes('passed') && aliceCell.includes('Paris is sunny today') && aliceCell.includes('get_weather ok'),
      'grid: a cell shows the verdict, the final answer and the tool chain', aliceCell);
    check(await page.locator('#grid td.grid-cell.failed').count() === 2, 'grid: bob\'s failures are marked in both tests');
    await shot(page, 'viewer-grid');
    await page.selectOption('#grid-controls select[name=sort]', 'test');
    await page.waitForFunction(() => document.querySelector('#grid tbody tr') && document.querySelector('#grid tbody tr').dataset.test.endsWith('Says it is sunny'), null, { timeout: 15000 });
    check(true, 'grid: sorting by test name reorders the rows');
    await page.selectOption('#grid-controls select[name=limit]', '25');
    await page.check('#failures-only');
    await page.waitForFunction(() => document.getElementById('grid-range') && document.getElementById('grid-range').textContent.includes('of 2'), null, { timeout: 15000 });
    const everyRowFails = await page.evaluate(() => Array.from(document.querySelectorAll('#grid tbody tr')).every((r) => r.querySelector('td.grid-cell.failed')));
    check(everyRowFails, 'grid: failures only keeps the rows with a failure');
    await shot(page, 'viewer-grid-failures');

    // A cell opens the drawer: transcript, tool chain and the sequence diagram.
    await page.locator('#grid td.grid-cell.passed').first().click();
    await page.waitForSelector('#drawer:not([hidden]) #sequence', { timeout: 30000 });
    const seqTexts = await texts(page, '#sequence text');
    check(seqTexts.includes('get_weather') && seqTexts.includes('agent') && seqTexts.includes('sample'),
      'drawer: the sequence diagram shows the agent calling get_weather', seqTexts.join(' | '));
    check((await page.textContent('#run-chain')).includes('get_weather ok'), 'drawer: the compact tool chain');
    await page.waitForSelector('#diff-previous', { timeout: 15000 });
    await shot(page, 'viewer-drawer');
    await unready(page);
    await page.click('#diff-previous');
    await ready(page);
    check(await page.locator('#diff section.side').count() === 2, 'drawer: "diff with the previous run" puts the two runs side by side');
    await shot(page, 'viewer-diff-previous');

    // Two agents side by side from the grid's diff link.
    await unready(page);
    await page.goto(`${server.url}/#/bench/${encodeURIComponent(newest)}`);
    await ready(page);
    await page.waitForSelector('#grid a.diff-link');
    await unready(page);
    await page.locator('#grid a.diff-link').first().click();
    await ready(page);
    const summary = await page.textContent('#diff-summary');
    check(summary.includes('status') && summary.includes('agent'), 'diff: alice and bob differ in agent and verdict', summary);
    check(await page.locator('#diff .differs').count() >= 2, 'diff: the differing fields are highlighted');
    const sides = await texts(page, '#diff section.side h2');
    check(sides.length === 2 && sides[0].includes('alice') && sides[1].includes('bob'), 'diff: A is alice, B is bob', sides.join(' | '));
    await shot(page, 'viewer-diff');

    // Flip rates: bob's "Says it is sunny" passed, then failed.
    await unready(page);
    await page.goto(`${server.url}/#/tests`);
    await ready(page);
    const flipRows = await page.evaluate(() => Array.from(document.querySelectorAll('#flip-rates tbody tr')).map((r) => Array.from(r.cells).map((c) => c.textContent)));
    const bobSunny = flipRows.find((r) => r[0].endsWith('Says it is sunny') && r[1] === 'bob');
    check(bobSunny && bobSunny[2] === '2' && bobSunny[3] === '0' && bobSunny[4] === '1' && bobSunny[6] === 'regression',
      'tests: bob\'s sunny test has one flip over two runs, a regression', JSON.stringify(flipRows));
    check(await page.locator('#flip-rates button.verdict').count() === 8, 'tests: a verdict mark per saved run of each test and agent');
    await shot(page, 'viewer-tests');

    // Trends per config (an agent, for plain runs) with labelled axes.
    await unready(page);
    await page.goto(`${server.url}/#/history?suite=tests&config=alice`);
    await ready(page);
    const yTicks = await page.locator('#trends svg').first().locator('text.y-tick').count();
    const titles = await texts(page, '#trends svg text.axis-title');
    check(yTicks === 5 && titles.includes('success rate (%)') && titles.includes('start of run or bench (UTC)'),
      'trends: ticks and axis titles with units', `${yTicks} ticks; ${titles.join(' | ')}`);
    check(await page.locator('#trends svg text.x-tick').count() >= 2, 'trends: dated x ticks');
    await shot(page, 'viewer-trends');
    check(trouble.errors.length === 0, 'viewer: no page errors', JSON.stringify(trouble.errors));
    check(trouble.requests.length === 0, 'viewer: no request left the server', JSON.stringify(trouble.requests));
  } finally {
    await context.close();
    server.child.kill('SIGTERM');
  }
}

async function main() {
  fs.rmSync(artifacts, { recursive: true, force: true });
  fs.mkdirSync(path.join(artifacts, 'suite'), { recursive: true });
  for (const f of fs.readdirSync(path.join(root, 'suites', 'bench'))) {
    fs.copyFileSync(path.join(root, 'suites', 'bench', f), path.join(artifacts, 'suite', f));
  }
  // A model that takes a second per reply: a bench slow enough to cancel from the page.
  fs.writeFileSync(path.join(artifacts, 'suite', 'crawl.yaml'),
    'rules:\n  - match: "come from"\n    replies:\n      - {text: "Source: slow", latency_ms: 1000}\n' +
    '  - match: "fact about"\n    replies:\n      - {text: "Fact: slow", latency_ms: 1000}\n');
  fs.writeFileSync(path.join(artifacts, 'suite', 'crawl-configs.yaml'),
    'configs:\n  - name: crawl\n    provider: {type: MOCK, mock_script: crawl.yaml}\nruns: 30\nmax_concurrent_runs: 1\n');
  await checkCommandLine(artifacts);
  const server = await startServer(artifacts);
  const { url } = server;
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    chromiumSandbox: false,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP 127.attacker.example 127.0.0.1'],
    timeout: 60000,
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    const trouble = watch(page, url);

    // 1. Sign in through the printed address: the token moves to a cookie and leaves the address bar.
    const before = await fetch(`${url}/api/v1/benches`);
    check(before.status === 401, 'without the token the API answers 401', `${before.status}`);
    await page.goto(server.signin);
    await ready(page);
    check(page.url() === `${url}/`, 'after sign-in the address no longer holds the token', page.url());
    const cookies = await context.cookies(url);
    const cookie = cookies.find((c) => c.name.startsWith('ab_serve_token_'));
    check(Boolean(cookie) && cookie.httpOnly && cookie.sameSite === 'Strict', 'the token is kept in an HttpOnly SameSite=Strict cookie',
      JSON.stringify(cookies.map((c) => ({ name: c.name, httpOnly: c.httpOnly, sameSite: c.sameSite }))));
    check(await page.evaluate(() => document.cookie) === '', 'page scripts cannot read the token cookie');
    check(await page.locator('#no-benches').count() === 1, 'empty history: the benches page says so');

    // 2. A bench launched from the form, followed live until it completes.
    const state1 = await runBenchFromForm(page, url, { suite: 'suite/tests.yaml', configs: 'suite/configs.yaml', runs: 1 }, 'bench1');
    check(state1 === 'completed', 'bench 1 launched from the form completed', state1);
    const progress = await page.locator('#job-events li.event-progress').count();
    check(progress === 6, 'bench 1: the page showed a live progress event per planned run (SSE)', `${progress} events`);
    const width = await page.evaluate(() => document.getElementById('job-bar').style.width);
    check(width === '100%', 'bench 1: the progress bar reached 100%', width);

    // 3. The bench page: configs table, plots, runs.
    await openBenchFromJob(page);
    const bench1 = decodeURIComponent(page.url().split('#/bench/')[1]);
    const configRows = await page.locator('#config-table tbody tr').count();
    check(configRows === 3, 'bench page: a comparison row per config', `${configRows}`);
    const svgs = await page.locator('#charts svg').count();
    check(svgs === 3, 'bench page: success, latency and cost plots are inline SVG', `${svgs}`);
    const runRows = await page.locator('#runs tbody tr').count();
    check(runRows === 12, 'bench page: every run listed', `${runRows}`);
    await shot(page, 'bench1-page');

    // 4. A run's drawer, with its transcript.
    await page.locator('#runs tbody tr.run-row').first().click();
    await page.waitForSelector('#drawer:not([hidden]) #conversation', { timeout: 30000 });
    const msgs = await page.locator('#conversation .msg').count();
    check(msgs >= 2, 'drawer: the transcript shows the conversation', `${msgs} messages`);
    const dts = await texts(page, '#drawer dl.kv dt');
    check(['Status', 'Duration', 'Tokens', 'Cost'].every((t) => dts.includes(t)), 'drawer: status, duration, tokens, cost', dts.join(', '));
    const inputs = await texts(page, '#run-inputs td');
    check(inputs.includes('topic') && inputs.includes('cats'), 'drawer: the run\'s inputs', inputs.join(', '));
    const asserts = await page.locator('#drawer ul.asserts li').count();
    check(asserts === 2, 'drawer: the run\'s assertions', `${asserts}`);
    await shot(page, 'bench1-drawer');
    // The drawer links the run's standalone HTML report; it opens in a new tab and shows the run's test.
    const testKey = await page.evaluate(() => {
      const dt = Array.from(document.querySelectorAll('#drawer dl.kv dt')).find((d) => d.textContent === 'Test');
      return dt ? dt.nextElementSibling.textContent : '';
    });
    const testName = testKey.slice(testKey.lastIndexOf('/') + 1);
    const link = page.locator('#drawer #run-report');
    check(await link.count() === 1, 'drawer: a link to the run\'s report');
    if (await link.count() === 1) {
      const [report] = await Promise.all([context.waitForEvent('page', { timeout: 30000 }), link.click()]);
      await report.waitForLoadState('load');
      const reportText = await report.textContent('body');
      check(testName !== '' && reportText.includes(testName), 'the run\'s report opens and shows its test',
        `${testName} in ${report.url()}`);
      check(report.url().startsWith(`${url}/api/v1/runs/`) && report.url().endsWith('/report'),
        'the report is served by this server', report.url());
      await report.screenshot({ path: path.join(artifacts, 'bench1-run-report.png'), fullPage: true });
      await report.close();
    }
    await page.click('#drawer-close');

    // 5. A hostile fixture (created through the API, as any client could) run by a second bench.
    const created = await page.evaluate(async (payload) => {
      const res = await fetch('/api/v1/fixtures', { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'hostile', description: payload, variants: [{ name: `v ${payload}`, variables: { topic: `cats ${payload}` } }] }) });
      return res.status;
    }, PAYLOAD);
    check(created === 201, 'a hostile fixture was created through the API', `${created}`);
    const state2 = await runBenchFromForm(page, url, { suite: 'suite/tests.yaml', configs: 'suite/configs.yaml', runs: 1, fixture: 'hostile' }, 'bench2');
    check(state2 === 'completed', 'bench 2 (with the fixture) completed', state2);
    await openBenchFromJob(page);
    const bench2 = decodeURIComponent(page.url().split('#/bench/')[1]);
    const variantCells = await texts(page, '#runs tbody td');
    check(variantCells.some((t) => t === `v ${PAYLOAD}`), 'hostile variant name shown as text on the bench page');
    const meta = await texts(page, '#view p.muted');
    check(meta.some((t) => t.includes('fixture hostile v1')), 'the bench page names the fixture version it ran', meta.join(' | '));
    await page.locator('#runs tbody tr.run-row').first().click();
    await page.waitForSelector('#drawer:not([hidden]) #conversation', { timeout: 30000 });
    const hostileInputs = await texts(page, '#run-inputs td');
    check(hostileInputs.includes(`cats ${PAYLOAD}`), 'hostile input shown as text in the drawer', hostileInputs.join(', '));
    const prompt = await texts(page, '#drawer pre');
    check(prompt.some((t) => t.includes(`cats ${PAYLOAD}`)), 'hostile prompt shown as text in the transcript');
    await page.waitForTimeout(300);
    await shot(page, 'bench2-hostile-drawer');
    await page.click('#drawer-close');

    // 6. Compare the two benches from the list.
    await unready(page);
    await page.goto(`${url}/#/`);
    await ready(page);
    const listed = await page.locator('#benches tbody tr').count();
    check(listed === 2, 'benches page lists both benches', `${listed}`);
    const firstIds = await page.evaluate(() => Array.from(document.querySelectorAll('#benches tbody tr')).map((r) => r.dataset.id));
    check(firstIds[0] === bench2 && firstIds[1] === bench1, 'benches are newest first', firstIds.join(', '));
    await page.locator(`#benches tbody tr[data-id="${bench1}"] input.pick`).check();
    await page.locator(`#benches tbody tr[data-id="${bench2}"] input.pick`).check();
    await shot(page, 'benches');
    await unready(page);
    await page.click('#compare-selected');
    await page.waitForURL(/#\/compare\?/);
    await ready(page);
    const cmpRows = await page.locator('#compare-configs tbody tr').count();
    check(cmpRows === 3, 'compare: a row per config', `${cmpRows}`);
    const verdict = await page.textContent('#compare-verdict');
    check(verdict.includes(bench1) && verdict.includes(bench2), 'compare: the verdict names both benches', verdict);
    await shot(page, 'compare');

    // 7. History with trends.
    await unready(page);
    await page.goto(`${url}/#/history?suite=tests&config=accurate`);
    await ready(page);
    const histRows = await page.locator('#history tbody tr').count();
    check(histRows === 2, 'history: a row per bench of the suite', `${histRows}`);
    const dots = await page.locator('#trends svg circle.dot').count();
    check(dots >= 4, 'history: trend plots over time', `${dots} points`);
    await shot(page, 'history');

    // 8. Cancel a long bench from its page.
    await unready(page);
    await page.goto(`${url}/#/run`);
    await ready(page);
    await page.fill('#run-form input[name=suite]', 'suite/tests.yaml');
    await page.fill('#run-form input[name=configs]', 'suite/crawl-configs.yaml');
    await page.click('#run-submit');
    await page.waitForURL(/#\/job\//);
    await ready(page);
    await page.waitForFunction(() => document.querySelectorAll('#job-events li.event-progress').length >= 1, null, { timeout: 120000 });
    const longJob = decodeURIComponent(page.url().split('#/job/')[1]);
    await checkHostilePages(context, server, longJob);
    await page.click('#job-cancel');
    await page.waitForFunction(() => document.getElementById('job-state').textContent === 'cancelled', null, { timeout: 120000 });
    check(true, 'a long bench was cancelled from its page');
    await shot(page, 'cancelled-job');

    // 9. A bad request shows the API's error next to the form.
    await unready(page);
    await page.goto(`${url}/#/run`);
    await ready(page);
    await page.fill('#run-form input[name=suite]', 'suite/nope.yaml');
    await page.fill('#run-form input[name=configs]', 'suite/configs.yaml');
    await page.click('#run-submit');
    await page.waitForSelector('#run-error:not([hidden])');
    const formError = await page.textContent('#run-error');
    check(formError.startsWith('suite:') && formError.includes('no such file'), 'the form shows a 400 with its field', formError);
    const baseNote = await page.textContent('#run-base-dir');
    check(baseNote.includes(fs.realpathSync(artifacts)), 'the form says which base directory paths are relative to', baseNote);
    // A suite outside the base directory (here through ".."), as another user could write one, is refused.
    fs.writeFileSync(path.join(artifacts, '..', 'outside-suite.yaml'), 'sessions: []\n');
    await page.fill('#run-form input[name=suite]', '../outside-suite.yaml');
    await page.click('#run-submit');
    await page.waitForFunction(() => document.getElementById('run-error').textContent.includes('outside'), null, { timeout: 30000 });
    const outsideError = await page.textContent('#run-error');
    check(outsideError.includes(`outside the base directory ${fs.realpathSync(artifacts)}`),
      'a suite outside the base directory is refused, naming it', outsideError);
    await shot(page, 'run-form-outside');

    const dom = await page.evaluate(() => ({ imgs: document.querySelectorAll('img').length }));
    check(dom.imgs === 0, 'no <img> was injected anywhere');
    check(trouble.dialogs.length === 0, 'no dialog (alert) opened', JSON.stringify(trouble.dialogs));
    check(trouble.errors.length === 0, 'no page errors', JSON.stringify(trouble.errors));
    // The 400 of step 9 is logged by Chromium as a failed resource load; nothing else may be.
    const otherConsole = trouble.console.filter((m) => !m.includes('400'));
    check(otherConsole.length === 0, 'no console errors', JSON.stringify(trouble.console));
    check(trouble.requests.length === 0, 'no request left the server (no CDN)', JSON.stringify(trouble.requests));
    await context.close();

    // 10. A bench from the command line, served with a token.
    await checkCommandLineBench(browser, artifacts);

    // 11. The viewer over plain runs from the command line.
    await checkViewer(browser, artifacts);

    // 12. A comparison whose B regressed: the page names the metric.
    await checkCompareRegression(browser, artifacts);

    // 13. The Judges page over two calibrations of the shipped labelled set.
    await checkJudges(browser, artifacts);
  } finally {
    await browser.close();
    server.child.kill('SIGTERM');
  }
  console.log(`artifacts: ${artifacts}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(`error: ${e && e.stack ? e.stack : e}`);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
