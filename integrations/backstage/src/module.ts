// The Backstage backend module: registers the actions with the scaffolder plugin, configured from app-config.
import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createEnvironmentAction, destroyEnvironmentAction } from './actions';
import { readSettings } from './config';

export const scaffolderModuleEnvOrch = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'envorch',
  register(reg) {
    reg.registerInit({
      deps: { scaffolder: scaffolderActionsExtensionPoint, config: coreServices.rootConfig, logger: coreServices.logger },
      async init({ scaffolder, config, logger }) {
        const settings = readSettings(config);
        if (!settings.token) {
          logger.warn('envorch.apiKey and envorch.token are not set: only a service in development mode will accept the calls.');
        }

        scaffolder.addActions(createEnvironmentAction({ settings }), destroyEnvironmentAction({ settings }));
      },
    });
  },
});
