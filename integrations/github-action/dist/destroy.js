// mode destroy: stop a run still working on the environment, destroy it, wait until Destroyed.
import { ApiError } from './api.js';
import { isSettled, waitUntilSettled } from './wait.js';

export async function destroy(context) {
  const { client, config, name, workflow } = context;
  const { project } = config;
  const found = await client.getEnvironment(project, name);
  if (!found) {
    workflow.info(`Project ${project} has no environment ${name}; nothing to destroy.`);
    return { environment: null, run: null, verb: 'destroy', timedOut: false };
  }

  const environment = found.environment;
  if (environment.status === 'Destroyed' && !environment.currentRunId) {
    workflow.info(`${name} is already destroyed.`);
    return { environment, run: null, verb: 'destroy', timedOut: false };
  }

  if (!isSettled(environment)) {
    if (environment.status !== 'Destroying') {
      // A deploy or update of a closed pull request is not worth finishing: cancel it so the destroy can start.
      workflow.info(`${name} is ${environment.status}; cancelling its run before destroying it.`);
      await cancelQuietly(client, project, name);
    }

    const waited = await waitUntilSettled({ ...context, project });
    if (waited.timedOut || waited.environment.status === 'Destroyed') {
      return { ...waited, run: null, verb: 'destroy' };
    }
  }

  const accepted = await client.destroy(project, name);
  workflow.info(`Destroying ${name} in project ${project}: run ${accepted.run.id}`);
  const waited = await waitUntilSettled({ ...context, project });
  return { ...waited, run: accepted.run, verb: 'destroy' };
}

async function cancelQuietly(client, project, name) {
  try {
    await client.cancel(project, name);
  } catch (error) {
    // 409: the run finished meanwhile; the destroy below takes it from there.
    if (!(error instanceof ApiError) || error.status !== 409) {
      throw error;
    }
  }
}
