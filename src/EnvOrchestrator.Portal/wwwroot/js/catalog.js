import { api } from './api.js';
import { h, show } from './dom.js';

export async function catalogView() {
  const templates = await api.templates();
  show('Catalog',
    h('h1', {}, 'Catalog'),
    h('p', {}, 'Environment templates you can create. Choose one to see its inputs and create an environment.'),
    h('table', { 'aria-label': 'Environment templates' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Template'), h('th', { scope: 'col' }, 'Version'), h('th', { scope: 'col' }, 'Resources'), h('th', { scope: 'col' }, 'Description'))),
      h('tbody', {}, templates.map((t) => h('tr', {},
        h('td', {}, h('a', { href: `#/templates/${encodeURIComponent(t.name)}` }, t.name)),
        h('td', {}, t.version),
        h('td', {}, String(t.resourceCount)),
        h('td', {}, t.description ?? ''))))));
}
