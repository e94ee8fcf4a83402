// A tiny stand-in for the EnvOrchestrator API on loopback (node:http), for the action's unit tests. Environments move
// one step per read: a run started by POST/PATCH/DELETE settles after `pollsToSettle` GETs. Only helpers here.
import { createServer } from 'node:http';

const RESOURCES = ['network', 'frontend'];

export async function startFakeService({ pollsToSettle = 2, outputs = defaultOutputs(), failResource = null, staleEtagOnce = false } = {}) {
  const environments = new Map();
  const requests = [];
  let runs = 0;
  let staleOnce = staleEtagOnce;

  const server = createServer(async (request, response) => {
    const body = await readBody(request);
    requests.push({ method: request.method, url: request.url, headers: request.headers, body });
    const send = (status, json, headers = {}) => {
      response.writeHead(status, { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers });
      response.end(json === undefined ? '' : JSON.stringify(json));
    };

    const match = /^\/api\/projects\/([^/]+)\/environments(?:\/([^/]+))?(\/.*)?$/.exec(request.url);
    if (!match) {
      return send(404, problem(404, 'not-found', 'No such route.'));
    }

    const [, project, name, rest] = match;
    const key = `${project}/${name}`;
    const environment = environments.get(key);

    if (request.method === 'POST' && !name) {
      if (!/^[a-z][a-z0-9-]{1,39}$/.test(body.name ?? '')) {
        return send(400, problem(400, 'invalid-request', 'The environment name must start with a lower-case letter.', 'name', 'name.invalid'));
      }

      if (body.template?.startsWith('unknown')) {
        return send(404, { ...problem(404, 'not-found', `No environment template matches '${body.template}'.`, 'template', 'template.unknown'), title: 'Not found' });
      }

      const existing = environments.get(`${project}/${body.name}`);
      if (existing && existing.view.status !== 'Destroyed') {
        return send(409, problem(409, 'conflict', 'The name is taken.', 'name', 'environment.exists'));
      }

      const created = newEnvironment(project, body);
      environments.set(`${project}/${body.name}`, created);
      return accept(created, 'Deploy', 'Queued', 'Deploying');
    }

    if (!environment) {
      return send(404, problem(404, 'not-found', `Environment ${project}/${name} does not exist.`, 'name', 'environment.not-found'));
    }

    if (request.method === 'GET' && !rest) {
      advance(environment);
      return send(200, environment.view, { ETag: environment.view.etag });
    }

    if (request.method === 'PATCH' && !rest) {
      const ifMatch = request.headers['if-match'];
      if (!ifMatch) {
        return send(428, problem(428, 'precondition-required', 'Send If-Match.', 'If-Match', 'etag.required'));
      }

      if (staleOnce || ifMatch !== environment.view.etag) {
        staleOnce = false;
        bump(environment);
        return send(412, problem(412, 'precondition-failed', 'The environment changed since it was read.', 'If-Match', 'etag-mismatch'));
      }

      if (environment.view.currentRunId) {
        return send(409, problem(409, 'conflict', 'A run is in progress.', 'name', 'run-in-progress'));
      }

      environment.view.inputs = { ...environment.view.inputs, ...body.inputs };
      environment.view.templateVersion = body.templateVersion ?? environment.view.templateVersion;
      return accept(environment, 'Update', 'Updating', 'Updating');
    }

    if (request.method === 'DELETE' && !rest) {
      if (environment.view.currentRunId) {
        return send(409, problem(409, 'conflict', 'A run is in progress.', 'name', 'run-in-progress'));
      }

      return accept(environment, 'Destroy', 'Destroying', 'Destroying');
    }

    if (request.method === 'POST' && rest === '/cancel') {
      environment.target = 'Cancelled';
      environment.polls = 0;
      return send(200, { id: environment.view.currentRunId, status: 'Cancelled' });
    }

    const logs = /^\/runs\/([^/]+)\/logs$/.exec(rest ?? '');
    if (request.method === 'GET' && logs) {
      const lines = Array.from({ length: 40 }, (_, i) => `line ${i + 1} of ${failResource}`);
      lines.push('::warning::not a command', 'Error: simulated failure of frontend');
      return send(200, { steps: [{ step: 'network.apply.1', lines: ['ok'], nextOffset: 2 }, { step: `${failResource}.apply.1`, lines, nextOffset: 99 }], runFinished: true });
    }

    return send(405, problem(405, 'method-not-allowed', 'Not here.'));

    function accept(target, kind, first, working) {
      const runId = `run-${++runs}`;
      target.view.status = first;
      target.view.currentRunId = runId;
      target.working = working;
      target.kind = kind;
      target.polls = 0;
      target.target = kind === 'Destroy' ? 'Destroyed' : failResource ? 'Failed' : 'Ready';
      bump(target);
      const path = `/api/projects/${project}/environments/${target.view.name}`;
      send(202, {
        environment: target.view,
        run: { id: runId, kind, status: 'Queued' },
        instanceId: runId,
        links: { status: `${path}/runs/${runId}`, environment: path, logs: `${path}/runs/${runId}/logs?follow=true`, cancel: `${path}/cancel` },
      }, { Location: `${path}/runs/${runId}` });
    }
  });

  function newEnvironment(project, body) {
    const [template, version] = (body.template ?? '').split('@');
    return {
      view: {
        project,
        name: body.name,
        template,
        templateVersion: version ?? '1.0.0',
        status: 'Pending',
        inputs: body.inputs ?? {},
        resources: RESOURCES.map((r) => ({ name: r, template: `${r}@^1`, version: null, status: 'Pending', outputs: {}, applyCount: 0, failure: null })),
        outputs: {},
        expiresAt: '2026-12-03T16:00:00+00:00',
        currentRunId: null,
        failure: null,
        etag: '"1"',
      },
      version: 1,
    };
  }

  function advance(environment) {
    const view = environment.view;
    if (!view.currentRunId) {
      return;
    }

    environment.polls++;
    if (environment.polls < pollsToSettle && environment.target !== 'Cancelled') {
      view.status = environment.working;
      view.resources[0].status = environment.kind === 'Destroy' ? 'Destroying' : 'Applying';
      return;
    }

    view.currentRunId = null;
    view.status = environment.target;
    bump(environment);
    if (environment.target === 'Ready') {
      view.resources.forEach((r) => Object.assign(r, { status: 'Succeeded', version: '1.0.0', applyCount: r.applyCount + 1 }));
      view.outputs = outputs;
    } else if (environment.target === 'Destroyed') {
      view.resources.forEach((r) => (r.status = 'Destroyed'));
      view.outputs = {};
    } else if (environment.target === 'Failed') {
      const step = `${failResource}.apply.1`;
      const failure = { errorType: 'TerraformError', message: `terraform apply failed for ${failResource}`, detail: 'exit status 1', isTransient: false };
      view.resources.forEach((r) => (r.status = r.name === failResource ? 'Failed' : 'Succeeded'));
      view.resources.find((r) => r.name === failResource).failure = { ...failure, resource: failResource, log: step };
      view.failure = { ...failure, resource: failResource, log: step };
    }
  }

  function bump(environment) {
    environment.version++;
    environment.view.etag = `"${environment.version}"`;
  }

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    environments,
    /** Puts an environment in place as if an earlier job had made it. */
    seed(project, name, patch = {}) {
      const environment = newEnvironment(project, { name, template: 'web-stack@1.0.0' });
      Object.assign(environment.view, { status: 'Ready', outputs }, patch);
      environments.set(`${project}/${name}`, environment);
      return environment;
    },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

export function defaultOutputs() {
  return {
    url: { value: 'https://pr-7-web.pr-7.apps.local', sensitive: false, known: true },
    cache_key: { value: null, sensitive: true, known: true },
    replicas: { value: 3, sensitive: false, known: true },
    notes: { value: 'line one\nline two', sensitive: false, known: true },
  };
}

function problem(status, code, detail, field, rule) {
  return { type: `https://envorch.io/problems/${code}`, title: status === 400 ? 'The request is invalid' : 'Request refused', status, detail, code, field, rule };
}

async function readBody(request) {
  const chunks = [];
  for await (const chunk of request) {
    chunks.push(chunk);
  }

  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}
