// The EnvOrchestrator HTTP API (docs/components/api.md), with Node's built-in fetch; no Backstage imports here.
import { EnvOrchApiError, EnvOrchError, Problem } from './errors';

export const ON_BEHALF_OF_HEADER = 'X-EnvOrch-On-Behalf-Of';
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

const RETRIED_STATUSES = new Set([502, 503, 504]);

export type EnvironmentStatus =
  | 'Pending' | 'Queued' | 'Deploying' | 'Ready' | 'Updating' | 'Failed' | 'Cancelled' | 'Destroying' | 'Destroyed'
  | (string & {});

export interface ValueView {
  value: unknown;
  sensitive: boolean;
  known?: boolean;
}

export interface FailureView {
  errorType: string;
  message: string;
  detail?: string | null;
  isTransient?: boolean;
  resource?: string | null;
  log?: string | null;
}

export interface EnvironmentView {
  project: string;
  name: string;
  template: string;
  templateVersion: string;
  status: EnvironmentStatus;
  outputs: Record<string, ValueView>;
  resources?: Array<{ name: string; status: string; failure?: FailureView | null }>;
  expiresAt?: string | null;
  currentRunId?: string | null;
  failure?: FailureView | null;
  etag?: string;
}

export interface OperationAccepted {
  environment: EnvironmentView;
  run: { id: string; kind: string; status: string };
  instanceId?: string;
  links?: Record<string, string>;
}

export interface CreateEnvironmentRequest {
  name: string;
  template: string;
  inputs?: Record<string, unknown>;
  ttl?: string;
}

export interface EnvOrchClientOptions {
  /** The service's root, e.g. https://envorch.example.com (the API is under /api). */
  baseUrl: string;
  /** An API key (`eok_…`) or an OIDC access token, sent as `Authorization: Bearer …`. */
  token?: string;
  /** The user the call is made for (`X-EnvOrch-On-Behalf-Of`); needs the key's `delegate` grant. */
  onBehalfOf?: string;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  requestTimeoutMs?: number;
  /** Attempts for retried requests (GET, and POST with an idempotency key) on 502/503/504 and network errors. */
  attempts?: number;
  signal?: AbortSignal;
  userAgent?: string;
}

interface SendOptions {
  body?: unknown;
  headers?: Record<string, string>;
  allowNotFound?: boolean;
  retry?: boolean;
}

export class EnvOrchClient {
  readonly baseUrl: string;
  private readonly options: EnvOrchClientOptions;
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: EnvOrchClientOptions) {
    this.options = options;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  static collectionPath(project: string): string {
    return `/api/projects/${encodeURIComponent(project)}/environments`;
  }

  static environmentPath(project: string, name: string): string {
    return `${EnvOrchClient.collectionPath(project)}/${encodeURIComponent(name)}`;
  }

  /** The web portal's page for the environment (served by the service at /, routed by the URL fragment). */
  portalUrl(project: string, name: string): string {
    return `${this.baseUrl}/#/projects/${encodeURIComponent(project)}/environments/${encodeURIComponent(name)}`;
  }

  /** The environment, or null when the project has none by that name. */
  async getEnvironment(project: string, name: string): Promise<EnvironmentView | null> {
    const response = await this.send('GET', EnvOrchClient.environmentPath(project, name), { allowNotFound: true, retry: true });
    return response.status === 404 ? null : (response.body as EnvironmentView);
  }

  /** 202: the environment is stored and its deploy run queued. The same key and body replay the first answer. */
  async createEnvironment(project: string, request: CreateEnvironmentRequest, idempotencyKey?: string): Promise<OperationAccepted> {
    const headers: Record<string, string> = idempotencyKey ? { [IDEMPOTENCY_KEY_HEADER]: idempotencyKey } : {};
    const response = await this.send('POST', EnvOrchClient.collectionPath(project), { body: request, headers, retry: Boolean(idempotencyKey) });
    return response.body as OperationAccepted;
  }

  /** 202: the destroy run is queued. */
  async destroyEnvironment(project: string, name: string): Promise<OperationAccepted> {
    const response = await this.send('DELETE', EnvOrchClient.environmentPath(project, name));
    return response.body as OperationAccepted;
  }

  /** 202: the environment's run is being cancelled. */
  async cancelRun(project: string, name: string): Promise<unknown> {
    const response = await this.send('POST', `${EnvOrchClient.environmentPath(project, name)}/cancel`);
    return response.body;
  }

  private async send(method: string, path: string, { body, headers = {}, allowNotFound = false, retry = false }: SendOptions = {}) {
    const attempts = retry ? Math.max(1, this.options.attempts ?? 3) : 1;
    for (let attempt = 1; ; attempt++) {
      this.options.signal?.throwIfAborted();
      let response: Response;
      try {
        const timeout = AbortSignal.timeout(this.options.requestTimeoutMs ?? 30_000);
        response = await this.fetchImpl(this.baseUrl + path, {
          method,
          headers: this.headers(headers, body !== undefined),
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: this.options.signal ? AbortSignal.any([timeout, this.options.signal]) : timeout,
        });
      } catch (error) {
        if (this.options.signal?.aborted) {
          throw error;
        }

        if (attempt < attempts) {
          await this.sleep(1000 * attempt);
          continue;
        }

        const cause = error as { message?: string; cause?: { code?: string; message?: string } };
        throw new EnvOrchError(`Could not reach EnvOrchestrator at ${this.baseUrl} (${method} ${path}): ${cause.cause?.code ?? cause.cause?.message ?? cause.message}`);
      }

      if (RETRIED_STATUSES.has(response.status) && attempt < attempts) {
        await response.body?.cancel();
        await this.sleep(1000 * attempt);
        continue;
      }

      const text = await response.text();
      const json = parseJson(text);
      if (response.ok || (allowNotFound && response.status === 404)) {
        return { status: response.status, body: json };
      }

      const problem: Problem = json && typeof json === 'object'
        ? (json as Problem)
        : { title: response.statusText || `HTTP ${response.status}`, detail: text.slice(0, 500) || undefined };
      throw new EnvOrchApiError(method, path, response.status, problem);
    }
  }

  private headers(extra: Record<string, string>, hasBody: boolean): Record<string, string> {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'User-Agent': this.options.userAgent ?? 'envorch-backstage-scaffolder',
      ...extra,
    };
    if (hasBody) {
      headers['Content-Type'] = 'application/json';
    }

    if (this.options.token) {
      headers.Authorization = `Bearer ${this.options.token}`;
    }

    if (this.options.onBehalfOf) {
      headers[ON_BEHALF_OF_HEADER] = this.options.onBehalfOf;
    }

    return headers;
  }
}

function parseJson(text: string): unknown {
  if (!text) {
    return null;
  }

  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
