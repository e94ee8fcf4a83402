// A scaffolder ActionContext for calling an action's handler directly, recording its log and outputs, and a clock
// whose sleeps pass at once (so waits and timeouts take no real time).
import type { Clock } from '../src/environments';
import type { EnvOrchSettings } from '../src/config';

export function fastClock(): Clock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
  };
}

export function settingsFor(url: string, patch: Partial<EnvOrchSettings> = {}): EnvOrchSettings {
  return { baseUrl: url, token: 'eok_0123456789abcdef_secret', onBehalfOf: 'entityRef', pollIntervalMs: 5000, timeoutMs: 30 * 60_000, ...patch };
}

export interface TestContext {
  ctx: any;
  outputs: Record<string, unknown>;
  log: string[];
}

export function actionContext(input: Record<string, unknown>, { taskId = 'task-1', stepId = 'env', userRef = 'user:default/alice' as string | null } = {}): TestContext {
  const outputs: Record<string, unknown> = {};
  const log: string[] = [];
  const logger = {
    info: (message: string) => log.push(message),
    warn: (message: string) => log.push(`WARN ${message}`),
    error: (message: string) => log.push(`ERROR ${message}`),
    debug: () => {},
    child: () => logger,
  };
  const ctx = {
    input,
    logger,
    workspacePath: '/nonexistent',
    task: { id: taskId },
    step: { id: stepId, name: 'Environment' },
    user: userRef ? { ref: userRef, entity: { apiVersion: 'backstage.io/v1alpha1', kind: 'User', metadata: { name: userRef.split('/').pop() }, spec: {} } } : undefined,
    output: (name: string, value: unknown) => (outputs[name] = value),
    checkpoint: async ({ fn }: { fn: () => Promise<unknown> }) => fn(),
    createTemporaryDirectory: async () => { throw new Error('not in tests'); },
    getInitiatorCredentials: async () => { throw new Error('not in tests'); },
  };
  return { ctx, outputs, log };
}
