using EnvOrchestrator.Api.Security;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Hosting.Composition;

/// <summary>
/// Checks at start-up, after <see cref="ServiceStartup"/> created the storage, that callers can be authenticated.
/// Production: a configured JWT issuer, a bootstrap admin key or a usable stored API key, else the service does not
/// start. Development: says loudly that callers are not authenticated and, on the first start (no key stored), creates
/// a platform-admin key and prints it, once.
/// </summary>
internal sealed class SecurityStartup(
    IOptions<SecurityOptions> options, ApiKeyService keys, ILogger<SecurityStartup> logger) : IHostedLifecycleService
{
    public const string DevelopmentKeyName = "development-admin";

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var security = options.Value;
        if (security.IsDevelopment)
        {
            logger.DevelopmentMode(SecurityModeHeader.Name);
            if ((await keys.ListAsync(cancellationToken)).Count == 0)
            {
                var (_, key) = await keys.CreateAsync(DevelopmentKeyName, [AccessGrants.PlatformAdmin, AccessGrants.Delegate], null, "first start (development mode)", cancellationToken);
                logger.DevelopmentKeyCreated(key);
            }

            return;
        }

        if (security.Jwt.IsConfigured || !string.IsNullOrEmpty(security.BootstrapAdminKey) || await keys.AnyActiveAsync(cancellationToken))
        {
            return;
        }

        throw new StartupFailedException(
            "No way to authenticate callers: configure Security:Jwt (Audience and Authority, for Entra ID / OIDC tokens), " +
            "or set Security:BootstrapAdminKey (eok_ followed by at least 32 random characters) to create API keys with, " +
            "or run locally with Security:Mode=Development (callers are then not authenticated). See docs/security.md.");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
