// The EnvOrchestrator HTTP API (see the service's README and /openapi/v1.json), with Node's built-in fetch.
import { ActionError } from './errors.js';

const REQUEST_TIMEOUT_MS = 30_000;
const RETRIED_STATUSES = new Set([502, 503, 504]);

/** A problem-details answer (or any non-success status), kept whole so it can be shown as the service gave it. */
export class ApiError extends Error {
  constructor(method, path, status, problem) {
    super(`${method} ${path} answered ${status}: ${problem.detail ?? problem.title ?? ''}`);
    this.name = 'ApiError';
    this.method = method;
    this.path = path;
    this.status = status;
    this.problem = problem;
  }
}

export class EnvOrchestratorClient {
  /**
   * @param {{endpoint: string, user?: string, token?: string, fetch?: typeof fetch, sleep?: (ms: number) => Promise<void>, userAgent?: string}} options
   */
  constructor({ endpoint, user, token, fetch = globalThis.fetch, sleep, userAgent = 'envorch-github-action' }) {
    this.endpoint = endpoint;
    this.user = user;
    this.token = token;
    this.fetch = fetch;
    this.sleep = sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.userAgent = userAgent;
  }

  url(path) {
    return this.endpoint + path;
  }

  static environmentPath(project, name) {
    return `/api/projects/${encodeURIComponent(project)}/environments/${encodeURIComponent(name)}`;
  }

  /** The web portal's page for the environment (served by the same service at /, routed by the URL fragment). */
  static portalPath(project, name) {
    return `/#/projects/${encodeURIComponent(project)}/environments/${encodeURIComponent(name)}`;
  }

  static logsPath(project, name, runId) {
    return `${EnvOrchestratorClient.environmentPath(project, name)}/runs/${encodeURIComponent(runId)}/logs`;
  }

  /** The environment and its ETag, or null when there is none by that name. */
  async getEnvironment(project, name) {
    const response = await this.send('GET', EnvOrchestratorClient.environmentPath(project, name), { allowNotFound: true, retry: true });
    return response.status === 404 ? null : { environment: response.body, etag: response.etag };
  }

  create(project, body, idempotencyKey) {
    const headers = idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {};
    // The same key and body return the first answer, so a create that timed out is safe to send again.
    return this.send('POST', `/api/projects/${encodeURIComponent(project)}/environments`, { body, headers, retry: Boolean(idempotencyKey) }).then((r) => r.body);
  }

  update(project, name, body, etag) {
    return this.send('PATCH', EnvOrchestratorClient.environmentPath(project, name), { body, headers: { 'If-Match': etag } }).then((r) => r.body);
  }

  destroy(project, name) {
    return this.send('DELETE', EnvOrchestratorClient.environmentPath(project, name)).then((r) => r.body);
  }

  cancel(project, name) {
    return this.send('POST', `${EnvOrchestratorClient.environmentPath(project, name)}/cancel`).then((r) => r.body);
  }

  /** A run's log lines so far, per step: { steps: [{ step, lines, nextOffset }], runFinished }. */
  logs(project, name, runId) {
    return this.send('GET', EnvOrchestratorClient.logsPath(project, name, runId), { retry: true }).then((r) => r.body);
  }

  async send(method, path, { body, headers = {}, allowNotFound = false, retry = false } = {}) {
    const attempts = retry ? 3 : 1;
    for (let attempt = 1; ; attempt++) {
      let response;
      try {
        response = await this.fetch(this.url(path), {
          method,
          headers: this.headers(headers, body !== undefined),
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
      } catch (error) {
        if (attempt < attempts) {
          await this.sleep(1000 * attempt);
          continue;
        }

        const cause = error.cause?.code ?? error.cause?.message ?? error.message;
        throw new ActionError(`Could not reach EnvOrchestrator at ${this.endpoint} (${method} ${path}): ${cause}`, { title: 'EnvOrchestrator unreachable' });
      }

      if (RETRIED_STATUSES.has(response.status) && attempt < attempts) {
        await response.body?.cancel();
        await this.sleep(1000 * attempt);
        continue;
      }

      const text = await response.text();
      const json = parseJson(text);
      if (response.ok || (allowNotFound && response.status === 404)) {
        return { status: response.status, etag: response.headers.get('etag'), body: json };
      }

      const problem = json && typeof json === 'object' ? json : { title: response.statusText || `HTTP ${response.status}`, detail: text.slice(0, 500) || undefined };
      throw new ApiError(method, path, response.status, { status: response.status, ...problem });
    }
  }

  headers(extra, hasBody) {
    const headers = { Accept: 'application/json', 'User-Agent': this.userAgent, ...extra };
    if (hasBody) {
      headers['Content-Type'] = 'application/json';
    }

    // The service names callers by X-EnvOrch-User today; a bearer token is sent for when it accepts one.
    if (this.user) {
      headers['X-EnvOrch-User'] = this.user;
    }

    if (this.token) {
      headers.Authorization = `Bearer ${this.token}`;
    }

    return headers;
  }
}

function parseJson(text) {
  if (!text) {
    return null;
  }

  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
