import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideMode, environmentName, isValidName, toEnvironmentName } from '../dist/event.js';
import { pullRequestEvent } from './runner-files.js';

test('environmentName_PullRequestEvent_IsPrNumber', () => {
  assert.equal(environmentName('', pullRequestEvent('opened', 42)), 'pr-42');
});

test('environmentName_NoPullRequestAndNoName_Throws', () => {
  assert.throws(() => environmentName('', { ref: 'refs/heads/main' }), /Set the name input/);
});

test('toEnvironmentName_BranchName_IsMadeValid', () => {
  assert.equal(toEnvironmentName('feature/Login_Form'), 'feature-login-form');
  assert.equal(toEnvironmentName('42-fix--it-'), 'fix-it');
  assert.equal(toEnvironmentName('shop-pr-7'), 'shop-pr-7');
  assert.equal(toEnvironmentName('a'.repeat(39) + '-b').length, 39);
});

test('toEnvironmentName_NothingLeft_Throws', () => {
  assert.throws(() => toEnvironmentName('123'), /cannot be made an environment name/);
  assert.throws(() => toEnvironmentName('x'), /cannot be made an environment name/);
});

test('isValidName_ServiceRule_Holds', () => {
  assert.equal(isValidName('pr-1'), true);
  assert.equal(isValidName('Pr-1'), false);
  assert.equal(isValidName('1pr'), false);
  assert.equal(isValidName('pr-'), false);
  assert.equal(isValidName('a'.repeat(41)), false);
});

test('decideMode_PullRequestActions_DeployOrDestroyOrSkip', () => {
  for (const action of ['opened', 'synchronize', 'reopened']) {
    assert.equal(decideMode('auto', 'pull_request', { action }).mode, 'deploy');
  }

  assert.equal(decideMode('auto', 'pull_request_target', { action: 'closed' }).mode, 'destroy');
  assert.equal(decideMode('auto', 'pull_request', { action: 'labeled' }).mode, 'skip');
});

test('decideMode_ExplicitMode_WinsOverEvent', () => {
  assert.equal(decideMode('destroy', 'pull_request', { action: 'opened' }).mode, 'destroy');
  assert.equal(decideMode('deploy', 'workflow_dispatch', {}).mode, 'deploy');
});

test('decideMode_AutoOutsidePullRequest_Throws', () => {
  assert.throws(() => decideMode('auto', 'push', {}), /set mode to deploy or destroy/);
});
