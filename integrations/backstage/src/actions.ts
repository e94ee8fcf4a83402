// The two scaffolder actions, made with Backstage's createTemplateAction; the work is in environments.ts.
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { EnvOrchClient } from './client';
import { EnvOrchSettings, onBehalfOfUser } from './config';
import { Clock, createEnvironment, destroyEnvironment, idempotencyKeyFor, parseDuration } from './environments';

export const CREATE_ACTION_ID = 'envorch:environment:create';
export const DESTROY_ACTION_ID = 'envorch:environment:destroy';

export interface EnvOrchActionOptions {
  settings: EnvOrchSettings;
  /** For tests: the fetch and clock the actions use. */
  fetch?: typeof fetch;
  clock?: Clock;
}

function clientFor(options: EnvOrchActionOptions, ctx: { user?: { ref?: string; entity?: { metadata?: { name?: string } } }; signal?: AbortSignal }) {
  const { settings } = options;
  return new EnvOrchClient({
    baseUrl: settings.baseUrl,
    token: settings.token,
    onBehalfOf: onBehalfOfUser(settings.onBehalfOf, ctx.user),
    fetch: options.fetch,
    sleep: options.clock ? (ms) => options.clock!.sleep(ms, ctx.signal) : undefined,
    signal: ctx.signal,
  });
}

export function createEnvironmentAction(options: EnvOrchActionOptions) {
  return createTemplateAction({
    id: CREATE_ACTION_ID,
    description: 'Creates an EnvOrchestrator environment from a template and (by default) waits until it is Ready.',
    examples: [{
      description: 'Create a review environment and wait for it',
      example: [
        'steps:',
        '  - id: env',
        '    action: envorch:environment:create',
        '    input:',
        '      project: team-a',
        '      name: ${{ parameters.name }}',
        '      template: web-stack@^1',
        '      inputs: { cache_sku: Basic }',
        '      ttl: 8h',
      ].join('\n'),
    }],
    schema: {
      input: {
        project: (z) => z.string().min(1).describe('The EnvOrchestrator project'),
        name: (z) => z.string().min(1).describe('The environment name (lower-case letters, digits and dashes)'),
        template: (z) => z.string().min(1).describe('The environment template: name, name@1.2.0 or name@^1'),
        inputs: (z) => z.record(z.string(), z.any()).optional().describe("The template's inputs"),
        ttl: (z) => z.string().optional().describe('How long the environment lives, e.g. 8h (the template decides when omitted)'),
        wait: (z) => z.boolean().optional().describe('Wait until the environment is Ready (default true)'),
        timeout: (z) => z.union([z.string(), z.number()]).optional().describe('How long to wait, e.g. 30m (default envorch.timeout)'),
      },
      output: {
        name: (z) => z.string().describe('The environment name'),
        status: (z) => z.string().describe('Ready, or the status when not waiting (Queued, Deploying)'),
        outputs: (z) => z.record(z.string(), z.any()).describe("The environment's non-sensitive outputs"),
        url: (z) => z.string().describe("The environment's page in the EnvOrchestrator portal"),
        runId: (z) => z.string().describe('The deploy run'),
        expiresAt: (z) => z.string().nullable().describe('When the environment expires'),
      },
    },
    async handler(ctx) {
      const { project, name, template, inputs, ttl } = ctx.input;
      const client = clientFor(options, ctx);
      const result = await createEnvironment(client, {
        project,
        name,
        template,
        inputs,
        ttl,
        wait: ctx.input.wait ?? true,
        timeoutMs: ctx.input.timeout === undefined ? options.settings.timeoutMs : parseDuration(ctx.input.timeout),
        idempotencyKey: idempotencyKeyFor(ctx.task.id, ctx.step?.id, project, name),
      }, { logger: ctx.logger, clock: options.clock, pollIntervalMs: options.settings.pollIntervalMs, signal: ctx.signal });

      ctx.output('name', result.name);
      ctx.output('status', result.status);
      ctx.output('outputs', result.outputs);
      ctx.output('url', result.url);
      ctx.output('runId', result.runId);
      ctx.output('expiresAt', result.expiresAt);
    },
  });
}

export function destroyEnvironmentAction(options: EnvOrchActionOptions) {
  return createTemplateAction({
    id: DESTROY_ACTION_ID,
    description: 'Destroys an EnvOrchestrator environment (cancelling a deploy still running) and by default waits until it is Destroyed.',
    examples: [{
      description: 'Destroy an environment',
      example: ['steps:', '  - id: destroy', '    action: envorch:environment:destroy', '    input:', '      project: team-a', '      name: pr-42'].join('\n'),
    }],
    schema: {
      input: {
        project: (z) => z.string().min(1).describe('The EnvOrchestrator project'),
        name: (z) => z.string().min(1).describe('The environment name'),
        wait: (z) => z.boolean().optional().describe('Wait until the environment is Destroyed (default true)'),
        timeout: (z) => z.union([z.string(), z.number()]).optional().describe('How long to wait, e.g. 30m (default envorch.timeout)'),
      },
      output: {
        name: (z) => z.string().describe('The environment name'),
        status: (z) => z.string().describe('Destroyed; Destroying when not waiting; NotFound when there was none'),
        url: (z) => z.string().describe("The environment's page in the EnvOrchestrator portal"),
      },
    },
    async handler(ctx) {
      const { project, name } = ctx.input;
      const client = clientFor(options, ctx);
      const result = await destroyEnvironment(client, {
        project,
        name,
        wait: ctx.input.wait ?? true,
        timeoutMs: ctx.input.timeout === undefined ? options.settings.timeoutMs : parseDuration(ctx.input.timeout),
      }, { logger: ctx.logger, clock: options.clock, pollIntervalMs: options.settings.pollIntervalMs, signal: ctx.signal });

      ctx.output('name', result.name);
      ctx.output('status', result.status);
      ctx.output('url', result.url);
    },
  });
}
