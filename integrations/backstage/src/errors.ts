// Errors the actions raise. Their messages are what a Backstage user reads in the task log, so each one says what
// happened and, for a refusal, the field and rule the service named (RFC 7807 problem details with `field`/`rule`).

/** A problem-details answer as EnvOrchestrator sends it (application/problem+json). */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  field?: string | null;
  rule?: string | null;
  errors?: Array<{ field?: string; rule?: string; message?: string; detail?: string }>;
  [extension: string]: unknown;
}

/** The service refused a request or failed it: the method, path, status and the problem as the service gave it. */
export class EnvOrchApiError extends Error {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly problem: Problem;

  constructor(method: string, path: string, status: number, problem: Problem) {
    super(describeProblem(method, path, status, problem));
    this.name = 'EnvOrchApiError';
    this.method = method;
    this.path = path;
    this.status = status;
    this.problem = problem;
  }

  get field(): string | undefined {
    return this.problem.field ?? undefined;
  }

  get rule(): string | undefined {
    return this.problem.rule ?? undefined;
  }
}

/** A failure the actions explain themselves: the service could not be reached, a run failed, a wait timed out. */
export class EnvOrchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvOrchError';
  }
}

/**
 * One message: what was refused and why, e.g.
 * `EnvOrchestrator refused POST /api/projects/demo/environments (HTTP 422 rule-violated): The value is not allowed.
 * [field: inputs.cache_sku, rule: input.not-allowed]`, then a hint for the template author.
 */
export function describeProblem(method: string, path: string, status: number, problem: Problem): string {
  const code = problem.code ? ` ${problem.code}` : '';
  const what = problem.detail ?? problem.title ?? 'no detail given';
  const parts = [`EnvOrchestrator refused ${method} ${path} (HTTP ${status}${code}): ${what}`];
  const named = [problem.field ? `field: ${problem.field}` : null, problem.rule ? `rule: ${problem.rule}` : null].filter(Boolean);
  if (named.length > 0) {
    parts[0] += ` [${named.join(', ')}]`;
  }

  for (const error of Array.isArray(problem.errors) ? problem.errors : []) {
    parts.push(`- ${[error.field && `field: ${error.field}`, error.rule && `rule: ${error.rule}`, error.message ?? error.detail].filter(Boolean).join(', ')}`);
  }

  const hint = hintFor(status, problem.field ?? undefined);
  if (hint) {
    parts.push(hint);
  }

  return parts.join('\n');
}

const FIELD_PARAMETERS: Record<string, string | null> = {
  name: 'name',
  template: 'template',
  templateVersion: 'template',
  ttl: 'ttl',
  'If-Match': null,
  'Idempotency-Key': null,
  'X-EnvOrch-On-Behalf-Of': null,
};

function hintFor(status: number, field: string | undefined): string | null {
  if (status === 400 || status === 422) {
    if (field === 'Idempotency-Key') {
      return 'This task already sent a different create request with the same idempotency key; run the template again as a new task.';
    }

    if (field === 'X-EnvOrch-On-Behalf-Of') {
      return "The service refused the user this Backstage instance acts for; check envorch.onBehalfOf in app-config.";
    }

    const parameter = field === undefined ? null : Object.hasOwn(FIELD_PARAMETERS, field) ? FIELD_PARAMETERS[field] : 'inputs';
    return parameter ? `Correct the action's '${parameter}' parameter in the template (or the value the user entered) and run it again.` : null;
  }

  switch (status) {
    case 401:
      return 'The service did not accept the credentials: check envorch.apiKey (or envorch.token) in app-config.';
    case 403:
      return field === 'X-EnvOrch-On-Behalf-Of'
        ? "Backstage's API key needs the 'delegate' grant to act for users (or set envorch.onBehalfOf: none)."
        : "The service refused Backstage's key: check its grants for the project (developer role or higher).";
    case 404:
      return "Check the action's 'project', 'name' and 'template' parameters; GET /api/templates lists the templates.";
    case 409:
      return 'The environment exists or is busy; see the detail above.';
    default:
      return status >= 500 ? 'The service is failing; try again later or ask its operators.' : null;
  }
}
