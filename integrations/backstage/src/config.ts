// The module's app-config (`envorch:` — see config.d.ts), read through the part of Backstage's Config it needs.
import { EnvOrchError } from './errors';
import { parseDuration } from './environments';

/** The methods of Backstage's `Config` (coreServices.rootConfig) this module calls. */
export interface ConfigReader {
  getString(key: string): string;
  getOptionalString(key: string): string | undefined;
}

/** How the Backstage user is named in X-EnvOrch-On-Behalf-Of. */
export type OnBehalfOfMode = 'entityRef' | 'name' | 'none';

export interface EnvOrchSettings {
  baseUrl: string;
  /** envorch.apiKey or envorch.token, sent as a bearer token; none for a service in development mode. */
  token?: string;
  onBehalfOf: OnBehalfOfMode;
  pollIntervalMs: number;
  timeoutMs: number;
}

const MODES: OnBehalfOfMode[] = ['entityRef', 'name', 'none'];

export function readSettings(config: ConfigReader): EnvOrchSettings {
  const baseUrl = config.getString('envorch.baseUrl').trim();
  if (!/^https?:\/\/[^/]/.test(baseUrl)) {
    throw new EnvOrchError(`envorch.baseUrl must be the service's http(s) URL, e.g. https://envorch.example.com, not '${baseUrl}'.`);
  }

  const apiKey = config.getOptionalString('envorch.apiKey');
  const token = config.getOptionalString('envorch.token');
  if (apiKey && token) {
    throw new EnvOrchError('Set envorch.apiKey or envorch.token, not both.');
  }

  const onBehalfOf = (config.getOptionalString('envorch.onBehalfOf') ?? 'entityRef') as OnBehalfOfMode;
  if (!MODES.includes(onBehalfOf)) {
    throw new EnvOrchError(`envorch.onBehalfOf must be one of ${MODES.join(', ')}, not '${onBehalfOf}'.`);
  }

  return {
    baseUrl: baseUrl.replace(/\/+$/, ''),
    token: apiKey ?? token,
    onBehalfOf,
    pollIntervalMs: parseDuration(config.getOptionalString('envorch.pollInterval') ?? '5s', 'envorch.pollInterval'),
    timeoutMs: parseDuration(config.getOptionalString('envorch.timeout') ?? '30m', 'envorch.timeout'),
  };
}

/** The user a task runs for, as the service should record it: `user:default/alice` (entityRef) or `alice` (name). */
export function onBehalfOfUser(mode: OnBehalfOfMode, user?: { ref?: string; entity?: { metadata?: { name?: string } } }): string | undefined {
  const ref = user?.ref ?? undefined;
  if (mode === 'none' || !ref) {
    return undefined;
  }

  if (mode === 'name') {
    return user?.entity?.metadata?.name ?? ref.replace(/^[^:]*:/, '').replace(/^[^/]*\//, '');
  }

  return ref;
}
