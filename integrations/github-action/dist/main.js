// The action: read the inputs and the event, deploy or destroy, then report to the runner (outputs, summary,
// annotations) and answer the exit code. Everything it touches comes in as arguments, so tests run it in process.
import { ApiError, EnvOrchestratorClient } from './api.js';
import { deploy } from './deploy.js';
import { destroy } from './destroy.js';
import { ActionError } from './errors.js';
import { decideMode, environmentName, readEvent } from './event.js';
import { getInput, readInputs } from './inputs.js';
import { failedStep, renderFailure, renderProblem } from './problems.js';
import { escapeCell, fence, outputText, renderSummary } from './summary.js';
import { Workflow, isValidOutputName } from './workflow.js';

/** The action's own outputs; a template output of the same name is not exported (these win). */
export const RESERVED_OUTPUTS = ['environment-name', 'environment-status', 'environment-url', 'run-id', 'outputs'];
const LOG_TAIL_LINES = 30;

const systemClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * @param {{ env: Record<string, string|undefined>, write: (text: string) => void, fetch?: typeof fetch, clock?: {now(): number, sleep(ms: number): Promise<void>} }} host
 * @returns {Promise<number>} the process exit code
 */
export async function run({ env, write, fetch = globalThis.fetch, clock = systemClock }) {
  const workflow = new Workflow({ env, write });
  // Before anything is printed, so no later line can show the token.
  workflow.mask(getInput(env, 'token'));
  try {
    const config = readInputs(env);
    const event = readEvent(env);
    const decision = decideMode(config.mode, env.GITHUB_EVENT_NAME, event);
    if (decision.mode === 'skip') {
      workflow.info(decision.reason);
      return 0;
    }

    const name = environmentName(config.name, event);
    if (config.name && name !== config.name) {
      workflow.info(`Environment name '${config.name}' made valid as '${name}'.`);
    }

    warnAboutPlainHttp(workflow, config);
    const client = new EnvOrchestratorClient({ endpoint: config.endpoint, user: config.user, token: config.token, fetch, sleep: clock.sleep });
    const context = {
      client,
      config,
      name,
      workflow,
      clock,
      deadline: clock.now() + config.waitTimeoutMs,
      pollMs: config.pollIntervalMs,
      idempotencyKey: idempotencyKey(env, config, name),
    };
    const result = decision.mode === 'deploy' ? await deploy(context) : await destroy(context);
    return await report(context, result);
  } catch (error) {
    return refuse(workflow, error);
  }
}

async function report({ client, config, name, workflow }, result) {
  const environmentUrl = client.url(EnvOrchestratorClient.environmentPath(config.project, name));
  const portalUrl = client.url(EnvOrchestratorClient.portalPath(config.project, name));
  const environment = result.environment;
  if (!environment) {
    workflow.setOutputs({ 'environment-name': name, 'environment-status': 'None', 'environment-url': environmentUrl, 'run-id': '', outputs: '{}' });
    workflow.appendSummary(`## Environment \`${name}\`\n\nProject **${escapeCell(config.project)}** has no environment \`${name}\`; nothing to destroy.\n`);
    return 0;
  }

  const wanted = result.verb === 'deploy' ? 'Ready' : 'Destroyed';
  const succeeded = !result.timedOut && environment.status === wanted;
  const runId = result.run?.id ?? '';
  const logsUrl = runId ? client.url(EnvOrchestratorClient.logsPath(config.project, name, runId)) : null;
  const exported = succeeded && wanted === 'Ready' ? exportable(workflow, environment.outputs ?? {}) : {};
  workflow.setOutputs({
    ...exported,
    'environment-name': name,
    'environment-status': environment.status,
    'environment-url': environmentUrl,
    'run-id': runId,
    outputs: JSON.stringify(exported),
  });

  if (succeeded) {
    if (wanted === 'Ready') {
      printOutputs(workflow, environment.outputs ?? {}, exported);
    }

    workflow.appendSummary(renderSummary({ environment, environmentUrl, portalUrl, logsUrl }));
    return 0;
  }

  if (result.timedOut) {
    const message = `${name} did not become ${wanted} within wait-timeout (${config.waitTimeoutMs / 1000}s); it is ${environment.status}. The run goes on in the service: ${environmentUrl}`;
    workflow.error(message, `Environment ${name} not ${wanted} in time`);
    workflow.appendSummary(renderSummary({ environment, environmentUrl, portalUrl, logsUrl, timedOut: true }));
    return 1;
  }

  const failureLines = renderFailure(environment, logsUrl);
  const logTail = runId ? await readLogTail(client, config.project, name, runId, environment, workflow) : null;
  workflow.error(failureLines.join('\n'), `Environment ${name} is ${environment.status}`);
  if (logTail) {
    workflow.group(`Last lines of ${logTail.step}`, logTail.lines);
  }

  workflow.appendSummary(renderSummary({ environment, environmentUrl, portalUrl, logsUrl, failureLines, logTail }));
  return 1;
}

/** Non-sensitive, known outputs under their own names, as text. */
export function exportable(workflow, outputs) {
  const exported = {};
  for (const [name, output] of Object.entries(outputs)) {
    if (output.sensitive || output.known === false) {
      continue;
    }

    if (RESERVED_OUTPUTS.includes(name) || !isValidOutputName(name)) {
      workflow.warning(`Output '${name}' is not exported as a step output of its own (the name is the action's or not allowed); read it from the 'outputs' JSON.`);
      continue;
    }

    exported[name] = output.value === null || output.value === undefined ? '' : outputText(output.value);
  }

  return exported;
}

function printOutputs(workflow, outputs, exported) {
  const lines = Object.entries(outputs).map(([name, output]) =>
    output.sensitive ? `  ${name}: (sensitive, not exported)` : Object.hasOwn(exported, name) ? `  ${name}: ${exported[name]}` : `  ${name}: (not exported)`);
  if (lines.length > 0) {
    workflow.info('Outputs:');
    workflow.untrusted(lines);
  }
}

async function readLogTail(client, project, name, runId, environment, workflow) {
  const blamed = failedStep(environment);
  if (!blamed) {
    return null;
  }

  try {
    const logs = await client.logs(project, name, runId);
    const step = (logs?.steps ?? []).find((s) => s.step === blamed.step);
    return step ? { step: blamed.step, lines: step.lines.slice(-LOG_TAIL_LINES) } : null;
  } catch (error) {
    workflow.warning(`Could not read the log of ${blamed.step}: ${error.message}`);
    return null;
  }
}

function refuse(workflow, error) {
  if (error instanceof ApiError) {
    const { title, lines } = renderProblem(error);
    workflow.error(lines.join('\n'), title);
    workflow.appendSummary(`## ❌ EnvOrchestrator refused ${escapeCell(title)}\n\n${fence(lines)}\n`);
  } else if (error instanceof ActionError) {
    workflow.error([error.message, ...error.details].join('\n'), error.title);
  } else {
    workflow.error(error?.stack ?? String(error), 'The action failed unexpectedly');
  }

  return 1;
}

function idempotencyKey(env, config, name) {
  // One key per job attempt and environment: a create retried after a lost answer is not run twice.
  return env.GITHUB_RUN_ID ? `github-${env.GITHUB_RUN_ID}-${env.GITHUB_RUN_ATTEMPT ?? '1'}-${config.project}-${name}` : null;
}

function warnAboutPlainHttp(workflow, config) {
  const url = new URL(config.endpoint);
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (config.token && url.protocol === 'http:' && !loopback) {
    workflow.warning(`The token is sent to ${url.origin} over plain http; use https.`);
  }
}
