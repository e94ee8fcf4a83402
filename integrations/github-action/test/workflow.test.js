import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeData, formatCommand, formatOutput, isValidOutputName, Workflow } from '../dist/workflow.js';
import { parseOutputFile } from './runner-files.js';

test('formatOutput_SingleLine_WritesNameEqualsValue', () => {
  assert.equal(formatOutput('url', 'https://x.local/a=b'), 'url=https://x.local/a=b\n');
});

test('formatOutput_MultiLine_WritesHeredocWithDelimiter', () => {
  const text = formatOutput('notes', 'one\ntwo', () => 'ghadelimiter_1');

  assert.equal(text, 'notes<<ghadelimiter_1\none\ntwo\nghadelimiter_1\n');
});

test('formatOutput_ValueHoldsDelimiter_Throws', () => {
  assert.throws(() => formatOutput('x', 'a\nEOF\n', () => 'EOF'), /contains its delimiter/);
});

test('formatOutput_NameWithEquals_Throws', () => {
  assert.throws(() => formatOutput('a=b', 'v'), /cannot be a step output name/);
  assert.equal(isValidOutputName('a<<b'), false);
  assert.equal(isValidOutputName('bucket_url'), true);
});

test('formatOutput_MixedValues_RoundTripThroughRunnerParser', () => {
  const values = { a: 'plain', b: 'has = and << inside', c: 'two\nlines', d: '', e: '{"json":true}' };

  const text = Object.entries(values).map(([k, v]) => formatOutput(k, v)).join('');

  assert.deepEqual(parseOutputFile(text), values);
});

test('formatCommand_PropertiesAndMessage_AreEscaped', () => {
  assert.equal(formatCommand('error', { title: 'a: b, c' }, '50%\nnext'), '::error title=a%3A b%2C c::50%25%0Anext');
  assert.equal(escapeData('\r'), '%0D');
});

test('untrusted_LinesLookingLikeCommands_AreFencedByStopCommands', () => {
  let out = '';
  const workflow = new Workflow({ env: {}, write: (t) => (out += t) });

  workflow.untrusted(['::add-mask::x', 'ok']);

  const lines = out.trimEnd().split('\n');
  const token = lines[0].replace('::stop-commands::', '');
  assert.match(lines[0], /^::stop-commands::envorch-/);
  assert.deepEqual(lines.slice(1), ['::add-mask::x', 'ok', `::${token}::`]);
});
