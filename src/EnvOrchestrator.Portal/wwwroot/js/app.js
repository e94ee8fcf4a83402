import { ApiProblem } from './api.js';
import { catalogView } from './catalog.js';
import { h, show } from './dom.js';
import { environmentView } from './environment.js';
import { environmentsView } from './environments.js';
import { session } from './session.js';
import { templateView } from './template.js';

// Routes live in the URL fragment, so the service needs no fallback route and never shadows /api or /docs.
const routes = [
  [/^#?\/?$/, () => catalogView()],
  [/^#\/templates\/([^/]+)$/, (name) => templateView(name)],
  [/^#\/environments$/, () => environmentsView()],
  [/^#\/projects\/([^/]+)\/environments$/, (project) => environmentsView(project)],
  [/^#\/projects\/([^/]+)\/environments\/([^/]+)$/, (project, name, signal) => environmentView(project, name, signal)],
];

let current = new AbortController();

async function route() {
  current.abort();
  current = new AbortController();
  const hash = location.hash;
  for (const [pattern, view] of routes) {
    const match = pattern.exec(hash);
    if (!match) continue;
    try {
      await view(...match.slice(1).map(decodeURIComponent), current.signal);
    } catch (error) {
      const text = error instanceof ApiProblem ? `${error.message} (HTTP ${error.status})` : String(error);
      show('Error', h('h1', {}, 'Something went wrong'), h('p', { role: 'alert' }, text));
    }
    return;
  }
  show('Not found', h('h1', {}, 'Page not found'), h('p', {}, h('a', { href: '#/' }, 'Back to the catalog')));
}

function setUpIdentity() {
  const form = document.getElementById('identity');
  const user = document.getElementById('identity-user');
  const project = document.getElementById('identity-project');
  user.value = session.user;
  project.value = session.project;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    session.user = user.value.trim();
    session.project = project.value.trim() || 'demo';
    route();
  });
}

setUpIdentity();
window.addEventListener('hashchange', route);
route();
