// envorch:environment:create through the real createTemplateAction object, against the fake service.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createEnvironmentAction } from '../src/actions';
import { EnvOrchApiError } from '../src/errors';
import { idempotencyKeyFor, IDEMPOTENCY_KEY_MAX_LENGTH } from '../src/environments';
import { actionContext, fastClock, settingsFor } from './context';
import { FakeOptions, startFakeService } from './fake-service';

const services: Array<{ close(): Promise<void> }> = [];
after(() => Promise.all(services.map((s) => s.close())));

async function service(options?: FakeOptions) {
  const started = await startFakeService(options);
  services.push(started);
  return started;
}

const INPUT = { project: 'demo', name: 'pr-7', template: 'web-stack@^1', inputs: { cache_sku: 'Basic' }, ttl: '8h' };

test('create_Accepted_WaitsUntilReadyAndOutputsNonSensitiveValues', async () => {
  const svc = await service({ pollsToSettle: 3 });
  const action = createEnvironmentAction({ settings: settingsFor(svc.url + '/'), clock: fastClock() });
  const { ctx, outputs, log } = actionContext(INPUT);

  await action.handler(ctx);

  const post = svc.requests.find((r) => r.method === 'POST')!;
  assert.equal(post.url, '/api/projects/demo/environments');
  assert.deepEqual(post.body, { name: 'pr-7', template: 'web-stack@^1', inputs: { cache_sku: 'Basic' }, ttl: '8h' });
  assert.equal(post.headers.authorization, 'Bearer eok_0123456789abcdef_secret');
  assert.equal(post.headers['x-envorch-on-behalf-of'], 'user:default/alice');
  assert.equal(post.headers['idempotency-key'], 'backstage:task-1:env:demo/pr-7');
  assert.equal(post.headers['content-type'], 'application/json');
  assert.equal(svc.requests.filter((r) => r.method === 'GET').length, 3);
  assert.deepEqual(outputs, {
    name: 'pr-7',
    status: 'Ready',
    outputs: { url: 'https://pr-7-web.apps.local', replicas: 3 },
    url: `${svc.url}/#/projects/demo/environments/pr-7`,
    runId: 'run-1',
    expiresAt: '2026-12-03T16:00:00+00:00',
  });
  assert.ok(log.some((l) => l === 'demo/pr-7: Deploying'), log.join('\n'));
  assert.ok(log.some((l) => /connection_string: \(sensitive, not exported\)/.test(l)), log.join('\n'));
  assert.ok(!log.join('\n').includes('eok_0123456789abcdef_secret'));
});

test('create_WaitFalse_ReturnsAfterTheAcceptedAnswer', async () => {
  const svc = await service();
  const action = createEnvironmentAction({ settings: settingsFor(svc.url), clock: fastClock() });
  const { ctx, outputs } = actionContext({ ...INPUT, wait: false });

  await action.handler(ctx);

  assert.equal(outputs.status, 'Queued');
  assert.deepEqual(outputs.outputs, {});
  assert.deepEqual(svc.requests.map((r) => r.method), ['POST']);
});

test('create_InputRuleViolated_ErrorNamesFieldAndRule', async () => {
  const svc = await service();
  const action = createEnvironmentAction({ settings: settingsFor(svc.url), clock: fastClock() });
  const { ctx, outputs } = actionContext({ ...INPUT, inputs: { cache_sku: 'Premium' } });

  const error = await action.handler(ctx).then(() => null, (e: unknown) => e);

  assert.ok(error instanceof EnvOrchApiError, String(error));
  assert.equal(error.status, 422);
  assert.equal(error.field, 'inputs.cache_sku');
  assert.equal(error.rule, 'input.not-allowed');
  assert.match(error.message, /^EnvOrchestrator refused POST \/api\/projects\/demo\/environments \(HTTP 422 rule-violated\): Input 'cache_sku' must be one of Basic, Standard; got 'Premium'\. \[field: inputs\.cache_sku, rule: input\.not-allowed\]$/m);
  assert.match(error.message, /Correct the action's 'inputs' parameter/);
  assert.deepEqual(outputs, {});
  assert.equal(svc.requests.length, 1, 'a refusal is not retried');
});

test('create_InvalidName_ErrorNamesNameParameter', async () => {
  const svc = await service();
  const action = createEnvironmentAction({ settings: settingsFor(svc.url), clock: fastClock() });
  const { ctx } = actionContext({ ...INPUT, name: 'PR_7' });

  await assert.rejects(action.handler(ctx), /HTTP 400 invalid-request\): .*\[field: name, rule: name\.invalid\]\nCorrect the action's 'name' parameter/);
});

test('create_RetriedStepOfSameTask_SendsSameKeyAndCreatesOnce', async () => {
  const svc = await service();
  const action = createEnvironmentAction({ settings: settingsFor(svc.url), clock: fastClock() });
  const first = actionContext(INPUT, { taskId: 'task-42' });
  await action.handler(first.ctx);

  const retried = actionContext(INPUT, { taskId: 'task-42' });
  await action.handler(retried.ctx);

  const posts = svc.requests.filter((r) => r.method === 'POST');
  assert.equal(posts.length, 2);
  assert.equal(posts[0].headers['idempotency-key'], 'backstage:task-42:env:demo/pr-7');
  assert.equal(posts[1].headers['idempotency-key'], posts[0].headers['idempotency-key']);
  assert.equal(svc.runs(), 1, 'the second POST was answered from the first');
  assert.equal(retried.outputs.status, 'Ready');
  assert.equal(retried.outputs.runId, first.outputs.runId);

  // Another task is another request: the name is taken.
  const other = actionContext(INPUT, { taskId: 'task-43' });
  await assert.rejects(action.handler(other.ctx), /HTTP 409 conflict\).*\[field: name, rule: environment\.exists\]/);
});

test('create_GatewayUnavailable_RetriesWithTheSameKey', async () => {
  const svc = await service({ unavailablePosts: 2 });
  const clock = fastClock();
  const action = createEnvironmentAction({ settings: settingsFor(svc.url), clock });
  const { ctx, outputs } = actionContext(INPUT);

  await action.handler(ctx);

  const posts = svc.requests.filter((r) => r.method === 'POST');
  assert.equal(posts.length, 3);
  assert.equal(new Set(posts.map((p) => p.headers['idempotency-key'])).size, 1);
  assert.equal(svc.runs(), 1);
  assert.equal(outputs.status, 'Ready');
});

test('create_NotReadyBeforeTimeout_FailsNamingTheStatus', async () => {
  const svc = await service({ pollsToSettle: 1000 });
  const clock = fastClock();
  const action = createEnvironmentAction({ settings: settingsFor(svc.url, { pollIntervalMs: 10_000 }), clock });
  const { ctx, outputs } = actionContext({ ...INPUT, timeout: '1m' });

  await assert.rejects(action.handler(ctx), (error: Error) => {
    assert.match(error.message, /^Environment demo\/pr-7 did not settle within 1m: it is Deploying \(run run-1 goes on\)\. Follow it at http:\/\/127\.0\.0\.1:\d+\/#\/projects\/demo\/environments\/pr-7/);
    return true;
  });
  assert.equal(clock.now(), 60_000);
  assert.equal(svc.requests.filter((r) => r.method === 'GET').length, 7);
  assert.deepEqual(outputs, {});
});

test('create_RunFails_ErrorNamesResourceAndStep', async () => {
  const svc = await service({ failResource: 'frontend' });
  const action = createEnvironmentAction({ settings: settingsFor(svc.url), clock: fastClock() });
  const { ctx } = actionContext(INPUT);

  await assert.rejects(action.handler(ctx), /Could not create environment demo\/pr-7: it is Failed: terraform apply failed for frontend\n {2}resource: frontend\n {2}error: {4}TerraformError\n {2}detail: {3}exit status 1\n {2}log: {6}step frontend\.apply\.1/);
});

test('create_KeyWithoutDelegateGrant_ErrorNamesHeaderAndRule', async () => {
  const svc = await service();
  const action = createEnvironmentAction({ settings: settingsFor(svc.url, { token: 'eok_nodelegate' }), clock: fastClock() });
  const { ctx } = actionContext(INPUT);

  await assert.rejects(action.handler(ctx), /HTTP 403 forbidden\).*\[field: X-EnvOrch-On-Behalf-Of, rule: delegation\.denied\]\n.*'delegate' grant/);
});

test('create_OnBehalfOfNameOrNone_SendsNameOrNoHeader', async () => {
  const svc = await service();
  await createEnvironmentAction({ settings: settingsFor(svc.url, { onBehalfOf: 'name' }), clock: fastClock() }).handler(actionContext({ ...INPUT, name: 'a1' }).ctx);
  await createEnvironmentAction({ settings: settingsFor(svc.url, { onBehalfOf: 'none' }), clock: fastClock() }).handler(actionContext({ ...INPUT, name: 'a2' }).ctx);
  await createEnvironmentAction({ settings: settingsFor(svc.url, { token: undefined }), clock: fastClock() }).handler(actionContext({ ...INPUT, name: 'a3' }, { userRef: null }).ctx);

  const posts = svc.requests.filter((r) => r.method === 'POST');
  assert.equal(posts[0].headers['x-envorch-on-behalf-of'], 'alice');
  assert.equal(posts[1].headers['x-envorch-on-behalf-of'], undefined);
  assert.equal(posts[2].headers['x-envorch-on-behalf-of'], undefined);
  assert.equal(posts[2].headers.authorization, undefined);
});

test('create_ServiceUnreachable_SaysWhere', async () => {
  const svc = await service();
  await svc.close();
  const action = createEnvironmentAction({ settings: settingsFor(svc.url), clock: fastClock() });

  await assert.rejects(action.handler(actionContext(INPUT).ctx), /^EnvOrchError: Could not reach EnvOrchestrator at http:\/\/127\.0\.0\.1:\d+ \(POST \/api\/projects\/demo\/environments\): ECONNREFUSED/);
});

test('idempotencyKeyFor_LongNames_HashedWithinTheServiceLimit', () => {
  const short = idempotencyKeyFor('t', 's', 'p', 'n');
  const long = idempotencyKeyFor('t'.repeat(300), 's', 'p', 'n');

  assert.equal(short, 'backstage:t:s:p/n');
  assert.match(long, /^backstage:sha256:[0-9a-f]{64}$/);
  assert.ok(long.length <= IDEMPOTENCY_KEY_MAX_LENGTH);
  assert.equal(long, idempotencyKeyFor('t'.repeat(300), 's', 'p', 'n'));
  assert.notEqual(idempotencyKeyFor('t', 's', 'p', 'n1'), idempotencyKeyFor('t', 's', 'p', 'n2'));
});

test('create_TaskCancelledWhileWaiting_StopsWaiting', async () => {
  const svc = await service({ pollsToSettle: 1000 });
  const controller = new AbortController();
  const clock = fastClock();
  const sleep = clock.sleep;
  clock.sleep = async (ms: number) => {
    await sleep(ms);
    if (clock.slept.length === 3) {
      controller.abort(new Error('task cancelled'));
    }
  };
  const action = createEnvironmentAction({ settings: settingsFor(svc.url), clock });
  const { ctx } = actionContext(INPUT);
  ctx.signal = controller.signal;

  await assert.rejects(action.handler(ctx), /task cancelled/);
  assert.equal(svc.requests.filter((r) => r.method === 'GET').length, 3);
});
