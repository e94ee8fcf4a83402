// How refusals and failures read in the job log: what the service said, then what to do, like envctl's errors.

const FIELD_INPUTS = { name: 'name', template: 'template', templateVersion: 'template', ttl: 'ttl', 'If-Match': null, 'Idempotency-Key': null };

/** A problem-details answer as lines: title with status and code, detail, field, rule, and a hint. */
export function renderProblem(apiError) {
  const problem = apiError.problem ?? {};
  const code = problem.code ? `, ${problem.code}` : '';
  const lines = [`${problem.title ?? 'Request failed'} (HTTP ${apiError.status}${code})`];
  if (problem.detail) {
    lines.push(`  ${problem.detail}`);
  }

  if (problem.field) {
    lines.push(`  field: ${problem.field}`);
  }

  if (problem.rule) {
    lines.push(`  rule:  ${problem.rule}`);
  }

  for (const error of Array.isArray(problem.errors) ? problem.errors : []) {
    lines.push(`  - ${[error.field, error.rule, error.message ?? error.detail].filter(Boolean).join(': ')}`);
  }

  const hint = hintFor(apiError.status, problem.field);
  if (hint) {
    lines.push(`hint: ${hint}`);
  }

  return { title: `${apiError.method} ${apiError.path}`, lines };
}

function hintFor(status, field) {
  if (status === 400 || status === 422) {
    const input = field === undefined || field === null ? null : Object.hasOwn(FIELD_INPUTS, field) ? FIELD_INPUTS[field] : 'inputs';
    return input ? `Correct the action's '${input}' input and run the job again.` : 'Correct the request and run the job again.';
  }

  switch (status) {
    case 401:
    case 403:
      return "The service refused the caller: check the 'user' and 'token' inputs and the caller's role in the project.";
    case 404:
      return "Check the 'project' and 'template' inputs; GET /api/templates lists the templates.";
    case 409:
      return 'The environment is busy or its state does not allow this; see the detail above.';
    case 412:
      return 'The environment changed while the action read it; run the job again.';
    default:
      return status >= 500 ? 'The service is failing; try again later or ask its operators.' : null;
  }
}

/**
 * Why a run ended Failed or Cancelled: the environment's failure (naming the failing resource and its step log),
 * then every resource that failed.
 */
export function renderFailure(environment, logsUrl) {
  const lines = [`Environment ${environment.name} is ${environment.status}${environment.failure?.message ? `: ${environment.failure.message}` : '.'}`];
  const failure = environment.failure;
  if (failure) {
    if (failure.resource) {
      lines.push(`  resource: ${failure.resource}`);
    }

    lines.push(`  error:    ${failure.errorType}${failure.isTransient ? ' (transient)' : ''}`);
    if (failure.detail?.trim()) {
      lines.push(`  detail:   ${failure.detail.trim()}`);
    }

    if (failure.log) {
      lines.push(`  log:      ${logsUrl} (step ${failure.log})`);
    }
  }

  for (const resource of environment.resources ?? []) {
    if (resource.failure && resource.name !== failure?.resource) {
      lines.push(`  ${resource.name} (${resource.status}): ${resource.failure.message}`);
    }
  }

  if (!failure?.log && logsUrl) {
    lines.push(`  logs:     ${logsUrl}`);
  }

  return lines;
}

/** The resource and step to blame: the environment's failure, else the first failed resource. */
export function failedStep(environment) {
  if (environment.failure?.log) {
    return { resource: environment.failure.resource, step: environment.failure.log };
  }

  const resource = (environment.resources ?? []).find((r) => r.failure?.log);
  return resource ? { resource: resource.name, step: resource.failure.log } : null;
}
