// The whole action in process (run() from dist/main.js) against the fake service: what it sends, what it writes
// for the runner, and its exit code.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { run } from '../dist/main.js';
import { fastClock, pullRequestEvent, runnerFiles } from './runner-files.js';
import { startFakeService } from './fake-service.js';

const services = [];
after(() => Promise.all(services.map((s) => s.close())));

async function service(options) {
  const started = await startFakeService(options);
  services.push(started);
  return started;
}

async function runAction(svc, { action = 'opened', eventName = 'pull_request', inputs = {}, event } = {}) {
  const files = runnerFiles(event ?? pullRequestEvent(action), eventName);
  let log = '';
  const env = {
    ...files.env,
    INPUT_ENDPOINT: svc.url,
    INPUT_PROJECT: 'demo',
    INPUT_TEMPLATE: 'web-stack@1.0.0',
    INPUT_INPUTS: 'delay_seconds: 0',
    'INPUT_POLL-INTERVAL': '1s',
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
  };
  const code = await run({ env, write: (t) => (log += t), clock: fastClock() });
  return { code, log, files };
}

test('run_OpenedWithoutEnvironment_CreatesWaitsAndExportsOutputs', async () => {
  const svc = await service();

  const { code, log, files } = await runAction(svc, { action: 'opened' });

  assert.equal(code, 0, log);
  const create = svc.requests.find((r) => r.method === 'POST');
  assert.deepEqual(create.body, { name: 'pr-7', template: 'web-stack@1.0.0', inputs: { delay_seconds: 0 } });
  assert.equal(create.headers['x-envorch-user'], 'octocat');
  assert.equal(create.headers.authorization, undefined);
  const outputs = files.outputs();
  assert.equal(outputs.url, 'https://pr-7-web.pr-7.apps.local');
  assert.equal(outputs.replicas, '3');
  assert.equal(outputs.notes, 'line one\nline two');
  assert.equal(outputs['environment-name'], 'pr-7');
  assert.equal(outputs['environment-status'], 'Ready');
  assert.equal(outputs['environment-url'], `${svc.url}/api/projects/demo/environments/pr-7`);
  assert.equal(outputs['run-id'], 'run-1');
  assert.equal('cache_key' in outputs, false);
  assert.deepEqual(JSON.parse(outputs.outputs), { url: 'https://pr-7-web.pr-7.apps.local', replicas: '3', notes: 'line one\nline two' });
  assert.match(files.outputText(), /^notes<<ghadelimiter_/m);
  assert.match(files.summary(), /## ✅ Environment `pr-7` is Ready/);
  assert.match(files.summary(), /\| `cache_key` \| \*sensitive, not shown\* \|/);
  assert.match(log, /pr-7: Deploying/);
  assert.match(log, /cache_key: \(sensitive, not exported\)/);
});

test('run_SynchronizeOnExistingEnvironment_PatchesWithIfMatch', async () => {
  const svc = await service();
  svc.seed('demo', 'pr-7', { etag: '"41"' });
  svc.environments.get('demo/pr-7').version = 41;

  const { code, log } = await runAction(svc, { action: 'synchronize', inputs: { inputs: '{"delay_seconds": 1}', ttl: '4h' } });

  assert.equal(code, 0, log);
  const patch = svc.requests.find((r) => r.method === 'PATCH');
  assert.equal(patch.headers['if-match'], '"41"');
  assert.deepEqual(patch.body, { inputs: { delay_seconds: 1 }, templateVersion: '1.0.0' });
  assert.equal(svc.requests.some((r) => r.method === 'POST'), false);
  assert.match(log, /ttl applies when an environment is created/);
});

test('run_StaleEtag_ReadsAgainAndRetriesOnce', async () => {
  const svc = await service({ staleEtagOnce: true });
  svc.seed('demo', 'pr-7');

  const { code, log } = await runAction(svc, { action: 'synchronize' });

  assert.equal(code, 0, log);
  const patches = svc.requests.filter((r) => r.method === 'PATCH');
  assert.equal(patches.length, 2);
  assert.notEqual(patches[0].headers['if-match'], patches[1].headers['if-match']);
});

test('run_RunInProgress_WaitsThenUpdates', async () => {
  const svc = await service();
  const seeded = svc.seed('demo', 'pr-7', { status: 'Deploying', currentRunId: 'run-0', outputs: {} });
  Object.assign(seeded, { working: 'Deploying', kind: 'Deploy', polls: 0, target: 'Ready' });

  const { code, log } = await runAction(svc, { action: 'synchronize' });

  assert.equal(code, 0, log);
  assert.match(log, /has a run in progress \(Deploying\); waiting/);
  assert.equal(svc.requests.filter((r) => r.method === 'PATCH').length, 1);
});

test('run_OtherTemplateOnExistingEnvironment_FailsWithoutChanging', async () => {
  const svc = await service();
  svc.seed('demo', 'pr-7');

  const { code, log } = await runAction(svc, { action: 'synchronize', inputs: { template: 'cache-only@1.0.0' } });

  assert.equal(code, 1);
  assert.match(log, /::error title=Template changed::pr-7 was made from template web-stack/);
  assert.equal(svc.requests.some((r) => r.method === 'PATCH'), false);
});

test('run_DeployFails_NamesResourceLogLinkAndTail', async () => {
  const svc = await service({ failResource: 'frontend' });

  const { code, log, files } = await runAction(svc);

  assert.equal(code, 1);
  const logsUrl = `${svc.url}/api/projects/demo/environments/pr-7/runs/run-1/logs`;
  assert.match(log, /::error title=Environment pr-7 is Failed::Environment pr-7 is Failed: terraform apply failed for frontend%0A {2}resource: frontend/);
  assert.ok(log.includes(`log:      ${logsUrl} (step frontend.apply.1)`), log);
  assert.match(log, /::group::Last lines of frontend\.apply\.1/);
  assert.match(log, /::stop-commands::envorch-[^\n]+\n(?:.*\n)*::warning::not a command\n/);
  assert.doesNotMatch(log, /line 12 of frontend/, 'only the last 30 of 42 lines');
  assert.match(log, /line 13 of frontend/);
  const outputs = files.outputs();
  assert.equal(outputs['environment-status'], 'Failed');
  assert.equal(outputs.url, undefined);
  assert.match(files.summary(), /## ❌ Environment `pr-7` is Failed/);
  assert.match(files.summary(), /Error: simulated failure of frontend/);
  assert.match(files.summary(), /\| frontend \| frontend@\^1 \|  \| Failed: terraform apply failed for frontend \| 0 \|/);
});

test('run_Closed_DestroysAndWaitsUntilDestroyed', async () => {
  const svc = await service();
  svc.seed('demo', 'pr-7');

  const { code, log, files } = await runAction(svc, { action: 'closed' });

  assert.equal(code, 0, log);
  assert.equal(svc.requests.filter((r) => r.method === 'DELETE').length, 1);
  assert.equal(files.outputs()['environment-status'], 'Destroyed');
  assert.match(files.summary(), /Environment `pr-7` is Destroyed/);
  assert.doesNotMatch(log, /Outputs:/);
  assert.doesNotMatch(files.summary(), /\| Output \|/);
});

test('run_ClosedWhileDeploying_CancelsThenDestroys', async () => {
  const svc = await service({ pollsToSettle: 3 });
  const seeded = svc.seed('demo', 'pr-7', { status: 'Deploying', currentRunId: 'run-0' });
  Object.assign(seeded, { working: 'Deploying', kind: 'Deploy', polls: 0, target: 'Ready' });

  const { code, log } = await runAction(svc, { action: 'closed' });

  assert.equal(code, 0, log);
  const calls = svc.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.url.split('/').at(-1)}`);
  assert.deepEqual(calls, ['POST cancel', 'DELETE pr-7']);
});

test('run_ClosedWithoutEnvironment_SucceedsWithNothingToDo', async () => {
  const svc = await service();

  const { code, files } = await runAction(svc, { action: 'closed' });

  assert.equal(code, 0);
  assert.equal(files.outputs()['environment-status'], 'None');
  assert.match(files.summary(), /nothing to destroy/);
});

test('run_ModeDestroyOnPush_UsesNameInput', async () => {
  const svc = await service();
  svc.seed('demo', 'main-preview');

  const { code, log } = await runAction(svc, { eventName: 'push', event: { ref: 'refs/heads/main' }, inputs: { mode: 'destroy', name: 'Main Preview' } });

  assert.equal(code, 0, log);
  assert.match(log, /made valid as 'main-preview'/);
});

test('run_LabeledEvent_DoesNothing', async () => {
  const svc = await service();

  const { code, log } = await runAction(svc, { action: 'labeled' });

  assert.equal(code, 0);
  assert.match(log, /Nothing to do for pull_request 'labeled'/);
  assert.equal(svc.requests.length, 0);
});

test('run_Token_IsMaskedFirstAndSentAsBearer', async () => {
  const svc = await service();

  const { code, log } = await runAction(svc, { inputs: { token: 's3cr3t-token', user: 'ci-bot' } });

  assert.equal(code, 0, log);
  assert.ok(log.startsWith('::add-mask::s3cr3t-token\n'));
  assert.equal(log.split('s3cr3t-token').length, 2, 'the token appears only in the mask command');
  assert.ok(svc.requests.every((r) => r.headers.authorization === 'Bearer s3cr3t-token' && r.headers['x-envorch-user'] === 'ci-bot'));
});

test('run_ServiceRefusesTemplate_RendersProblemDetails', async () => {
  const svc = await service();

  const { code, log, files } = await runAction(svc, { inputs: { template: 'unknown@1.0.0' } });

  assert.equal(code, 1);
  assert.ok(log.includes(
    "::error title=POST /api/projects/demo/environments::Not found (HTTP 404, not-found)%0A  No environment template matches 'unknown@1.0.0'.%0A  field: template%0A  rule:  template.unknown%0Ahint: Check the 'project' and 'template' inputs"), log);
  assert.match(files.summary(), /## ❌ EnvOrchestrator refused POST \/api\/projects\/demo\/environments\n\n```text\nNot found \(HTTP 404, not-found\)/);
});

test('run_WaitTimeoutPasses_FailsNamingStatus', async () => {
  const svc = await service({ pollsToSettle: 1000 });

  const { code, log, files } = await runAction(svc, { inputs: { 'wait-timeout': '10s' } });

  assert.equal(code, 1);
  assert.match(log, /did not become Ready within wait-timeout \(10s\); it is Deploying/);
  assert.match(files.summary(), /still Deploying \(timed out waiting\)/);
});

test('run_UnreachableService_FailsWithEndpoint', async () => {
  const svc = await service();
  await svc.close();

  const { code, log } = await runAction(svc);

  assert.equal(code, 1);
  assert.match(log, /::error title=EnvOrchestrator unreachable::Could not reach EnvOrchestrator at http:\/\/127\.0\.0\.1:\d+/);
});
