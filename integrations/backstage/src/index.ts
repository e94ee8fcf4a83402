/**
 * Backstage scaffolder actions for EnvOrchestrator: `envorch:environment:create` and `envorch:environment:destroy`.
 * Install with `backend.add(import('@envorch/backstage-plugin-scaffolder-backend-module-envorch'))`.
 */
export { scaffolderModuleEnvOrch as default } from './module';
export { createEnvironmentAction, destroyEnvironmentAction, CREATE_ACTION_ID, DESTROY_ACTION_ID } from './actions';
export type { EnvOrchActionOptions } from './actions';
export { EnvOrchClient } from './client';
export { EnvOrchApiError, EnvOrchError } from './errors';
export { readSettings } from './config';
export type { EnvOrchSettings, OnBehalfOfMode } from './config';
