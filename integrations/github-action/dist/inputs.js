// The action's inputs as the runner passes them: INPUT_<NAME> environment variables, the name upper-cased with
// spaces as '_' (hyphens stay: `wait-timeout` is INPUT_WAIT-TIMEOUT), values trimmed.
import { ActionError } from './errors.js';
import { parseYamlMapping } from './yaml.js';

export function getInput(env, name, { required = false } = {}) {
  const value = (env[`INPUT_${name.replaceAll(' ', '_').toUpperCase()}`] ?? '').trim();
  if (required && value === '') {
    throw new ActionError(`Input required and not supplied: ${name}`);
  }

  return value;
}

/** A duration: `90` (seconds), `500ms`, `45s`, `20m`, `1h30m`. Returns milliseconds. */
export function parseDuration(text, what) {
  const value = text.trim();
  if (/^\d+(?:\.\d+)?$/.test(value)) {
    return Number(value) * 1000;
  }

  const unit = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  const part = /(\d+(?:\.\d+)?)(ms|h|m|s)/gy;
  let total = 0;
  let end = 0;
  for (const match of value.matchAll(part)) {
    total += Number(match[1]) * unit[match[2]];
    end = match.index + match[0].length;
  }

  if (value === '' || end !== value.length) {
    throw new ActionError(`${what} '${text}' is not a duration such as 90s, 20m or 1h30m.`);
  }

  return total;
}

/**
 * The `inputs` input: a JSON object, or a flat YAML mapping (see yaml.js). Empty means none.
 */
export function parseTemplateInputs(text) {
  const value = text.trim();
  if (value === '') {
    return {};
  }

  if (value.startsWith('{')) {
    let parsed;
    try {
      parsed = JSON.parse(value);
    } catch (error) {
      throw new ActionError(`inputs is not valid JSON: ${error.message}`);
    }

    return parsed;
  }

  if (value.startsWith('[') || value.startsWith('"')) {
    throw new ActionError('inputs must be a map of input names to values (a JSON object or YAML mapping).');
  }

  return parseYamlMapping(value);
}

/** `web-stack@1.0.0` → { name, version }; the version part may be a range the service resolves, or absent. */
export function parseTemplate(text) {
  const at = text.indexOf('@');
  const name = at < 0 ? text : text.slice(0, at);
  const version = at < 0 ? null : text.slice(at + 1);
  if (name === '' || version === '') {
    throw new ActionError(`template '${text}' is not name or name@version, e.g. web-stack@1.0.0.`);
  }

  return { reference: text, name, version, exactVersion: version !== null && /^\d+\.\d+\.\d+$/.test(version) ? version : null };
}

export function parseEndpoint(text) {
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new ActionError(`endpoint '${text}' is not a URL such as https://envorch.example.com.`);
  }

  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ActionError(`endpoint '${text}' must be an http or https URL.`);
  }

  return url.href.replace(/\/+$/, '');
}

/** Every input, validated before anything is sent. */
export function readInputs(env) {
  const mode = getInput(env, 'mode') || 'auto';
  if (!['auto', 'deploy', 'destroy'].includes(mode)) {
    throw new ActionError(`mode must be auto, deploy or destroy, not '${mode}'.`);
  }

  const templateText = getInput(env, 'template');
  return {
    endpoint: parseEndpoint(getInput(env, 'endpoint', { required: true })),
    project: getInput(env, 'project', { required: true }),
    template: templateText ? parseTemplate(templateText) : null,
    inputs: parseTemplateInputs(getInput(env, 'inputs')),
    ttl: getInput(env, 'ttl') || null,
    name: getInput(env, 'name'),
    mode,
    waitTimeoutMs: parseDuration(getInput(env, 'wait-timeout') || '20m', 'wait-timeout'),
    pollIntervalMs: parseDuration(getInput(env, 'poll-interval') || '5s', 'poll-interval'),
    // The runner fills `user` from github.actor (action.yml's default); GITHUB_ACTOR covers a run by hand.
    user: getInput(env, 'user') || env.GITHUB_ACTOR || '',
    token: getInput(env, 'token'),
  };
}
