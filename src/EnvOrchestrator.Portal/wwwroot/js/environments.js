import { api } from './api.js';
import { h, show, statusBadge, timeLeft } from './dom.js';
import { session } from './session.js';

export async function environmentsView(project = session.project) {
  const page = await api.environments(project);
  const link = (e) => `#/projects/${encodeURIComponent(project)}/environments/${encodeURIComponent(e.name)}`;
  show(`Environments of ${project}`,
    h('h1', {}, `Environments of ${project}`),
    page.items.length === 0
      ? h('p', {}, 'No environments yet. ', h('a', { href: '#/' }, 'Create one from the catalog.'))
      : h('table', { 'aria-label': `Environments of project ${project}` },
        h('thead', {}, h('tr', {}, ['Environment', 'Template', 'Status', 'Time left', 'Created by'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, page.items.map((e) => h('tr', { 'data-environment': e.name },
          h('td', {}, h('a', { href: link(e) }, e.name)),
          h('td', {}, `${e.template}@${e.templateVersion}`),
          h('td', {}, statusBadge(e.status)),
          h('td', {}, timeLeft(e.expiresAt)),
          h('td', {}, e.createdBy))))));
}
