// Polls the environment until no run works on it, printing one line per status change (a CI log, not a terminal).
import { ActionError } from './errors.js';

const SETTLED = new Set(['Ready', 'Failed', 'Cancelled', 'Destroyed']);

/** True when no run is working on the environment (the service's EnvironmentStatusMachine.IsSettled, and no run). */
export function isSettled(environment) {
  return SETTLED.has(environment.status) && !environment.currentRunId;
}

/**
 * @returns {Promise<{environment: any, etag: string|null, timedOut: boolean}>} the settled environment, or the last
 * one seen when the deadline passed first.
 */
export async function waitUntilSettled({ client, project, name, deadline, pollMs, workflow, clock }) {
  let previous = null;
  for (;;) {
    const found = await client.getEnvironment(project, name);
    if (!found) {
      throw new ActionError(`Environment ${name} disappeared while the action waited for it (was it purged?).`);
    }

    const environment = found.environment;
    for (const line of changes(previous, environment)) {
      workflow.info(line);
    }

    previous = environment;
    const etag = found.etag ?? environment.etag ?? null;
    if (isSettled(environment)) {
      return { environment, etag, timedOut: false };
    }

    const left = deadline - clock.now();
    if (left <= 0) {
      return { environment, etag, timedOut: true };
    }

    await clock.sleep(Math.min(pollMs, left));
  }
}

export function changes(previous, current) {
  const lines = [];
  if (previous?.status !== current.status) {
    lines.push(`${current.name}: ${current.status}`);
  }

  const before = new Map((previous?.resources ?? []).map((r) => [r.name, r.status]));
  for (const resource of current.resources ?? []) {
    if (before.get(resource.name) !== resource.status) {
      lines.push(`  ${resource.name}: ${resource.status}`);
    }
  }

  return lines;
}
