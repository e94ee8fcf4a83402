// The module's app-config schema (package.json "configSchema"); Backstage validates app-config against it and keeps
// values marked secret out of the frontend.
export interface Config {
  /** EnvOrchestrator, for the envorch:environment:create and envorch:environment:destroy scaffolder actions. */
  envorch: {
    /** The service's root URL, e.g. https://envorch.example.com (the API is under /api, the portal at /). */
    baseUrl: string;
    /**
     * An API key (`eok_…`) with a developer grant in the projects templates use, and `delegate` to act for users.
     * @visibility secret
     */
    apiKey?: string;
    /**
     * Instead of apiKey: a bearer token the service accepts (Security:Jwt audience).
     * @visibility secret
     */
    token?: string;
    /**
     * How the Backstage user is named in X-EnvOrch-On-Behalf-Of: `entityRef` (user:default/alice, the default),
     * `name` (alice) or `none` (calls are made as Backstage itself).
     */
    onBehalfOf?: 'entityRef' | 'name' | 'none';
    /** Time between two reads of an environment while waiting, e.g. 5s (the default). */
    pollInterval?: string;
    /** How long an action waits when its step gives no timeout, e.g. 30m (the default). */
    timeout?: string;
  };
}
