// A tiny element builder: the portal renders with DOM calls (never innerHTML), so API text is never parsed as HTML.
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2).toLowerCase(), value);
    else if (name === 'className') element.className = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** Replaces the page body and moves focus to it, so screen readers hear the new view. */
export function show(title, ...children) {
  const main = document.getElementById('main');
  main.replaceChildren(...children.flat());
  document.title = `${title} · EnvOrchestrator`;
  main.focus();
}

/** Polite announcement of progress for assistive technology. */
export function announce(text) {
  const announcer = document.getElementById('announcer');
  announcer.textContent = '';
  // A fresh node after clearing makes repeated texts be read again.
  requestAnimationFrame(() => { announcer.textContent = text; });
}

const okStatuses = new Set(['Ready', 'Succeeded', 'Completed']);
const badStatuses = new Set(['Failed', 'Cancelled', 'Expired']);
const goneStatuses = new Set(['Destroyed', 'Skipped']);
const idleStatuses = new Set(['Pending', 'Queued', 'AwaitingApproval']);

/** A status badge: the word is always shown, the colour and symbol only add to it. */
export function statusBadge(status) {
  const kind = okStatuses.has(status) ? 'ok' : badStatuses.has(status) ? 'bad'
    : goneStatuses.has(status) ? 'gone' : idleStatuses.has(status) ? 'idle' : 'busy';
  return h('span', { className: `status status-${kind}`, 'data-status': status }, status);
}

export function timeLeft(expiresAt, now = Date.now()) {
  if (!expiresAt) return 'no expiry';
  const ms = new Date(expiresAt).getTime() - now;
  if (ms <= 0) return 'expired';
  const minutes = Math.floor(ms / 60000);
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `${hours}h ${minutes % 60}m left` : `${minutes}m left`;
}

export function formatValue(view) {
  if (view.sensitive) return '•••••• (sensitive)';
  if (view.known === false) return '(known after apply)';
  return view.value === null || view.value === undefined ? '' : typeof view.value === 'string' ? view.value : JSON.stringify(view.value);
}
