import { session } from './session.js';

/** A problem details answer (RFC 7807) with the field and rule the API names. */
export class ApiProblem extends Error {
  constructor(status, problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.status = status;
    this.field = problem.field ?? null;
    this.rule = problem.rule ?? null;
    this.code = problem.code ?? null;
  }
}

function headers(extra = {}) {
  const result = { Accept: 'application/json', ...extra };
  if (session.user) result['X-EnvOrch-User'] = session.user;
  return result;
}

export async function call(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return null;
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiProblem(response.status, json ?? {});
  return json;
}

const enc = encodeURIComponent;
export const api = {
  templates: () => call('GET', '/api/templates'),
  template: (name) => call('GET', `/api/templates/${enc(name)}`),
  environments: (project) => call('GET', `/api/projects/${enc(project)}/environments`),
  environment: (project, name) => call('GET', `/api/projects/${enc(project)}/environments/${enc(name)}`),
  runs: (project, name) => call('GET', `/api/projects/${enc(project)}/environments/${enc(name)}/runs?pageSize=1`),
  create: (project, body) => call('POST', `/api/projects/${enc(project)}/environments`, body),
  extend: (project, name, by) => call('POST', `/api/projects/${enc(project)}/environments/${enc(name)}/extend`, { by }),
  retry: (project, name) => call('POST', `/api/projects/${enc(project)}/environments/${enc(name)}/retry`),
  approve: (project, name, reason) => call('POST', `/api/projects/${enc(project)}/environments/${enc(name)}/approve`, reason ? { reason } : {}),
  reject: (project, name, reason) => call('POST', `/api/projects/${enc(project)}/environments/${enc(name)}/reject`, { reason }),
  destroy: (project, name) => call('DELETE', `/api/projects/${enc(project)}/environments/${enc(name)}`),
  logsUrl: (project, name, run) => `/api/projects/${enc(project)}/environments/${enc(name)}/runs/${enc(run)}/logs?follow=true`,
};

/**
 * Follows a run's server-sent events. EventSource cannot send the identity header, so this reads the stream with
 * fetch and splits the events itself. Returns a function that stops following.
 */
export function followLogs(url, onLine, onEnd) {
  const controller = new AbortController();
  (async () => {
    try {
      const response = await fetch(url, { headers: headers({ Accept: 'text/event-stream' }), signal: controller.signal });
      if (!response.ok || !response.body) { onEnd(`logs unavailable (HTTP ${response.status})`); return; }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let boundary;
        while ((boundary = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          const event = /^event: ?(.*)$/m.exec(block)?.[1] ?? 'message';
          const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.replace(/^data: ?/, '')).join('\n');
          const payload = data ? JSON.parse(data) : {};
          if (event === 'end') { onEnd(payload.line ?? 'run finished'); return; }
          onLine(payload);
        }
      }
      onEnd('stream closed');
    } catch (error) {
      if (error.name !== 'AbortError') onEnd(`logs interrupted: ${error.message}`);
    }
  })();
  return () => controller.abort();
}
