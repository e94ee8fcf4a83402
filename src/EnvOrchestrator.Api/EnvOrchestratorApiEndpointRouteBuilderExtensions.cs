using EnvOrchestrator.Api.Endpoints;
using EnvOrchestrator.Api.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace EnvOrchestrator.Api;

public static class EnvOrchestratorApiEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the HTTP API under <c>/api</c>: <c>/templates</c> and <c>/projects/{project}/environments/…</c>.
    /// Every endpoint answers errors as RFC 7807 problem details naming the field and the rule.
    /// </summary>
    public static RouteGroupBuilder MapEnvOrchestratorApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup(ApiLinks.Root);
        TemplatesEndpoints.Map(api);
        var environments = api.MapGroup("/projects/{project}/environments");
        EnvironmentsEndpoints.Map(environments);
        EnvironmentEndpoints.Map(environments);
        EnvironmentActionsEndpoints.Map(environments);
        RunsEndpoints.Map(environments);
        return api;
    }
}
