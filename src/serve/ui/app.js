// The router: "#/path?query" picks a view; a view renders into <main> from the REST API only.
'use strict';

const App = (() => {
  let leaveHooks = [];

  function onLeave(fn) { leaveHooks.push(fn); }

  async function route() {
    for (const fn of leaveHooks) fn();
    if (typeof Drawer !== 'undefined') Drawer.close();
    leaveHooks = [];
    const hash = location.hash.replace(/^#/, '') || '/';
    const [path, qs] = hash.split('?');
    const params = new URLSearchParams(qs || '');
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    const view = document.getElementById('view');
    const routes = {
      '': () => Views.benches(view, params),
      bench: () => Views.bench(view, params, parts[1]),
      history: () => Views.history(view, params),
      compare: () => Views.compare(view, params),
      calibrations: () => Views.calibrations(view, params),
      run: () => Views.run(view, params),
      diff: () => Views.diff(view, params),
      tests: () => Views.tests(view, params),
      jobs: () => Views.jobs(view, params),
      job: () => Views.job(view, params, parts[1]),
      fixtures: () => Views.fixtures(view, params),
      fixture: () => Views.fixture(view, params, parts[1]),
    };
    const name = parts[0] || '';
    const nav = { '': 'benches', bench: 'benches', job: 'jobs', fixture: 'fixtures', diff: 'tests' }[name] || name;
    for (const a of document.querySelectorAll('header nav a')) a.classList.toggle('active', a.dataset.nav === nav);
    const render = routes[name];
    view.dataset.ready = '0';
    try {
      if (!render) throw new Error(`no page ${path}`);
      await render();
    } catch (err) {
      showError(view, err);
    }
    view.dataset.ready = '1';
  }

  window.addEventListener('hashchange', route);
  document.addEventListener('DOMContentLoaded', route);
  return { route, onLeave };
})();
