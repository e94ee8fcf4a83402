using EnvOrchestrator.Api.OpenApi;
using EnvOrchestrator.Api.Security;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EnvOrchestrator.Api;

public static class EnvOrchestratorApiServiceCollectionExtensions
{
    /// <summary>
    /// Registers the API's services: problem details, JSON (enums as strings), the identity seam
    /// (<see cref="HeaderRequestIdentity"/> and <see cref="AllowAllProjectAccessPolicy"/> unless the host registered its
    /// own <see cref="IRequestIdentity"/>/<see cref="IProjectAccessPolicy"/>). The lifecycle itself comes from
    /// <c>AddEnvironmentLifecycle</c>. The OpenAPI document is served once the host calls <c>MapEnvOrchestratorApiReference</c>.
    /// </summary>
    public static IServiceCollection AddEnvOrchestratorApi(this IServiceCollection services, Action<EnvOrchestratorApiOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<EnvOrchestratorApiOptions>()
            .Configure(configure ?? (_ => { }))
            .Validate(o => o.MaxBodyBytes > 0 && o.LogPollInterval > TimeSpan.Zero, "Api:MaxBodyBytes and Api:LogPollInterval must be positive.")
            .ValidateOnStart();
        services.AddProblemDetails();
        services.Configure<JsonOptions>(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.TryAddSingleton<IRequestIdentity, HeaderRequestIdentity>();
        services.TryAddSingleton<IProjectAccessPolicy, AllowAllProjectAccessPolicy>();
        services.TryAddSingleton<ProjectAccess>();
        services.AddEnvOrchestratorOpenApi();
        return services;
    }
}
