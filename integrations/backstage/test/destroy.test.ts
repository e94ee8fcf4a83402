// envorch:environment:destroy through the real createTemplateAction object, against the fake service.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { destroyEnvironmentAction } from '../src/actions';
import { actionContext, fastClock, settingsFor } from './context';
import { startFakeService } from './fake-service';

const services: Array<{ close(): Promise<void> }> = [];
after(() => Promise.all(services.map((s) => s.close())));

async function service(options?: Parameters<typeof startFakeService>[0]) {
  const started = await startFakeService(options);
  services.push(started);
  return started;
}

test('destroy_ReadyEnvironment_DeletesAndWaitsUntilDestroyed', async () => {
  const svc = await service({ pollsToSettle: 2 });
  svc.seed('demo', 'pr-7');
  const action = destroyEnvironmentAction({ settings: settingsFor(svc.url), clock: fastClock() });
  const { ctx, outputs, log } = actionContext({ project: 'demo', name: 'pr-7' });

  await action.handler(ctx);

  assert.deepEqual(svc.requests.map((r) => r.method), ['GET', 'DELETE', 'GET', 'GET']);
  const del = svc.requests.find((r) => r.method === 'DELETE')!;
  assert.equal(del.url, '/api/projects/demo/environments/pr-7');
  assert.equal(del.headers['x-envorch-on-behalf-of'], 'user:default/alice');
  assert.equal(del.headers.authorization, 'Bearer eok_0123456789abcdef_secret');
  assert.deepEqual(outputs, { name: 'pr-7', status: 'Destroyed', url: `${svc.url}/#/projects/demo/environments/pr-7` });
  assert.ok(log.includes('demo/pr-7: Destroying'), log.join('\n'));
  assert.equal(svc.environments.get('demo/pr-7')!.view.status, 'Destroyed');
});

test('destroy_WaitFalse_ReturnsDestroying', async () => {
  const svc = await service();
  svc.seed('demo', 'pr-7');
  const action = destroyEnvironmentAction({ settings: settingsFor(svc.url), clock: fastClock() });
  const { ctx, outputs } = actionContext({ project: 'demo', name: 'pr-7', wait: false });

  await action.handler(ctx);

  assert.deepEqual(svc.requests.map((r) => r.method), ['GET', 'DELETE']);
  assert.equal(outputs.status, 'Destroying');
});

test('destroy_NoSuchEnvironment_SucceedsWithoutDeleting', async () => {
  const svc = await service();
  const action = destroyEnvironmentAction({ settings: settingsFor(svc.url), clock: fastClock() });
  const { ctx, outputs, log } = actionContext({ project: 'demo', name: 'gone' });

  await action.handler(ctx);

  assert.deepEqual(svc.requests.map((r) => r.method), ['GET']);
  assert.equal(outputs.status, 'NotFound');
  assert.match(log.join('\n'), /Project demo has no environment gone; nothing to destroy\./);
});

test('destroy_WhileDeploying_CancelsThenDestroys', async () => {
  const svc = await service({ pollsToSettle: 2 });
  svc.seed('demo', 'pr-7', { status: 'Deploying', currentRunId: 'run-0', outputs: {} });
  const action = destroyEnvironmentAction({ settings: settingsFor(svc.url), clock: fastClock() });
  const { ctx, outputs } = actionContext({ project: 'demo', name: 'pr-7' });

  await action.handler(ctx);

  assert.deepEqual(svc.requests.map((r) => `${r.method} ${r.url.replace('/api/projects/demo/environments/pr-7', '')}`),
    ['GET ', 'POST /cancel', 'GET ', 'DELETE ', 'GET ', 'GET ']);
  assert.equal(outputs.status, 'Destroyed');
});

test('destroy_AlreadyBeingDestroyed_FollowsThatRun', async () => {
  const svc = await service({ pollsToSettle: 2 });
  const seeded = svc.seed('demo', 'pr-7', { status: 'Destroying', currentRunId: 'run-9' });
  Object.assign(seeded, { kind: 'Destroy', working: 'Destroying', target: 'Destroyed' });
  const action = destroyEnvironmentAction({ settings: settingsFor(svc.url), clock: fastClock() });
  const { ctx, outputs } = actionContext({ project: 'demo', name: 'pr-7' });

  await action.handler(ctx);

  assert.equal(svc.requests.some((r) => r.method === 'DELETE'), false);
  assert.equal(outputs.status, 'Destroyed');
});

test('destroy_NotDestroyedBeforeTimeout_Fails', async () => {
  const svc = await service({ pollsToSettle: 1000 });
  svc.seed('demo', 'pr-7');
  const action = destroyEnvironmentAction({ settings: settingsFor(svc.url), clock: fastClock() });
  const { ctx } = actionContext({ project: 'demo', name: 'pr-7', timeout: 30 });

  await assert.rejects(action.handler(ctx), /did not settle within 30s: it is Destroying \(run run-1 goes on\)/);
});
