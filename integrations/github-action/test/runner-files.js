// The runner's side in tests: temp files for the event, outputs and summary, and $GITHUB_OUTPUT read back the way
// the runner reads it (`name=value`, split at the first '=', or `name<<DELIMITER` … `DELIMITER`).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function runnerFiles(event, eventName = 'pull_request') {
  const dir = mkdtempSync(join(tmpdir(), 'envorch-action-'));
  const paths = { event: join(dir, 'event.json'), output: join(dir, 'output'), summary: join(dir, 'summary.md') };
  writeFileSync(paths.event, JSON.stringify(event));
  writeFileSync(paths.output, '');
  writeFileSync(paths.summary, '');
  return {
    env: { GITHUB_EVENT_NAME: eventName, GITHUB_EVENT_PATH: paths.event, GITHUB_OUTPUT: paths.output, GITHUB_STEP_SUMMARY: paths.summary, GITHUB_ACTOR: 'octocat' },
    outputs: () => parseOutputFile(readFileSync(paths.output, 'utf8')),
    outputText: () => readFileSync(paths.output, 'utf8'),
    summary: () => readFileSync(paths.summary, 'utf8'),
  };
}

export function parseOutputFile(text) {
  const outputs = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') {
      continue;
    }

    const equals = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
      outputs[line.slice(0, equals)] = line.slice(equals + 1);
      continue;
    }

    const name = line.slice(0, heredoc);
    const delimiter = line.slice(heredoc + 2);
    const value = [];
    for (i++; lines[i] !== delimiter; i++) {
      if (i >= lines.length) {
        throw new Error(`No closing delimiter for ${name}`);
      }

      value.push(lines[i]);
    }

    outputs[name] = value.join('\n');
  }

  return outputs;
}

export function pullRequestEvent(action, number = 7) {
  return { action, number, pull_request: { number, head: { ref: 'feature/x' } }, repository: { full_name: 'acme/shop' } };
}

/** A clock whose sleeps return at once, so waiting tests take milliseconds; `now` still moves by the time slept. */
export function fastClock() {
  let now = 0;
  return { now: () => now, sleep: async (ms) => { now += ms; } };
}
