// mode deploy: create the environment, or update it when it exists (PATCH with If-Match), then wait until it settles.
import { ApiError } from './api.js';
import { ActionError } from './errors.js';
import { isSettled, waitUntilSettled } from './wait.js';

export async function deploy(context) {
  const { client, config, name, workflow } = context;
  const { project, template } = config;
  if (!template) {
    throw new ActionError('Input required and not supplied: template (name@version, needed to deploy).');
  }

  let found = await client.getEnvironment(project, name);
  if (found && !isSettled(found.environment)) {
    // A previous push's run: the service refuses a second one (409), so let it finish and update over it.
    workflow.info(`${name} has a run in progress (${found.environment.status}); waiting for it to finish first.`);
    const waited = await waitUntilSettled({ ...context, project });
    if (waited.timedOut) {
      return { ...waited, run: null, verb: 'deploy' };
    }

    found = { environment: waited.environment, etag: waited.etag };
  }

  let accepted;
  if (!found || found.environment.status === 'Destroyed') {
    const body = { name, template: template.reference, inputs: config.inputs, ...(config.ttl ? { ttl: config.ttl } : {}) };
    accepted = await client.create(project, body, context.idempotencyKey);
    workflow.info(`Creating ${name} in project ${project} from ${template.reference}: run ${accepted.run.id}`);
  } else {
    accepted = await update(context, found);
    workflow.info(`Updating ${name} in project ${project}: run ${accepted.run.id}`);
  }

  const waited = await waitUntilSettled({ ...context, project });
  return { ...waited, run: accepted.run, verb: 'deploy' };
}

async function update(context, found) {
  const { client, config, name, workflow } = context;
  const { project, template } = config;
  const current = found.environment;
  if (current.template !== template.name) {
    throw new ActionError(
      `${name} was made from template ${current.template}, and this workflow asks for ${template.name}: destroy it first (mode: destroy) or choose another name.`,
      { title: 'Template changed' });
  }

  if (config.ttl) {
    workflow.info(`ttl applies when an environment is created; ${name} keeps its expiry (${current.expiresAt ?? 'none'}).`);
  }

  if (template.version && !template.exactVersion) {
    workflow.info(`${template.reference} is a range; an update keeps ${name} on ${current.templateVersion} (give an exact version to move it).`);
  }

  // Inputs are merged over the current ones by the service; a version moves the environment to that template version.
  const body = { inputs: config.inputs, ...(template.exactVersion ? { templateVersion: template.exactVersion } : {}) };
  try {
    return await client.update(project, name, body, found.etag ?? current.etag);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 412) {
      throw error;
    }

    // Changed between our read and the update (an expiry extension, another job): read again and try once more.
    const again = await client.getEnvironment(project, name);
    if (!again) {
      throw error;
    }

    return client.update(project, name, body, again.etag ?? again.environment.etag);
  }
}
