// Browser proof of the HTML report (issue 7): headless Chromium opens real reports written by the binary and
// checks that hostile text from models, tools and user files stays text, that the page never touches the
// network, that every run's details open without a script error, and that the main sections are there.
//
// Usage: node report.spec.mjs AGENT_BENCH BUILD_DIR
//   AGENT_BENCH  the agent-bench binary
//   BUILD_DIR    the build root: holds sample-mcp-server; screenshots and reports go to BUILD_DIR/browser-artifacts
// Exits 0 when every check passed, 1 otherwise. run.sh decides whether the test can run at all (exit 77).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const [binaryArg, buildDir] = process.argv.slice(2);
if (!binaryArg || !buildDir) {
  console.error('usage: node report.spec.mjs AGENT_BENCH BUILD_DIR');
  process.exit(2);
}
const binary = path.resolve(binaryArg);
const artifacts = path.join(path.resolve(buildDir), 'browser-artifacts');
const chromiumPath = process.env.AB_CHROMIUM || '/usr/bin/chromium';

// Every hostile field gets its own label in front of the same payload, so a check can say which field leaked.
// The payload would run if it were parsed as HTML: <script> for the server-rendered parts, <img onerror> for
// the parts built in the browser (innerHTML does not run <script>). '&amp;' must come back literally: it
// catches both double escaping and a missing one; </pre> and the quotes probe the element and attribute contexts.
const PAYLOAD = `<script>alert(1)</script> <img src=x onerror=alert(1)> "q" 'a' &amp; </pre>`;
const hostile = (label) => `${label} ${PAYLOAD}`;

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

// ---------------------------------------------------------------------------------------------------------
// Reports: the multi-agent demo suite (offline: mock LLMs + the sample MCP server), and a hostile copy of it.

function run(args, cwd) {
  try {
    return execFileSync(binary, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120000 });
  } catch (e) {
    // A failed test run exits non-zero on purpose (the demo's sloppy agent fails); only a missing file is fatal.
    return `${e.message}\n${e.stdout || ''}${e.stderr || ''}`;
  }
}

// Copies the demo suite next to the artifacts and points it at BUILD_DIR's sample server, so the test works
// from any build directory (the suite itself names ../../build/sample-mcp-server).
function demoReport() {
  const suiteDir = path.join(artifacts, 'demo');
  fs.mkdirSync(suiteDir, { recursive: true });
  const server = path.join(path.resolve(buildDir), 'sample-mcp-server');
  for (const f of fs.readdirSync(path.join(root, 'suites', 'demo'))) {
    if (!f.endsWith('.yaml')) continue;
    let text = fs.readFileSync(path.join(root, 'suites', 'demo', f), 'utf8');
    text = text.replaceAll('{{TEST_DIR}}/../../build/sample-mcp-server', server);
    fs.writeFileSync(path.join(suiteDir, f), text);
  }
  const log = run(['-s', 'demo/suite.yaml', '-o', 'demo-report', '-reportType', 'html,json'], artifacts);
  const json = path.join(artifacts, 'demo-report.json');
  const html = path.join(artifacts, 'demo-report.html');
  if (!fs.existsSync(json) || !fs.existsSync(html)) {
    console.error(log);
    throw new Error('the demo run wrote no report');
  }
  return { json, html };
}

function renameKey(obj, from, to) {
  if (!obj || !(from in obj)) return obj;
  const out = {};
  for (const [k, v] of Object.entries(obj)) out[k === from ? to : k] = v;
  return out;
}

// Injects hostile text into every field a model, a tool or a user file controls, then re-renders from JSON.
function hostileReport(demoJson) {
  const doc = JSON.parse(fs.readFileSync(demoJson, 'utf8'));
  const runs = doc.detailed_results;
  const target = runs.findIndex((r) => (r.execution.toolCalls || []).some((c) => c.result && c.result.content &&
    c.result.content.some((b) => b.type === 'text')) && r.assertions.length > 0);
  if (target < 0) throw new Error('the demo report has no run with a text tool result and assertions');
  const t = runs[target].execution;

  t.finalOutput = hostile('final-output');
  t.finalAnswer = true;
  const call = t.toolCalls.find((c) => c.result && c.result.content && c.result.content.some((b) => b.type === 'text'));
  call.result.content.find((b) => b.type === 'text').text = hostile('tool-result');
  call.parameters = { note: hostile('tool-argument') };
  runs[target].assertions[0].message = hostile('assertion-message');
  if (t.messages && t.messages.length) t.messages[t.messages.length - 1].content = hostile('message-content');
  t.prompt = hostile('prompt');
  t.errorDetails = [{ kind: 'tool', message: hostile('error-detail'), iteration: 1 }];
  t.errors = [hostile('error-detail')];

  // The test name of the target run (all agents' runs of that test, so they stay one group) and one agent.
  const oldTest = t.testName;
  const newTest = hostile('test-name');
  const oldAgent = runs.find((r) => r.execution.agentName !== t.agentName)?.execution.agentName || t.agentName;
  const newAgent = hostile('agent-name');
  for (const r of runs) {
    if (r.execution.testName === oldTest && r.execution.sourceFile === t.sourceFile &&
        r.execution.sessionName === t.sessionName) {
      r.execution.testName = newTest;
    }
    if (r.execution.agentName === oldAgent) r.execution.agentName = newAgent;
  }
  doc.agents = (doc.agents || []).map((a) => (a === oldAgent ? newAgent : a));
  for (const entry of Object.values(doc.comparison_summary || {})) {
    if (entry.testName === oldTest) entry.testName = newTest;
    entry.serverResults = renameKey(entry.serverResults, oldAgent, newAgent);
    if (entry.serverResults && entry.serverResults[newAgent]) entry.serverResults[newAgent].agentName = newAgent;
  }
  doc.suite_name = hostile('suite-name');
  doc.warnings = [...(doc.warnings || []), hostile('warning')];

  const json = path.join(artifacts, 'hostile-input.json');
  fs.writeFileSync(json, JSON.stringify(doc, null, 2));
  const log = run(['-generate-report', json, '-o', path.join(artifacts, 'hostile'), '-reportType', 'html'], artifacts);
  const html = path.join(artifacts, 'hostile.html');
  if (!fs.existsSync(html)) {
    console.error(log);
    throw new Error('-generate-report wrote no HTML');
  }
  return { html, runs: runs.length, agents: doc.agents.length };
}

// ---------------------------------------------------------------------------------------------------------
// Browser side.

// Opens |file| and records everything that must not happen: console errors, uncaught exceptions, dialogs
// (alert/confirm/prompt: the payloads call alert) and any request that is not for the file itself.
async function openPage(context, file) {
  const page = await context.newPage();
  const trouble = { console: [], errors: [], dialogs: [], requests: [] };
  page.on('console', (m) => { if (m.type() === 'error') trouble.console.push(m.text()); });
  page.on('pageerror', (e) => trouble.errors.push(String(e)));
  page.on('dialog', async (d) => {
    trouble.dialogs.push(`${d.type()}: ${d.message()}`);
    await d.dismiss().catch(() => {});
  });
  page.on('request', (r) => { if (!r.url().startsWith('file:')) trouble.requests.push(r.url()); });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 60000 });
  return { page, trouble };
}

function checkClean(trouble, name) {
  check(trouble.console.length === 0, `${name}: no console errors`, JSON.stringify(trouble.console));
  check(trouble.errors.length === 0, `${name}: no page errors`, JSON.stringify(trouble.errors));
  check(trouble.dialogs.length === 0, `${name}: no dialog (alert) opened`, JSON.stringify(trouble.dialogs));
  check(trouble.requests.length === 0, `${name}: no request other than file: (works offline)`,
    JSON.stringify(trouble.requests));
}

// Opens every run (the <summary> of each details.run, as a user clicks it), waits until the script has built
// every body, then opens the nested <details> (tool arguments/results, session history) too.
async function openAllRuns(page) {
  const summaries = page.locator('details.run > summary');
  const n = await summaries.count();
  for (let i = 0; i < n; i++) await summaries.nth(i).click();
  await page.waitForFunction(() => Array.from(document.querySelectorAll('details.run'))
    .every((d) => d.open && d.getAttribute('data-done') === '1' && d.querySelector('.body').childElementCount > 0),
    null, { timeout: 30000 });
  const nested = page.locator('details.run .body details > summary');
  const m = await nested.count();
  for (let i = 0; i < m; i++) await nested.nth(i).click();
  return n;
}

// Opens every multi-agent comparison (details.cmp) and waits until the script has drawn each one.
async function openAllComparisons(page) {
  const summaries = page.locator('details.cmp > summary');
  const n = await summaries.count();
  for (let i = 0; i < n; i++) await summaries.nth(i).click();
  await page.waitForFunction(() => Array.from(document.querySelectorAll('details.cmp'))
    .every((d) => d.open && d.getAttribute('data-done') === '1'), null, { timeout: 30000 });
  return n;
}

// Texts of the elements matching |selector|.
function texts(page, selector) {
  return page.evaluate((s) => Array.from(document.querySelectorAll(s)).map((e) => e.textContent), selector);
}

async function hasText(page, selector, needle, what) {
  const all = await texts(page, selector);
  check(all.some((t) => t.includes(needle)), `${what} shown as text in ${selector}`,
    `${all.length} element(s), none containing ${JSON.stringify(needle)}`);
}

async function checkHostile(browser, report) {
  const raw = fs.readFileSync(report.html, 'utf8');
  // The markup itself: no hostile tag may survive in the file, escaped or not it must not be a tag.
  check(!raw.includes('<script>alert') && !raw.includes('<img src=x'), 'hostile.html: the file holds no raw payload tag');
  // A '</script>' from the data would end the embedded JSON block early; only the page's own two may be there.
  const closers = raw.split('</script>').length - 1;
  check(closers === 2, 'hostile.html: only the page\'s own two </script> closers', `${closers} found`);

  const context = await browser.newContext({ offline: true });
  await context.route('**/*', (r) => (r.request().url().startsWith('file:') ? r.continue() : r.abort()));
  const { page, trouble } = await openPage(context, report.html);
  const opened = await openAllRuns(page);
  check(opened === report.runs, `hostile.html: opened all ${report.runs} runs`, `opened ${opened}`);
  const compared = await openAllComparisons(page);
  check(compared > 0, 'hostile.html: multi-agent comparisons opened', `${compared} opened`);
  await page.waitForTimeout(300);  // lets a wrongly injected <img onerror> fire before the dialog check
  await page.screenshot({ path: path.join(artifacts, 'hostile-open.png'), fullPage: true });

  await hasText(page, 'details.run .body pre', hostile('final-output'), 'finalOutput');
  await hasText(page, 'details.run .body table pre', hostile('tool-result'), 'tool result content');
  await hasText(page, 'details.run .body table pre', 'tool-argument <script>alert(1)</script>', 'tool argument');
  await hasText(page, 'ul.asserts li', hostile('assertion-message'), 'assertion message');
  await hasText(page, '.msg pre', hostile('message-content'), 'conversation message');
  await hasText(page, 'details.run .body li.err', hostile('error-detail'), 'error detail');
  await hasText(page, '.outputs-comparison pre', hostile('final-output'), 'finalOutput (side by side)');
  await hasText(page, '.errors-comparison li', hostile('error-detail'), 'error detail (side by side)');
  await hasText(page, '.tool-comparison td div', 'tool-argument <script>alert(1)</script>', 'tool argument (side by side)');
  await hasText(page, '.comparison-table td', hostile('agent-name'), 'agent name (comparison table)');
  await hasText(page, '.sequence-comparison figcaption', hostile('agent-name'), 'agent name (sequence comparison)');
  await hasText(page, '#results h3', hostile('test-name'), 'test name');
  await hasText(page, '#matrix td', hostile('test-name'), 'test name');
  await hasText(page, 'details.run > summary b', hostile('agent-name'), 'agent name');
  await hasText(page, '#matrix th', hostile('agent-name'), 'agent name');
  await hasText(page, '#leaderboard td', hostile('agent-name'), 'agent name');
  await hasText(page, '#charts svg text', 'agent-name <script>al', 'agent name (chart label, truncated)');
  await hasText(page, 'h1', hostile('suite-name'), 'suite name');
  await hasText(page, '.banner.warn', hostile('warning'), 'warning');
  check((await page.title()).includes(hostile('suite-name')), 'suite name shown as text in <title>');

  const dom = await page.evaluate(() => {
    const all = Array.from(document.querySelectorAll('*'));
    return {
      imgs: document.querySelectorAll('img').length,
      onAttrs: all.flatMap((e) => Array.from(e.attributes).filter((a) => a.name.startsWith('on'))
        .map((a) => `${e.tagName}[${a.name}]`)),
      scripts: Array.from(document.scripts).map((s) => s.id || s.type || 'inline'),
    };
  });
  check(dom.imgs === 0, 'hostile.html: no <img> element in the DOM', `${dom.imgs} found`);
  check(dom.onAttrs.length === 0, 'hostile.html: no on* event-handler attribute in the DOM', dom.onAttrs.join(', '));
  check(dom.scripts.length === 2 && dom.scripts[0] === 'run-data' && dom.scripts[1] === 'inline',
    'hostile.html: only the page\'s own two <script> elements (run data + inline script)', dom.scripts.join(', '));
  checkClean(trouble, 'hostile.html');
  await context.close();
}

// Proves the detectors above can fail: a copy of hostile.html with one payload left unescaped, as a renderer
// bug would leave it, must raise the alert and leave an <img> in the DOM. Without this, a dialog handler that
// never fires would pass every hostile check.
async function checkCanary(browser, report) {
  const escaped = '&lt;img src=x onerror=alert(1)&gt;';
  const raw = fs.readFileSync(report.html, 'utf8');
  // The first one inside <main> (the one in <title> would stay text even unescaped: <title> is RCDATA).
  const at = raw.indexOf(escaped, raw.indexOf('<main>'));
  check(at > 0, 'canary: hostile.html holds the escaped payload in <main> to un-escape');
  const file = path.join(artifacts, 'canary.html');
  fs.writeFileSync(file, raw.slice(0, at) + '<img src=x onerror=alert(1)>' + raw.slice(at + escaped.length));
  const context = await browser.newContext({ offline: true });
  const { page, trouble } = await openPage(context, file);
  await page.waitForFunction(() => document.querySelector('img') !== null, null, { timeout: 10000 }).catch(() => {});
  await page.waitForTimeout(300);
  check(trouble.dialogs.length > 0, 'canary: an unescaped payload is caught by the dialog check', 'no dialog seen');
  check(await page.locator('img').count() > 0, 'canary: an unescaped payload is caught by the <img> check');
  await context.close();
  fs.rmSync(file);
}

async function checkDemo(browser, report) {
  const doc = JSON.parse(fs.readFileSync(report.json, 'utf8'));
  const runs = doc.detailed_results.length;
  const agents = doc.agents;
  check(agents.length >= 2 && runs >= 2, 'demo: the JSON report has several agents and runs',
    `${agents.length} agents, ${runs} runs`);

  const context = await browser.newContext({ offline: true, viewport: { width: 1280, height: 900 } });
  await context.route('**/*', (r) => (r.request().url().startsWith('file:') ? r.continue() : r.abort()));
  const { page, trouble } = await openPage(context, report.html);
  await page.screenshot({ path: path.join(artifacts, 'demo-full.png'), fullPage: true });

  const cards = await texts(page, '#summary .card .l');
  check(['Total', 'Passed', 'Failed', 'Pass rate', 'Tokens', 'Cost', 'Duration'].every((l) => cards.includes(l)),
    'demo: summary cards', cards.join(', '));
  const total = (await texts(page, '#summary .card .v'))[0];
  check(total === String(runs), 'demo: the Total card matches the JSON', `card ${total}, json ${runs}`);
  const matrixHead = await texts(page, '#matrix thead th');
  check(agents.every((a) => matrixHead.includes(a)), 'demo: comparison matrix has a column per agent',
    matrixHead.join(', '));
  const cells = await page.locator('#matrix td a[href^="#run-"]').count();
  check(cells === runs, 'demo: comparison matrix links every run', `${cells} links`);
  const board = await page.locator('#leaderboard tbody tr').count();
  check(board === agents.length, 'demo: leaderboard has a row per agent', `${board} rows`);
  const charts = await page.locator('#charts figure.chart svg').count();
  check(charts === 2, 'demo: latency and token charts are inline SVG', `${charts} svg`);
  const boxes = await page.locator('#charts svg rect.box').count();
  check(boxes === 2 * agents.length, 'demo: each chart has a box per agent', `${boxes} boxes`);
  const details = await page.locator('#results details.run').count();
  check(details === runs, 'demo: a details block per run', `${details}`);

  // One run opened, as a user would: the first run that did not pass (the interesting one), else the first.
  const pick = Math.max(0, doc.detailed_results.findIndex((r) => r.status !== 'passed'));
  const d = page.locator(`#run-${pick}`);
  await d.locator('summary').click();
  await page.waitForFunction((id) => document.getElementById(id).getAttribute('data-done') === '1', `run-${pick}`,
    { timeout: 30000 });
  const sections = await texts(page, `#run-${pick} .body h4`);
  check(['Assertions', 'Sequence', 'Final output'].every((s) => sections.includes(s)),
    'demo: an opened run shows assertions, sequence diagram and final output', sections.join(', '));
  check(await page.locator(`#run-${pick} .body svg.seq`).count() === 1, 'demo: the sequence diagram is SVG');
  await d.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(artifacts, 'demo-run-open.png'), fullPage: false });
  await page.screenshot({ path: path.join(artifacts, 'demo-run-open-full.png'), fullPage: true });

  // Multi-agent view: every test run by 2+ agents has a comparison table (a row per agent) and, opened, the tool
  // calls, errors, sequence diagrams and final outputs side by side; a diagram enlarges on click.
  const groups = await page.evaluate(() => Array.from(document.querySelectorAll('#results .test-group')).map((g) => ({
    runs: g.querySelectorAll('details.run').length,
    cmp: g.querySelectorAll('.multi-agent-comparison').length,
    rows: g.querySelectorAll('.comparison-table tbody tr').length,
  })));
  check(groups.length > 0 && groups.every((g) => g.cmp === (g.runs >= 2 ? 1 : 0) && g.rows === (g.runs >= 2 ? g.runs : 0)),
    'demo: a multi-agent comparison with a row per agent exactly in tests run by 2+ agents', JSON.stringify(groups));
  const cmp = page.locator('details.cmp').first();
  await cmp.locator('summary').click();
  await page.waitForFunction(() => document.querySelector('details.cmp').getAttribute('data-done') === '1', null,
    { timeout: 30000 });
  const parts = await page.evaluate(() => ['tool-comparison', 'errors-comparison', 'sequence-comparison',
    'outputs-comparison'].filter((c) => document.querySelector(`details.cmp .${c}`) !== null));
  check(parts.length === 4, 'demo: the comparison shows tool calls, errors, sequences and outputs', parts.join(', '));
  const seqs = await page.locator('details.cmp .sequence-comparison svg.seq').count();
  check(seqs >= 2, 'demo: sequence diagrams side by side', `${seqs} diagrams`);
  await page.locator('details.cmp .sequence-comparison svg.seq').first().click();
  const enlarged = await page.evaluate(() => {
    const o = document.getElementById('overlay');
    return !!o && !o.hidden && o.querySelector('svg.seq') !== null;
  });
  check(enlarged, 'demo: a clicked sequence diagram opens enlarged');
  await page.screenshot({ path: path.join(artifacts, 'demo-compare-enlarged.png'), fullPage: false });
  await page.locator('#overlay').click();
  check(await page.evaluate(() => document.getElementById('overlay').hidden), 'demo: the enlarged view closes on click');
  await cmp.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(artifacts, 'demo-compare.png'), fullPage: false });

  // The "failures only" filter hides passed runs and shows the others.
  await page.locator('#only-failed').check();
  const visible = await page.evaluate(() => Array.from(document.querySelectorAll('details.run'))
    .map((e) => ({ pass: e.classList.contains('pass'), shown: e.offsetParent !== null })));
  check(visible.every((v) => v.shown === !v.pass), 'demo: "show failures only" hides exactly the passed runs',
    JSON.stringify(visible));
  checkClean(trouble, 'demo-report.html');
  await context.close();

  // A deep link (#run-N, what the matrix cells link to) opens and renders that run on load.
  const deep = await browser.newContext({ offline: true });
  const last = runs - 1;
  const dp = await deep.newPage();
  const deepErrors = [];
  dp.on('pageerror', (e) => deepErrors.push(String(e)));
  await dp.goto(`${pathToFileURL(report.html).href}#run-${last}`, { waitUntil: 'load', timeout: 60000 });
  const deepOk = await dp.waitForFunction((id) => {
    const e = document.getElementById(id);
    return e && e.open && e.getAttribute('data-done') === '1';
  }, `run-${last}`, { timeout: 10000 }).then(() => true, () => false);
  check(deepOk && deepErrors.length === 0, `demo: the deep link #run-${last} opens that run`, deepErrors.join('; '));
  await deep.close();
}

async function main() {
  // Fresh every run, so a report left by an earlier run can never stand in for one this run failed to write. The
  // serve/ folder belongs to serve.spec.mjs, which may run at the same time: its screenshots are kept.
  fs.mkdirSync(artifacts, { recursive: true });
  for (const entry of fs.readdirSync(artifacts)) {
    if (entry !== 'serve') fs.rmSync(path.join(artifacts, entry), { recursive: true, force: true });
  }
  const demo = demoReport();
  const bad = hostileReport(demo.json);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    chromiumSandbox: false,
    // Required on these machines: without the background-networking flags Chromium keeps trying the network.
    // Playwright gives every launch a new, empty --user-data-dir.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    timeout: 60000,
  });
  try {
    await checkHostile(browser, bad);
    await checkCanary(browser, bad);
    await checkDemo(browser, demo);
  } finally {
    await browser.close();
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
