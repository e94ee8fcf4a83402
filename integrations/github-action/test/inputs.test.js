import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getInput, parseDuration, parseTemplate, parseTemplateInputs, readInputs } from '../dist/inputs.js';

const base = { 'INPUT_ENDPOINT': 'http://localhost:7071/', 'INPUT_PROJECT': 'demo', 'INPUT_TEMPLATE': 'web-stack@1.0.0' };

test('getInput_HyphenatedName_ReadsUpperCasedVariableTrimmed', () => {
  assert.equal(getInput({ 'INPUT_WAIT-TIMEOUT': ' 5m \n' }, 'wait-timeout'), '5m');
  assert.equal(getInput({ 'INPUT_MY_INPUT': 'x' }, 'my input'), 'x');
});

test('getInput_RequiredAndEmpty_Throws', () => {
  assert.throws(() => getInput({ INPUT_ENDPOINT: '  ' }, 'endpoint', { required: true }), /Input required and not supplied: endpoint/);
});

test('readInputs_Defaults_AreApplied', () => {
  const config = readInputs({ ...base, GITHUB_ACTOR: 'octocat' });

  assert.equal(config.endpoint, 'http://localhost:7071');
  assert.equal(config.mode, 'auto');
  assert.equal(config.waitTimeoutMs, 20 * 60_000);
  assert.equal(config.pollIntervalMs, 5000);
  assert.equal(config.user, 'octocat');
  assert.deepEqual(config.inputs, {});
  assert.deepEqual(config.template, { reference: 'web-stack@1.0.0', name: 'web-stack', version: '1.0.0', exactVersion: '1.0.0' });
});

test('readInputs_BadMode_Throws', () => {
  assert.throws(() => readInputs({ ...base, INPUT_MODE: 'apply' }), /mode must be auto, deploy or destroy/);
});

test('readInputs_BadEndpoint_Throws', () => {
  assert.throws(() => readInputs({ ...base, INPUT_ENDPOINT: 'ftp://x' }), /must be an http or https URL/);
  assert.throws(() => readInputs({ ...base, INPUT_ENDPOINT: 'not a url' }), /is not a URL/);
});

test('parseTemplateInputs_Json_ReturnsObject', () => {
  assert.deepEqual(parseTemplateInputs('{"delay_seconds": 1, "tags": {"a": "b"}}'), { delay_seconds: 1, tags: { a: 'b' } });
});

test('parseTemplateInputs_InvalidJson_ThrowsWithReason', () => {
  assert.throws(() => parseTemplateInputs('{"a": }'), /inputs is not valid JSON/);
  assert.throws(() => parseTemplateInputs('[1]'), /must be a map/);
});

test('parseTemplateInputs_Yaml_TypesUnquotedScalarsOnly', () => {
  const yaml = [
    '# comment',
    'delay_seconds: 2',
    'ratio: 0.5',
    'fail_frontend: true   # why',
    'zip: "007"',
    "quote: 'it''s'",
    'version: 1.0.0',
    'team: platform team',
    'empty:',
    'tags: {"team": "a"}',
    'list: ["x", "y"]',
  ].join('\n');

  assert.deepEqual(parseTemplateInputs(yaml), {
    delay_seconds: 2, ratio: 0.5, fail_frontend: true, zip: '007', quote: "it's", version: '1.0.0', team: 'platform team', empty: null, tags: { team: 'a' }, list: ['x', 'y'],
  });
});

test('parseTemplateInputs_NestedYaml_ThrowsWithLine', () => {
  assert.throws(() => parseTemplateInputs('tags:\n  team: a'), /line 2: nested YAML is not read/);
  assert.throws(() => parseTemplateInputs('a: 1\na: 2'), /'a' is given twice/);
  assert.throws(() => parseTemplateInputs('just text'), /expected 'key: value'/);
});

test('parseDuration_Forms_ReturnMilliseconds', () => {
  assert.equal(parseDuration('90', 'x'), 90_000);
  assert.equal(parseDuration('1h30m', 'x'), 5_400_000);
  assert.equal(parseDuration('250ms', 'x'), 250);
  assert.throws(() => parseDuration('soon', 'wait-timeout'), /wait-timeout 'soon' is not a duration/);
});

test('parseTemplate_RangeAndBareName_HaveNoExactVersion', () => {
  assert.equal(parseTemplate('web-stack@^1.0').exactVersion, null);
  assert.equal(parseTemplate('web-stack').version, null);
  assert.throws(() => parseTemplate('@1.0.0'), /is not name or name@version/);
});
