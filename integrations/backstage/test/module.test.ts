// The module and its configuration: what Backstage loads, and how app-config is read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import feature, { CREATE_ACTION_ID, createEnvironmentAction, DESTROY_ACTION_ID, destroyEnvironmentAction, readSettings } from '../src/index';
import { onBehalfOfUser } from '../src/config';
import { parseDuration } from '../src/environments';
import { settingsFor } from './context';

function config(values: Record<string, string>) {
  return {
    getString(key: string) {
      if (values[key] === undefined) {
        throw new Error(`Missing required config value at '${key}'`);
      }

      return values[key];
    },
    getOptionalString: (key: string) => values[key],
  };
}

test('module_IsABackendFeature', () => {
  assert.equal((feature as unknown as { $$type: string }).$$type, '@backstage/BackendFeature');
});

test('actions_HaveTheirIdsAndJsonSchemas', () => {
  const create = createEnvironmentAction({ settings: settingsFor('http://x') });
  const destroy = destroyEnvironmentAction({ settings: settingsFor('http://x') });

  assert.equal(create.id, CREATE_ACTION_ID);
  assert.equal(destroy.id, DESTROY_ACTION_ID);
  const input = create.schema!.input as { required: string[]; properties: Record<string, { type?: string }> };
  assert.deepEqual([...input.required].sort(), ['name', 'project', 'template']);
  assert.equal(input.properties.wait.type, 'boolean');
  assert.deepEqual(Object.keys((create.schema!.output as { properties: object }).properties).sort(), ['expiresAt', 'name', 'outputs', 'runId', 'status', 'url']);
  assert.deepEqual([...(destroy.schema!.input as { required: string[] }).required].sort(), ['name', 'project']);
});

test('readSettings_Defaults', () => {
  const settings = readSettings(config({ 'envorch.baseUrl': 'https://envorch.example.com/', 'envorch.apiKey': 'eok_1_2' }));

  assert.deepEqual(settings, { baseUrl: 'https://envorch.example.com', token: 'eok_1_2', onBehalfOf: 'entityRef', pollIntervalMs: 5000, timeoutMs: 1_800_000 });
});

test('readSettings_Refusals', () => {
  assert.throws(() => readSettings(config({})), /envorch\.baseUrl/);
  assert.throws(() => readSettings(config({ 'envorch.baseUrl': 'envorch.example.com' })), /must be the service's http\(s\) URL/);
  assert.throws(() => readSettings(config({ 'envorch.baseUrl': 'http://x', 'envorch.apiKey': 'a', 'envorch.token': 'b' })), /not both/);
  assert.throws(() => readSettings(config({ 'envorch.baseUrl': 'http://x', 'envorch.onBehalfOf': 'email' })), /entityRef, name, none/);
  assert.throws(() => readSettings(config({ 'envorch.baseUrl': 'http://x', 'envorch.timeout': '10 minutes' })), /'envorch\.timeout' must be a duration/);
  assert.equal(readSettings(config({ 'envorch.baseUrl': 'http://x', 'envorch.token': 'jwt' })).token, 'jwt');
});

test('onBehalfOfUser_Modes', () => {
  const user = { ref: 'user:default/alice', entity: { metadata: { name: 'alice' } } };
  assert.equal(onBehalfOfUser('entityRef', user), 'user:default/alice');
  assert.equal(onBehalfOfUser('name', user), 'alice');
  assert.equal(onBehalfOfUser('name', { ref: 'user:corp/bob' }), 'bob');
  assert.equal(onBehalfOfUser('none', user), undefined);
  assert.equal(onBehalfOfUser('entityRef', undefined), undefined);
});

test('parseDuration_Forms', () => {
  assert.equal(parseDuration('90s'), 90_000);
  assert.equal(parseDuration('1h30m'), 5_400_000);
  assert.equal(parseDuration('45'), 45_000);
  assert.equal(parseDuration(2), 2000);
  for (const bad of ['', '0', '1d', 'm', -1, 0]) {
    assert.throws(() => parseDuration(bad as string | number), /must be a duration/, String(bad));
  }
});
