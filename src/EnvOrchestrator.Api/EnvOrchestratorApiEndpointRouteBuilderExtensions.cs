using EnvOrchestrator.Api.Endpoints;
using EnvOrchestrator.Api.Http;
using EnvOrchestrator.Api.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
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
        var environments = api.MapGroup("/projects/{project}/environments")
            .WithTags(OpenApiTags.Environments)

            // ProjectAccess: every project-scoped endpoint checks the project name, the identity and the access policy.
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        EnvironmentsEndpoints.Map(environments);
        EnvironmentEndpoints.Map(environments);
        EnvironmentActionsEndpoints.Map(environments);
        RunsEndpoints.Map(environments);
        return api;
    }
}
