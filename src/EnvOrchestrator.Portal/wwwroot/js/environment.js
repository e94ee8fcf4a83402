import { api, ApiProblem, followLogs } from './api.js';
import { announce, formatValue, h, show, statusBadge, timeLeft } from './dom.js';

const settled = new Set(['Ready', 'Failed', 'Destroyed', 'Cancelled', 'Expired']);
const pollMilliseconds = 1000;

/** The failure record the API stores, with the resource and log excerpt when it has them. */
function failureBlock(failure, heading) {
  return h('section', { className: 'failure', 'aria-labelledby': 'failure-heading' },
    h('h2', { id: 'failure-heading' }, heading),
    h('p', { className: 'failure-message' }, failure.message),
    failure.resource ? h('p', {}, `Resource: ${failure.resource}`) : null,
    failure.detail ? h('pre', { className: 'failure-detail' }, failure.detail) : null,
    failure.log ? h('p', {}, `Log step: ${failure.log} (in the live log below)`) : null);
}

/**
 * The resources in the order the API returns them, which is dependency order: each one only needs those before it.
 * The API does not expose the edges, so an ordered list (numbered for screen readers too) is the graph.
 */
function resourceGraph(resources) {
  return h('ol', { className: 'waves', 'aria-label': 'Resources in dependency order' },
    resources.map((r) => h('li', { 'data-resource': r.name },
      h('strong', {}, r.name), ' ', statusBadge(r.status),
      h('div', { className: 'hint' }, `${r.template}${r.version ? ` → ${r.version}` : ''} · applied ${r.applyCount}×`),
      r.failure ? h('p', { className: 'error' }, r.failure.message) : null)));
}

/**
 * What the environment waits for an approver for (its deploy, or an extension) with the reasons, who asked and until
 * when, and the approve/reject form; or the last decision. The API decides who may: refusals are shown as they come.
 */
function approvalBlock(approval, decide) {
  if (!approval) return '';
  const what = approval.subject === 'extension' ? `an extension by ${approval.extendBy}` : 'the deploy';
  if (approval.state !== 'pending') {
    return h('p', { id: 'approval-decision' },
      `Approval of ${what}: ${approval.state}${approval.decidedBy ? ` by ${approval.decidedBy}` : ''}${approval.reason ? `: ${approval.reason}` : ''}.`);
  }

  const reason = h('textarea', { id: 'approval-reason', rows: 2, cols: 50, maxLength: 1000 });
  const approve = h('button', { type: 'button' }, 'Approve');
  const reject = h('button', { type: 'button', className: 'danger' }, 'Reject');
  approve.addEventListener('click', () => decide('Approve', reason.value.trim()));
  reject.addEventListener('click', () => decide('Reject', reason.value.trim()));
  return h('section', { className: 'approval', 'aria-labelledby': 'approval-heading' },
    h('h2', { id: 'approval-heading' }, 'Awaiting approval'),
    h('p', {}, `${approval.requestedBy} asked for ${what} on ${new Date(approval.requestedAt).toISOString()}; it can be decided until ${new Date(approval.expiresAt).toISOString()}. Project admins decide, never the one who asked.`),
    h('ul', { 'aria-label': 'Why an approval is needed' }, (approval.reasons ?? []).map((r) => h('li', {}, r.message))),
    h('div', { className: 'field' }, h('label', { for: 'approval-reason' }, 'Reason (required to reject)'), reason),
    h('div', { className: 'actions' }, approve, reject));
}

function outputsTable(outputs) {
  const names = Object.keys(outputs);
  if (names.length === 0) return h('p', {}, 'No outputs yet (they appear once the environment is Ready).');
  return h('table', { 'aria-label': 'Outputs' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Output'), h('th', { scope: 'col' }, 'Value'))),
    h('tbody', {}, names.map((n) => h('tr', { 'data-output': n }, h('th', { scope: 'row' }, n), h('td', {}, formatValue(outputs[n]))))));
}

export async function environmentView(project, name, signal) {
  const heading = h('h1', {}, name);
  const summary = h('div', { id: 'summary' });
  const graph = h('div', { id: 'graph' });
  const outputs = h('div', { id: 'outputs' });
  const failure = h('div', { id: 'failure' });
  const approval = h('div', { id: 'approval' });
  const message = h('p', { id: 'action-message', role: 'status', 'aria-live': 'polite' });
  const logs = h('pre', { className: 'logs', id: 'logs', tabindex: 0, 'aria-label': 'Run log' });
  const logState = h('p', { id: 'log-state' });
  const extendBy = h('input', { id: 'extend-by', value: '1h', size: 6, autocomplete: 'off' });
  const extendButton = h('button', { type: 'submit', className: 'secondary' }, 'Extend');
  const retryButton = h('button', { type: 'button', className: 'secondary' }, 'Retry');
  const destroyButton = h('button', { type: 'button', className: 'danger' }, 'Destroy');
  let followedRun = null;
  let stopLogs = () => {};
  let lastStatus = null;
  let poll;
  signal.addEventListener('abort', () => { stopLogs(); clearTimeout(poll); });

  // The outcome is announced after the refresh, so what it says is already on the page.
  async function act(label, action) {
    message.textContent = `${label}…`;
    let outcome = `${label}: done.`;
    try {
      // An action may say more than "done" by returning the sentence.
      const said = await action();
      if (typeof said === 'string') outcome = said;
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      outcome = `${label} refused: ${error.message}`;
    }
    await refresh();
    message.textContent = outcome;
  }

  const extendForm = h('form', { className: 'inline', 'aria-label': 'Extend' },
    h('div', { className: 'field' }, h('label', { for: 'extend-by' }, 'Extend by'), extendBy), extendButton);
  extendForm.addEventListener('submit', (e) => {
    e.preventDefault();
    act('Extend', async () => {
      const extended = await api.extend(project, name, extendBy.value.trim());
      return extended?.approval?.state === 'pending' && extended.approval.subject === 'extension'
        ? 'Extend: sent for approval; the expiry stays until an approver decides.'
        : undefined;
    });
  });
  const decide = (label, reason) => act(label, () => (label === 'Approve' ? api.approve(project, name, reason) : api.reject(project, name, reason)));
  retryButton.addEventListener('click', () => act('Retry', () => api.retry(project, name)));
  destroyButton.addEventListener('click', () => {
    if (confirm(`Destroy ${name}? Its resources are removed in reverse dependency order.`)) act('Destroy', () => api.destroy(project, name));
  });

  function follow(runId) {
    if (!runId || runId === followedRun) return;
    stopLogs();
    followedRun = runId;
    logs.textContent = '';
    logState.textContent = `Following run ${runId}…`;
    stopLogs = followLogs(api.logsUrl(project, name, runId),
      (event) => { logs.append(`${event.step ? `[${event.step}] ` : ''}${event.line}\n`); logs.scrollTop = logs.scrollHeight; },
      (end) => { logState.textContent = `Run ${runId}: ${end}.`; });
  }

  async function refresh() {
    if (signal.aborted) return;
    const env = await api.environment(project, name);
    heading.replaceChildren(`${env.name} `, statusBadge(env.status));
    summary.replaceChildren(h('dl', { className: 'facts' },
      h('dt', {}, 'Status'), h('dd', { id: 'environment-status' }, env.status),
      h('dt', {}, 'Template'), h('dd', {}, `${env.template}@${env.templateVersion}`),
      h('dt', {}, 'Time left'), h('dd', { id: 'time-left' }, env.status === 'Destroyed' ? '—' : timeLeft(env.expiresAt)),
      h('dt', {}, 'Expires at'), h('dd', { id: 'expires-at' }, env.expiresAt ? new Date(env.expiresAt).toISOString() : 'never'),
      h('dt', {}, 'Extensions'), h('dd', {}, String(env.extensionCount)),
      h('dt', {}, 'Created by'), h('dd', {}, env.createdBy)));
    graph.replaceChildren(resourceGraph(env.resources));
    outputs.replaceChildren(outputsTable(env.outputs));
    failure.replaceChildren(env.failure ? failureBlock(env.failure, 'Error') : '');
    approval.replaceChildren(approvalBlock(env.approval, decide));
    retryButton.disabled = !['Failed', 'Cancelled'].includes(env.status);
    extendButton.disabled = env.status !== 'Ready';
    destroyButton.disabled = env.status === 'Destroyed' || env.status === 'Destroying';
    if (env.status !== lastStatus) {
      announce(`${env.name} is ${env.status}`);
      lastStatus = env.status;
    }
    const runId = env.currentRunId ?? (await api.runs(project, name)).items[0]?.id;
    follow(runId);
    // One timer at a time: an action's refresh replaces the pending poll instead of starting a second loop.
    clearTimeout(poll);
    if (!settled.has(env.status) || env.currentRunId) poll = setTimeout(() => refresh().catch(() => {}), pollMilliseconds);
  }

  show(name,
    h('p', {}, h('a', { href: `#/projects/${encodeURIComponent(project)}/environments` }, `← Environments of ${project}`)),
    heading,
    h('div', { role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true', className: 'visually-hidden', id: 'live-status' }),
    summary,
    failure,
    approval,
    h('h2', {}, 'Actions'),
    h('div', { className: 'actions' }, extendForm, retryButton, destroyButton),
    message,
    h('h2', {}, 'Resources'),
    graph,
    h('h2', {}, 'Outputs'),
    outputs,
    h('h2', {}, 'Live log'),
    logState,
    logs);
  await refresh();
}
