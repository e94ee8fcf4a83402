// What the two scaffolder actions do, without Backstage: create (or destroy) an environment, wait until no run works
// on it, and say what became of it. The Backstage actions (actions.ts) map their context onto these functions.
import { createHash } from 'node:crypto';
import { EnvOrchClient, EnvironmentView, FailureView } from './client';
import { EnvOrchApiError, EnvOrchError } from './errors';

/** The service's limit for an Idempotency-Key (Core/Environments/IdempotencyKey.MaxLength). */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 200;

/** Statuses in which a run may have ended (the service's EnvironmentStatusMachine.IsSettled, with no current run). */
const SETTLED = new Set(['Ready', 'Failed', 'Cancelled', 'Destroyed']);

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }

      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export interface WaitOptions {
  logger: Logger;
  clock?: Clock;
  /** Time between two reads of the environment while waiting. */
  pollIntervalMs: number;
  signal?: AbortSignal;
}

export interface CreateParameters {
  project: string;
  name: string;
  /** `name`, `name@1.2.0` or `name@^1`. */
  template: string;
  inputs?: Record<string, unknown>;
  ttl?: string;
  wait: boolean;
  timeoutMs: number;
  idempotencyKey?: string;
}

export interface CreateResult {
  name: string;
  status: string;
  /** The environment's outputs that are neither sensitive nor unknown, by name. */
  outputs: Record<string, unknown>;
  url: string;
  runId: string;
  expiresAt: string | null;
}

export interface DestroyParameters {
  project: string;
  name: string;
  wait: boolean;
  timeoutMs: number;
}

export interface DestroyResult {
  name: string;
  /** The environment's status at the end; `NotFound` when the project had no environment by that name. */
  status: string;
  url: string;
  runId: string | null;
}

export function isSettled(environment: EnvironmentView): boolean {
  return SETTLED.has(environment.status) && !environment.currentRunId;
}

/**
 * The key that makes a retried step send the same create: the scaffolder task and step, and the environment (one
 * step may run several times with `each`). Hashed when longer than the service accepts.
 */
export function idempotencyKeyFor(taskId: string, stepId: string | undefined, project: string, name: string): string {
  const key = `backstage:${taskId}:${stepId ?? 'create'}:${project}/${name}`;
  const printable = !/[\u0000-\u001f\u007f-\u009f]/.test(key);
  return key.length <= IDEMPOTENCY_KEY_MAX_LENGTH && printable ? key : `backstage:sha256:${createHash('sha256').update(key).digest('hex')}`;
}

/** `90s`, `30m`, `1h30m`, `2h`, or a number of seconds, as milliseconds. */
export function parseDuration(value: string | number, what = 'timeout'): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value > 0) {
      return value * 1000;
    }
  } else {
    const text = value.trim();
    if (/^\d+$/.test(text) && Number(text) > 0) {
      return Number(text) * 1000;
    }

    const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
    if (text && match) {
      const ms = ((Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0)) * 60 + Number(match[3] ?? 0)) * 1000;
      if (ms > 0) {
        return ms;
      }
    }
  }

  throw new EnvOrchError(`'${what}' must be a duration such as 90s, 30m or 1h30m (or a number of seconds), not '${value}'.`);
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return [h ? `${h}h` : '', m ? `${m}m` : '', s || (!h && !m) ? `${s}s` : ''].join('');
}

/** The outputs a template may pass on: sensitive ones and those not known yet are left out (and logged as such). */
export function publicOutputs(environment: EnvironmentView, logger?: Logger): Record<string, unknown> {
  const outputs: Record<string, unknown> = {};
  for (const [name, output] of Object.entries(environment.outputs ?? {})) {
    if (output.sensitive) {
      logger?.info(`  output ${name}: (sensitive, not exported)`);
    } else if (output.known === false) {
      logger?.info(`  output ${name}: (not known, not exported)`);
    } else {
      outputs[name] = output.value;
    }
  }

  return outputs;
}

export async function createEnvironment(client: EnvOrchClient, parameters: CreateParameters, options: WaitOptions): Promise<CreateResult> {
  const { project, name, template, inputs, ttl } = parameters;
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const deadline = clock.now() + parameters.timeoutMs;
  const body = { name, template, inputs: inputs ?? {}, ...(ttl ? { ttl } : {}) };
  const accepted = await client.createEnvironment(project, body, parameters.idempotencyKey);
  const url = client.portalUrl(project, name);
  logger.info(`Creating ${project}/${name} from ${template}: run ${accepted.run.id} (${url})`);

  let environment = accepted.environment;
  if (parameters.wait) {
    environment = await waitUntilSettled(client, project, name, deadline, { ...options, clock }, parameters.timeoutMs);
    if (environment.status !== 'Ready') {
      throw new EnvOrchError(failureMessage(environment, 'create', url));
    }

    logger.info(`${project}/${name} is Ready${environment.expiresAt ? `; it expires at ${environment.expiresAt}` : ''}.`);
  }

  return {
    name: environment.name,
    status: environment.status,
    outputs: parameters.wait ? publicOutputs(environment, logger) : {},
    url,
    runId: accepted.run.id,
    expiresAt: environment.expiresAt ?? null,
  };
}

export async function destroyEnvironment(client: EnvOrchClient, parameters: DestroyParameters, options: WaitOptions): Promise<DestroyResult> {
  const { project, name } = parameters;
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const deadline = clock.now() + parameters.timeoutMs;
  const url = client.portalUrl(project, name);
  const found = await client.getEnvironment(project, name);
  if (!found) {
    logger.info(`Project ${project} has no environment ${name}; nothing to destroy.`);
    return { name, status: 'NotFound', url, runId: null };
  }

  if (found.status === 'Destroyed' && !found.currentRunId) {
    logger.info(`${project}/${name} is already destroyed.`);
    return { name, status: found.status, url, runId: null };
  }

  if (!isSettled(found)) {
    if (found.status === 'Destroying') {
      // A destroy is already running (this step retried, or someone else): follow it rather than start another.
      logger.info(`${project}/${name} is already being destroyed (run ${found.currentRunId}).`);
      const environment = parameters.wait ? await waitForDestroyed(client, parameters, deadline, url, { ...options, clock }) : found;
      return { name, status: environment.status, url, runId: found.currentRunId ?? null };
    }

    // A deploy or update nobody needs any more: cancel it so the destroy can start, and let its run end.
    logger.info(`${project}/${name} is ${found.status}; cancelling its run ${found.currentRunId} before destroying it.`);
    await cancelQuietly(client, project, name);
    const settled = await waitUntilSettled(client, project, name, deadline, { ...options, clock }, parameters.timeoutMs);
    if (settled.status === 'Destroyed') {
      return { name, status: settled.status, url, runId: null };
    }
  }

  const accepted = await client.destroyEnvironment(project, name);
  logger.info(`Destroying ${project}/${name}: run ${accepted.run.id}`);
  const environment = parameters.wait ? await waitForDestroyed(client, parameters, deadline, url, { ...options, clock }) : accepted.environment;
  return { name, status: environment.status, url, runId: accepted.run.id };
}

async function waitForDestroyed(client: EnvOrchClient, parameters: DestroyParameters, deadline: number, url: string, options: WaitOptions & { clock: Clock }) {
  const environment = await waitUntilSettled(client, parameters.project, parameters.name, deadline, options, parameters.timeoutMs);
  if (environment.status !== 'Destroyed') {
    throw new EnvOrchError(failureMessage(environment, 'destroy', url));
  }

  options.logger.info(`${parameters.project}/${parameters.name} is Destroyed.`);
  return environment;
}

/** Reads the environment until no run works on it; an error when the deadline passes first (the run goes on). */
export async function waitUntilSettled(
  client: EnvOrchClient, project: string, name: string, deadline: number, options: WaitOptions & { clock: Clock }, timeoutMs: number,
): Promise<EnvironmentView> {
  const { logger, clock, signal } = options;
  let previous: EnvironmentView | null = null;
  for (;;) {
    signal?.throwIfAborted();
    const environment = await client.getEnvironment(project, name);
    if (!environment) {
      throw new EnvOrchError(`Environment ${project}/${name} disappeared while the action waited for it (was it purged?).`);
    }

    for (const line of changes(previous, environment)) {
      logger.info(line);
    }

    previous = environment;
    if (isSettled(environment)) {
      return environment;
    }

    const left = deadline - clock.now();
    if (left <= 0) {
      throw new EnvOrchError(
        `Environment ${project}/${name} did not settle within ${formatDuration(timeoutMs)}: it is ${environment.status}` +
        `${environment.currentRunId ? ` (run ${environment.currentRunId} goes on)` : ''}. Follow it at ${client.portalUrl(project, name)}, ` +
        "or give the step a longer 'timeout'.");
    }

    await clock.sleep(Math.min(options.pollIntervalMs, left), signal);
  }
}

function changes(previous: EnvironmentView | null, current: EnvironmentView): string[] {
  const lines: string[] = [];
  if (previous?.status !== current.status) {
    lines.push(`${current.project}/${current.name}: ${current.status}`);
  }

  const before = new Map((previous?.resources ?? []).map((r) => [r.name, r.status]));
  for (const resource of current.resources ?? []) {
    if (before.get(resource.name) !== resource.status) {
      lines.push(`  ${resource.name}: ${resource.status}`);
    }
  }

  return lines;
}

/** Why a run did not end as asked: the environment's failure (resource, error, step log), then other failed resources. */
export function failureMessage(environment: EnvironmentView, verb: 'create' | 'destroy', url: string): string {
  const failure: FailureView | null | undefined = environment.failure;
  const lines = [`Could not ${verb} environment ${environment.project}/${environment.name}: it is ${environment.status}${failure?.message ? `: ${failure.message}` : '.'}`];
  if (failure) {
    if (failure.resource) {
      lines.push(`  resource: ${failure.resource}`);
    }

    lines.push(`  error:    ${failure.errorType}${failure.isTransient ? ' (transient)' : ''}`);
    if (failure.detail?.trim()) {
      lines.push(`  detail:   ${failure.detail.trim()}`);
    }

    if (failure.log) {
      lines.push(`  log:      step ${failure.log}`);
    }
  }

  for (const resource of environment.resources ?? []) {
    if (resource.failure && resource.name !== failure?.resource) {
      lines.push(`  ${resource.name} (${resource.status}): ${resource.failure.message}`);
    }
  }

  lines.push(`  see:      ${url}`);
  return lines.join('\n');
}

async function cancelQuietly(client: EnvOrchClient, project: string, name: string): Promise<void> {
  try {
    await client.cancelRun(project, name);
  } catch (error) {
    // 409: the run ended meanwhile; the destroy takes it from there.
    if (!(error instanceof EnvOrchApiError) || error.status !== 409) {
      throw error;
    }
  }
}
