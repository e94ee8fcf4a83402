// A small stand-in for the EnvOrchestrator API on loopback (node:http), for the actions' tests. A run started by
// POST or DELETE settles after `pollsToSettle` GETs of the environment; Idempotency-Key replays the first answer as
// the service does (Lifecycle/UseCases/IdempotentCommands). Helpers only, no tests here.
import { createServer, IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: any;
}

export interface FakeOptions {
  pollsToSettle?: number;
  outputs?: Record<string, { value: unknown; sensitive: boolean; known?: boolean }>;
  failResource?: string | null;
  /** Answers this many POSTs with 503 before handling one (a gateway in the way). */
  unavailablePosts?: number;
}

interface Stored {
  view: any;
  polls: number;
  target: string;
  working: string;
  kind: string;
}

export function defaultOutputs() {
  return {
    url: { value: 'https://pr-7-web.apps.local', sensitive: false, known: true },
    connection_string: { value: null, sensitive: true, known: true },
    replicas: { value: 3, sensitive: false, known: true },
    pending_thing: { value: null, sensitive: false, known: false },
  };
}

export async function startFakeService(options: FakeOptions = {}) {
  const pollsToSettle = options.pollsToSettle ?? 2;
  const outputs = options.outputs ?? defaultOutputs();
  const environments = new Map<string, Stored>();
  const idempotency = new Map<string, { fingerprint: string; status: number; body: unknown; headers: Record<string, string> }>();
  const requests: RecordedRequest[] = [];
  let unavailablePosts = options.unavailablePosts ?? 0;
  let runs = 0;

  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const text = await readBody(request);
    const body = text ? JSON.parse(text) : undefined;
    requests.push({ method: request.method!, url: request.url!, headers: request.headers, body });
    const send = (status: number, json?: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers });
      response.end(json === undefined ? '' : JSON.stringify(json));
    };

    const match = /^\/api\/projects\/([^/]+)\/environments(?:\/([^/]+))?(\/.*)?$/.exec(request.url ?? '');
    if (!match) {
      return send(404, problem(404, 'not-found', 'No such route.'));
    }

    const project = decodeURIComponent(match[1]);
    const name = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
    const rest = match[3];
    const delegate = request.headers['x-envorch-on-behalf-of'];
    if (delegate !== undefined && request.headers.authorization === 'Bearer eok_nodelegate') {
      return send(403, problem(403, 'forbidden', "'bot' may not act on behalf of another user.", 'X-EnvOrch-On-Behalf-Of', 'delegation.denied'));
    }

    if (request.method === 'POST' && !name) {
      if (unavailablePosts > 0) {
        unavailablePosts--;
        return send(503, undefined);
      }

      const key = request.headers['idempotency-key'] as string | undefined;
      const fingerprint = `${project}\n${text}`;
      if (key && idempotency.has(key)) {
        const first = idempotency.get(key)!;
        return first.fingerprint === fingerprint
          ? send(first.status, first.body, first.headers)
          : send(422, problem(422, 'idempotency-key-reused', 'This idempotency key was used for a different request.', 'Idempotency-Key', 'idempotency.key-reused'));
      }

      const answer = create(project, body);
      if (key && answer.status === 202) {
        idempotency.set(key, { fingerprint, ...answer });
      }

      return send(answer.status, answer.body, answer.headers);
    }

    const environment = name === undefined ? undefined : environments.get(`${project}/${name}`);
    if (!environment) {
      return send(404, problem(404, 'not-found', `Environment ${project}/${name} does not exist.`, 'name', 'environment.not-found'));
    }

    if (request.method === 'GET' && !rest) {
      advance(environment);
      return send(200, environment.view, { ETag: environment.view.etag });
    }

    if (request.method === 'DELETE' && !rest) {
      if (environment.view.currentRunId) {
        return send(409, problem(409, 'conflict', 'A run is in progress.', 'status', 'run-in-progress'));
      }

      const accepted = start(environment, 'Destroy', 'Destroying', 'Destroying');
      return send(accepted.status, accepted.body, accepted.headers);
    }

    if (request.method === 'POST' && rest === '/cancel') {
      if (!environment.view.currentRunId) {
        return send(409, problem(409, 'conflict', 'No run to cancel.', 'status', 'invalid-transition'));
      }

      environment.target = 'Cancelled';
      environment.polls = pollsToSettle;
      return send(202, { id: environment.view.currentRunId, status: 'Cancelling' });
    }

    return send(405, problem(405, 'method-not-allowed', 'Not here.'));
  });

  function create(project: string, body: any) {
    if (!/^[a-z][a-z0-9-]{1,39}$/.test(body?.name ?? '')) {
      return answer(400, problem(400, 'invalid-request', 'The environment name must start with a lower-case letter.', 'name', 'name.invalid'));
    }

    if (String(body.template).startsWith('unknown')) {
      return answer(404, problem(404, 'not-found', `No environment template matches '${body.template}'.`, 'template', 'template.unknown'));
    }

    if (body.inputs?.cache_sku !== undefined && !['Basic', 'Standard'].includes(body.inputs.cache_sku)) {
      return answer(422, problem(422, 'rule-violated', `Input 'cache_sku' must be one of Basic, Standard; got '${body.inputs.cache_sku}'.`, 'inputs.cache_sku', 'input.not-allowed'));
    }

    const existing = environments.get(`${project}/${body.name}`);
    if (existing && existing.view.status !== 'Destroyed') {
      return answer(409, problem(409, 'conflict', `Environment ${project}/${body.name} exists.`, 'name', 'environment.exists'));
    }

    const stored = newEnvironment(project, body.name, body.template, body.inputs);
    environments.set(`${project}/${body.name}`, stored);
    return start(stored, 'Deploy', 'Queued', 'Deploying');
  }

  function start(stored: Stored, kind: string, first: string, working: string) {
    const runId = `run-${++runs}`;
    Object.assign(stored, { kind, working, polls: 0, target: kind === 'Destroy' ? 'Destroyed' : options.failResource ? 'Failed' : 'Ready' });
    stored.view.status = first;
    stored.view.currentRunId = runId;
    const path = `/api/projects/${stored.view.project}/environments/${stored.view.name}`;
    return answer(202, { environment: structuredClone(stored.view), run: { id: runId, kind, status: 'Queued' }, instanceId: runId, links: { environment: path } }, { Location: `${path}/runs/${runId}` });
  }

  function advance(stored: Stored) {
    const view = stored.view;
    if (!view.currentRunId) {
      return;
    }

    stored.polls++;
    if (stored.polls < pollsToSettle) {
      view.status = stored.working;
      view.resources[0].status = stored.kind === 'Destroy' ? 'Destroying' : 'Applying';
      return;
    }

    view.currentRunId = null;
    view.status = stored.target;
    if (stored.target === 'Ready') {
      view.resources.forEach((r: any) => (r.status = 'Succeeded'));
      view.outputs = outputs;
    } else if (stored.target === 'Destroyed') {
      view.resources.forEach((r: any) => (r.status = 'Destroyed'));
      view.outputs = {};
    } else if (stored.target === 'Failed') {
      const failure = { errorType: 'TerraformError', message: `terraform apply failed for ${options.failResource}`, detail: 'exit status 1', isTransient: false, resource: options.failResource, log: `${options.failResource}.apply.1` };
      view.resources.forEach((r: any) => (r.status = r.name === options.failResource ? 'Failed' : 'Succeeded'));
      view.failure = failure;
    }
  }

  function newEnvironment(project: string, name: string, template: string, inputs?: Record<string, unknown>): Stored {
    return {
      view: {
        project, name, template: String(template).split('@')[0], templateVersion: '1.0.0', status: 'Pending',
        inputs: Object.fromEntries(Object.entries(inputs ?? {}).map(([k, v]) => [k, { value: v, sensitive: false, known: true }])),
        resources: ['network', 'frontend'].map((r) => ({ name: r, status: 'Pending', failure: null })),
        outputs: {}, expiresAt: '2026-12-03T16:00:00+00:00', currentRunId: null, failure: null, etag: '"1"',
      },
      polls: 0, target: 'Ready', working: 'Deploying', kind: 'Deploy',
    };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    environments,
    runs: () => runs,
    /** An environment as if made earlier, Ready unless the patch says otherwise. */
    seed(project: string, name: string, patch: Record<string, unknown> = {}) {
      const stored = newEnvironment(project, name, 'web-stack');
      Object.assign(stored.view, { status: 'Ready', outputs }, patch);
      environments.set(`${project}/${name}`, stored);
      return stored;
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

function answer(status: number, body: unknown, headers: Record<string, string> = {}) {
  return { status, body, headers };
}

function problem(status: number, code: string, detail: string, field?: string, rule?: string) {
  return { type: `https://envorch.io/problems/${code}`, title: status === 400 ? 'The request is invalid' : 'Request refused', status, detail, code, field, rule };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }

  return Buffer.concat(chunks).toString('utf8');
}
