// What to do and for which environment, from the event the workflow runs on ($GITHUB_EVENT_NAME, $GITHUB_EVENT_PATH).
import { readFileSync } from 'node:fs';
import { ActionError } from './errors.js';

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);
const DEPLOY_ACTIONS = new Set(['opened', 'synchronize', 'reopened']);

// The service's rule for environment names (DnsLabel in EnvOrchestrator.Core).
export const NAME_MIN = 2;
export const NAME_MAX = 40;
const VALID_NAME = /^[a-z][a-z0-9-]*$/;

export function readEvent(env) {
  const path = env.GITHUB_EVENT_PATH;
  if (!path) {
    return {};
  }

  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ActionError(`Could not read the event file ${path}: ${error.message}`);
  }
}

export function isValidName(name) {
  return name.length >= NAME_MIN && name.length <= NAME_MAX && VALID_NAME.test(name) && !name.endsWith('-');
}

/**
 * Makes any text a valid environment name: lower case, other characters as '-', starting with a letter, at most
 * 40 characters, no '-' at the end. So `name: ${{ github.head_ref }}` (`feature/Login_Form`) works as it is.
 */
export function toEnvironmentName(text) {
  const name = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, NAME_MAX)
    .replace(/-+$/, '');
  if (!isValidName(name)) {
    throw new ActionError(`'${text}' cannot be made an environment name (${NAME_MIN}–${NAME_MAX} lower-case letters, digits and '-', starting with a letter).`);
  }

  return name;
}

export function pullRequestNumber(event) {
  return event?.pull_request?.number ?? event?.number ?? null;
}

/** The `name` input made valid, else `pr-<number>` from the pull request. */
export function environmentName(nameInput, event) {
  if (nameInput) {
    return toEnvironmentName(nameInput);
  }

  const number = pullRequestNumber(event);
  if (number === null) {
    throw new ActionError('Set the name input: the environment is named from the pull request (pr-<number>), and this event has none.');
  }

  return `pr-${number}`;
}

/**
 * deploy, destroy or skip. `auto` follows the pull request: opened, synchronize and reopened deploy; closed
 * (merged or not) destroys; other activity (labeled, edited, …) needs nothing.
 */
export function decideMode(mode, eventName, event) {
  if (mode !== 'auto') {
    return { mode };
  }

  if (!PULL_REQUEST_EVENTS.has(eventName)) {
    throw new ActionError(`mode auto follows pull_request events, and this run is for '${eventName || 'no event'}': set mode to deploy or destroy.`);
  }

  const action = event?.action;
  if (DEPLOY_ACTIONS.has(action)) {
    return { mode: 'deploy' };
  }

  if (action === 'closed') {
    return { mode: 'destroy' };
  }

  return { mode: 'skip', reason: `Nothing to do for pull_request '${action}': environments deploy on opened, synchronize and reopened, and are destroyed on closed.` };
}
