import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from '../dist/api.js';
import { renderFailure, renderProblem } from '../dist/problems.js';
import { escapeCell, fence, renderSummary, withoutAnsi } from '../dist/summary.js';

const ready = {
  project: 'demo', name: 'pr-7', template: 'web-stack', templateVersion: '1.0.0', status: 'Ready', expiresAt: '2026-12-03T16:00:00+00:00', currentRunId: null,
  resources: [
    { name: 'network', template: 'namespace@^1.0', version: '1.0.0', status: 'Succeeded', applyCount: 1, failure: null },
    { name: 'cache', template: 'redis-cache@^1.2', version: '1.2.0', status: 'Succeeded', applyCount: 2, failure: null },
  ],
  outputs: {
    url: { value: 'https://pr-7.apps.local', sensitive: false, known: true },
    cache_key: { value: null, sensitive: true, known: true },
    odd: { value: 'a|b<script>', sensitive: false, known: true },
    port: { value: 6379, sensitive: false, known: true },
  },
};

test('renderSummary_Ready_HasResourceAndOutputTablesAndLink', () => {
  const markdown = renderSummary({ environment: ready, environmentUrl: 'http://svc/api/projects/demo/environments/pr-7', portalUrl: 'http://svc/#/projects/demo/environments/pr-7', logsUrl: 'http://svc/logs' });

  assert.match(markdown, /^## ✅ Environment `pr-7` is Ready/);
  assert.ok(markdown.includes('[environment](http://svc/#/projects/demo/environments/pr-7) · [API](http://svc/api/projects/demo/environments/pr-7)'), markdown);
  assert.match(markdown, /\[run logs\]\(http:\/\/svc\/logs\)/);
  assert.match(markdown, /\| Resource \| Template \| Version \| Status \| Applies \|/);
  assert.match(markdown, /\| cache \| redis-cache@\^1\.2 \| 1\.2\.0 \| Succeeded \| 2 \|/);
  assert.match(markdown, /\| `url` \| https:\/\/pr-7\.apps\.local \|/);
  assert.match(markdown, /\| `cache_key` \| \*sensitive, not shown\* \|/);
  assert.match(markdown, /\| `odd` \| a\\\|b&lt;script&gt; \|/);
  assert.match(markdown, /\| `port` \| 6379 \|/);
});

test('renderSummary_Failed_ShowsFailureAndLogTail', () => {
  const failed = { ...ready, status: 'Failed', outputs: {}, failure: { errorType: 'TerraformError', message: 'apply failed', resource: 'cache', log: 'cache.apply.1' } };

  const markdown = renderSummary({ environment: failed, environmentUrl: 'u', failureLines: ['why'], logTail: { step: 'cache.apply.1', lines: ['has ``` inside'] } });

  assert.match(markdown, /^## ❌ Environment `pr-7` is Failed/);
  assert.match(markdown, /<summary>Last lines of step <code>cache\.apply\.1<\/code><\/summary>/);
  assert.match(markdown, /````text\nhas ``` inside\n````/);
  assert.doesNotMatch(markdown, /\| Output \|/);
});

test('withoutAnsi_ColouredLine_KeepsText', () => {
  assert.equal(withoutAnsi('\x1b[0m\x1b[32mSuccessfully configured\x1b[0m'), 'Successfully configured');
});

test('escapeCell_LineBreaks_BecomeBr', () => {
  assert.equal(escapeCell('a\nb\r\nc'), 'a<br>b<br>c');
  assert.equal(fence(['x']), '```text\nx\n```');
});

test('renderProblem_ProblemDetails_NamesFieldRuleAndHint', () => {
  const error = new ApiError('POST', '/api/projects/demo/environments', 400, {
    title: 'The request is invalid', status: 400, detail: 'The environment name must start with a lower-case letter.', code: 'invalid-request', field: 'name', rule: 'name.invalid',
  });

  const { title, lines } = renderProblem(error);

  assert.equal(title, 'POST /api/projects/demo/environments');
  assert.deepEqual(lines, [
    'The request is invalid (HTTP 400, invalid-request)',
    '  The environment name must start with a lower-case letter.',
    '  field: name',
    '  rule:  name.invalid',
    "hint: Correct the action's 'name' input and run the job again.",
  ]);
});

test('renderProblem_InputField_PointsAtInputsInput', () => {
  const error = new ApiError('POST', '/x', 422, { title: 'Rule violated', code: 'rule-violated', field: 'inputs.cache_sku', rule: 'input.override' });

  assert.match(renderProblem(error).lines.at(-1), /'inputs' input/);
});

test('renderProblem_Forbidden_HintsAtUserAndToken', () => {
  const error = new ApiError('GET', '/x', 403, { title: 'Forbidden' });

  assert.match(renderProblem(error).lines.at(-1), /'user' and 'token'/);
});

test('renderFailure_FailedResource_NamesItAndItsLog', () => {
  const failed = {
    ...ready,
    status: 'Failed',
    failure: { errorType: 'TerraformError', message: 'apply failed for frontend', detail: 'exit status 1\n\n', isTransient: false, resource: 'frontend', log: 'frontend.apply.1' },
  };

  const lines = renderFailure(failed, 'http://svc/logs');

  assert.deepEqual(lines, [
    'Environment pr-7 is Failed: apply failed for frontend',
    '  resource: frontend',
    '  error:    TerraformError',
    '  detail:   exit status 1',
    '  log:      http://svc/logs (step frontend.apply.1)',
  ]);
});
