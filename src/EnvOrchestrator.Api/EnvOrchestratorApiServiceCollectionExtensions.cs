using EnvOrchestrator.Api.OpenApi;
using EnvOrchestrator.Api.Security;
using EnvOrchestrator.Core.ApiKeys;
using EnvOrchestrator.Core.ApiKeys.InMemory;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EnvOrchestrator.Api;

public static class EnvOrchestratorApiServiceCollectionExtensions
{
    /// <summary>
    /// Registers the API's services: problem details, JSON (enums as strings), the identity seam
    /// (<see cref="ServiceRequestIdentity"/>: API keys, bearer JWTs and, in development mode, the development headers;
    /// and <see cref="RoleProjectAccessPolicy"/>, unless the host registered its own
    /// <see cref="IRequestIdentity"/>/<see cref="IProjectAccessPolicy"/>), an in-memory <see cref="IApiKeyStore"/>
    /// unless storage registered one. <paramref name="security"/> configures <see cref="SecurityOptions"/> (bind the
    /// <c>Security</c> section there). The lifecycle itself comes from <c>AddEnvironmentLifecycle</c>. The OpenAPI
    /// document is served once the host calls <c>MapEnvOrchestratorApiReference</c>.
    /// </summary>
    public static IServiceCollection AddEnvOrchestratorApi(
        this IServiceCollection services, Action<EnvOrchestratorApiOptions>? configure = null, Action<SecurityOptions>? security = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<EnvOrchestratorApiOptions>()
            .Configure(configure ?? (_ => { }))
            .Validate(o => o.MaxBodyBytes > 0 && o.LogPollInterval > TimeSpan.Zero, "Api:MaxBodyBytes and Api:LogPollInterval must be positive.")
            .ValidateOnStart();
        services.AddProblemDetails();
        services.Configure<JsonOptions>(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddOptions<SecurityOptions>()
            .Configure(security ?? (_ => { }))
            .Validate(
                o => string.IsNullOrEmpty(o.BootstrapAdminKey) || (o.BootstrapAdminKey.StartsWith(ApiKeyTokens.Prefix, StringComparison.Ordinal) && o.BootstrapAdminKey.Length >= ApiKeyTokens.Prefix.Length + 32),
                $"Security:BootstrapAdminKey must start with {ApiKeyTokens.Prefix} and be followed by at least 32 characters.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IApiKeyStore, InMemoryApiKeyStore>();
        services.TryAddSingleton<ApiKeyService>();
        services.TryAddSingleton<HeaderRequestIdentity>();
        services.TryAddSingleton<IRequestIdentity, ServiceRequestIdentity>();
        services.TryAddSingleton<IProjectAccessPolicy, RoleProjectAccessPolicy>();
        services.AddAuthentication().AddJwtBearer(JwtBearerSetup.Scheme, _ => { });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IConfigureOptions<JwtBearerOptions>, JwtBearerSetup>());
        services.TryAddSingleton<ProjectAccess>();
        services.AddEnvOrchestratorOpenApi();
        return services;
    }
}
